import { createReadStream, readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_MATURITY_BANDS } from "../../config/maturity.ts";
import type { MaturityAnswer } from "../../domains/maturity/records.ts";
import { assessmentsOf, practiceScores } from "../../domains/maturity/scoring.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { rangeValues, readWorkbook } from "../shared/xlsx.ts";
import { cellText } from "../shared/xlsx-sheet.ts";
import { sammCsv, sammToolbox, sammYaml } from "./samm.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<MaturityAnswer>>, input: Readable) {
  const items: RecordItem<MaturityAnswer>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "assessment" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("SAMM assessment, YAML (hand-made fixture payments-2026-04.yaml)", () => {
  it("reads 89 answers (grep -c 'question:' gives 89: O-OM-3-B left out), the top-level fields inherited", async () => {
    const { records, problems } = await parse(sammYaml, createReadStream(fixture("payments-2026-04.yaml")));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(89);
    expect(records.some((r) => r.question === "O-OM-3-B")).toBe(false);
    expect(records.find((r) => r.question === "D-TA-1-A")).toEqual({
      kind: "maturity_answer",
      feed: "samm",
      external_id: "payments|2026-04-15T00:00:00.000Z|D-TA-1-A",
      scope: "payments",
      assessed_at: Date.parse("2026-04-15T00:00:00Z"),
      assessor: "Dana Reyes",
      question: "D-TA-1-A",
      answer: 0.25,
      notes: "Risk classification only for the card-processing services",
    });
  });

  it("is detected by its top-level scope and answers list", () => {
    const head = readFileSync(fixture("payments-2026-04.yaml"), "utf8");
    expect(sammYaml.detect({ name: "payments-2026-04.yaml", head })).toBe(true);
    expect(sammYaml.detect({ name: "register.yaml", head: "exceptions:\n  - id: EX-1\n" })).toBe(false);
  });
});

describe("SAMM assessment, CSV (hand-made fixture reassessment-2026-10.csv)", () => {
  it("reads 93 answers: 90 of payments and 3 of mobile (wc -l gives 94 lines, the header one)", async () => {
    const { records, problems } = await parse(sammCsv, createReadStream(fixture("reassessment-2026-10.csv")));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(93);
    expect(records.filter((r) => r.scope === "payments")).toHaveLength(90);
    expect(
      records.filter((r) => r.scope === "mobile").map((r) => [r.question, r.answer, r.assessor]),
    ).toEqual([
      ["I-SB-1-A", 1, "Sam Okafor"],
      ["I-SB-1-B", 1, "Sam Okafor"],
      ["I-SD-1-A", 0.5, "Sam Okafor"],
    ]);
  });

  it("refuses rows with an answer or question SAMM does not have, and without scope or date, naming the line", async () => {
    const { records, problems } = await parse(sammCsv, createReadStream(fixture("invalid.csv")));
    expect(records.map((r) => r.question)).toEqual(["G-SM-1-A"]);
    expect(problems).toEqual([
      { line: 3, problem: 'answer: "0.3" is not one of SAMM\'s answer values 0, 0.25, 0.5, 1' },
      {
        line: 4,
        problem: 'question: "D-XX-1-A" is not a SAMM v2 question id (practice-level-stream, e.g. D-TA-1-A)',
      },
      { line: 5, problem: "scope is required" },
      { line: 6, problem: 'assessed_at: "mid-october" is not an ISO 8601 timestamp' },
    ]);
  });
});

describe("SAMM toolbox (.xlsx, OWASP's toolbox filled through LibreOffice: payments-toolbox-2026-10.xlsx)", () => {
  const file = fixture("payments-toolbox-2026-10.xlsx");

  it("reads 88 answers: the toolbox's 90 questions less the 2 left blank (G-SM-B-2-1, I-SB-B-1-1)", async () => {
    const { records, problems } = await parse(sammToolbox, createReadStream(file));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(88);
    expect(records.some((r) => r.question === "G-SM-2-B" || r.question === "I-SB-1-B")).toBe(false);
    // Interview row 18: G-SM-A-1-1, "Yes, it covers risks and opportunities" (answer set N's 4th: 1), with a note.
    expect(records[0]).toEqual({
      kind: "maturity_answer",
      feed: "samm",
      external_id: "payments|2026-10-14T00:00:00.000Z|G-SM-1-A",
      scope: "payments",
      assessed_at: Date.parse("2026-10-14T00:00:00Z"),
      assessor: "Dana Reyes",
      question: "G-SM-1-A",
      answer: 1,
      notes: "Risk appetite documented by the CFO in 2025",
    });
    // Row 20: G-SM-A-2-1, "Yes, we consult the plan before making significant decisions" (set O's 3rd: 0.5).
    expect(records[1]).toMatchObject({ question: "G-SM-2-A", answer: 0.5, notes: null });
  });

  it("gives the practice scores the toolbox itself computed (its Scorecard's cached values, C14:C28)", async () => {
    const { records } = await parse(sammToolbox, createReadStream(file));
    const [assessment] = assessmentsOf(records);
    if (!assessment) throw new Error("no assessment");
    const ours = practiceScores(assessment, DEFAULT_MATURITY_BANDS);
    const scorecard = rangeValues(readWorkbook(readFileSync(file), file), "Scorecard!B14:C28") ?? [];
    // The Scorecard lists SAMM's 15 practices in the model's order, named a little differently ("&", "Requirements Testing").
    expect(scorecard.map(([name]) => cellText(name).split(/[ -]/)[0])).toEqual(
      ours.map((practice) => practice.name.split(/[ -]/)[0]),
    );
    expect(scorecard.map(([, score]) => score)).toEqual(ours.map((practice) => practice.score));
    /*
     * By hand, Strategy & Metrics: stream A answers 1, 0.5, 0.25 (levels 1–3),
     * stream B 0, blank (counted 0), 0.5: levels (1+0)/2 + (0.5+0)/2 +
     * (0.25+0.5)/2 = 0.5 + 0.25 + 0.375 = 1.125, as the Scorecard's C14.
     */
    expect(ours[0]).toMatchObject({ practice: "G-SM", score: 1.125, unanswered: 1 });
    expect(scorecard[0]).toEqual(["Strategy & Metrics", 1.125]);
  });

  it("refuses an answer that is not one of its question's set, naming the Interview row (hand-edited invalid-toolbox.xlsx)", async () => {
    const { records, problems } = await parse(sammToolbox, createReadStream(fixture("invalid-toolbox.xlsx")));
    expect(records).toHaveLength(87);
    expect(problems).toEqual([
      { line: 20, problem: 'answer: "Maybe" is not one of SAMM\'s answer values 0, 0.25, 0.5, 1' },
    ]);
  });

  it("reads no answer from the blank toolbox as OWASP publishes it (written by Excel)", async () => {
    const { records, problems } = await parse(
      sammToolbox,
      createReadStream(fixture("samm-toolbox-template.xlsx")),
    );
    expect([records, problems]).toEqual([[], []]);
  });

  it("is detected by the toolbox's sheet names, whether the zip gives sizes before (Excel) or after (LibreOffice) each entry", () => {
    for (const name of ["payments-toolbox-2026-10.xlsx", "samm-toolbox-template.xlsx"]) {
      const bytes = readFileSync(fixture(name)).subarray(0, 65_536);
      expect(sammToolbox.detect({ name, head: bytes.toString("utf8"), bytes })).toBe(true);
    }
    const csv = readFileSync(fixture("reassessment-2026-10.csv"));
    expect(
      sammToolbox.detect({ name: "reassessment-2026-10.csv", head: csv.toString("utf8"), bytes: csv }),
    ).toBe(false);
  });
});
