import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { DEFAULT_MATURITY_BANDS } from "../../config/maturity.ts";
import { SAMM_PRACTICES, SAMM_QUESTION_ID } from "./records.ts";
import { SAMM_MODEL } from "./samm-model/samm-model.ts";
import { levelOf, targetOf } from "./scoring.ts";

describe("the SAMM v2 model the importers check answers against", () => {
  it("has the fifteen practices the records name, two streams each, six questions each", () => {
    expect(SAMM_MODEL.practices.map((practice) => practice.code)).toEqual([...SAMM_PRACTICES]);
    for (const practice of SAMM_MODEL.practices)
      expect(practice.streams.map((s) => s.letter)).toEqual(["A", "B"]);
    expect(SAMM_MODEL.questions).toHaveLength(90);
    expect(SAMM_MODEL.questions.every((question) => SAMM_QUESTION_ID.test(question.id))).toBe(true);
  });
});

describe("bands and targets", () => {
  it.each([
    [0, "Initial"],
    [0.49, "Initial"],
    [0.5, "Developing"],
    [1.5, "Defined"],
    [2.25, "Managed"],
    [2.75, "Optimizing"],
    [3, "Optimizing"],
  ])("a score of %s is %s", (score, level) => {
    expect(levelOf(score, DEFAULT_MATURITY_BANDS)).toBe(level);
  });

  it("reads a target as a score or as a band's lower bound, the default for the rest", () => {
    const { maturity } = parseConfig({
      maturity: { targets: { default: 1, "G-SM": "Managed", "D-TA": 2.5 } },
    });
    expect([targetOf("G-SM", maturity), targetOf("D-TA", maturity), targetOf("O-OM", maturity)]).toEqual([
      2.25, 2.5, 1,
    ]);
    expect(targetOf("O-OM", parseConfig({}).maturity)).toBe(1.5);
  });

  it("refuses a target level no band has, and bands that do not ascend from 0", () => {
    expect(() => parseConfig({ maturity: { targets: { "G-SM": "Expert" } } })).toThrow(/Expert/);
    expect(() =>
      parseConfig({
        maturity: {
          bands: [
            { level: "Low", from: 0 },
            { level: "High", from: 0 },
          ],
        },
      }),
    ).toThrow(/ascend/);
    expect(() => parseConfig({ maturity: { bands: [{ level: "Low", from: 1 }] } })).toThrow(/starts at 0/);
  });
});
