import { createReadStream, readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { MaturityAnswer } from "../../domains/maturity/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { sammCsv, sammYaml } from "./samm.ts";

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
