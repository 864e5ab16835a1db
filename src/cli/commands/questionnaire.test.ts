import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

const QUESTIONNAIRE = resolve("src/app/fixtures/questionnaire.csv");

/*
 * The answer library fixture alone (no metric data, so no evidence metric
 * is missed): of the 30 questions, 23 matched as questionnaire-fill.test.ts
 * checks by hand; flagged 14 (a metric that does not exist) and 21 (past
 * review) → answered 21, flagged 2, unmatched 7.
 */
describe("secmetrics questionnaire fill", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-questionnaire-"));
    db = join(dir, "store.db");
    const library = join(IMPORTER_FIXTURES, "answer-library/fixtures/answers");
    expect((await runCli(db, "import", "--no-progress", library)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the questionnaire with its answers and prints the coverage", async () => {
    const out = join(dir, "filled.csv");
    const result = await runCli(db, "questionnaire", "fill", QUESTIONNAIRE, "--out", out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("questionnaire.csv: 30 questions");
    expect(result.stderr).toContain("answered from the library  21 (70.0 %)");
    expect(result.stderr).toContain("left for a human           7 (23.3 %)");
    const [header, first, ...rest] = parse(readFileSync(out)) as string[][];
    expect(header).toEqual([
      "id",
      "section",
      "question",
      "answer",
      "short_answer",
      "evidence",
      "frameworks",
      "match_score",
      "matched_question",
      "status",
      "flags",
    ]);
    expect(first?.slice(4)).toEqual([
      "yes",
      "access-control-standard.md; control:AC-2; control:IA-2(1)",
      "SOC 2 CC6.1; ISO 27001 A.8.5",
      "1.00",
      "Do you enforce multi-factor authentication for all employees?",
      "answered",
      "",
    ]);
    expect(rest[19]?.slice(9)).toEqual(["flagged", "past review (due 2026-06-30)"]);
    expect(rest[22]?.slice(3)).toEqual(["", "", "", "", "", "", "unmatched", ""]);
  });

  it("places a fill given --filled-at in its period and judges review dates at it", async () => {
    // On 2026-06-15, question 21's answer (review by 2026-06-30) is not past review yet: 21 + 1 = 22
    // answered of 30; the fill replaces the one above (same questionnaire) and counts in June. The
    // library must be in the store by then: the same folder, read on June 1.
    const library = join(IMPORTER_FIXTURES, "answer-library/fixtures/answers");
    const read = await runCli(db, "import", "--no-progress", "--scanned-at", "2026-06-01T00:00:00Z", library);
    expect(read.code, read.stderr).toBe(0);
    const result = await runCli(
      db,
      "questionnaire",
      "fill",
      QUESTIONNAIRE,
      "--filled-at",
      "2026-06-15T09:00:00Z",
      "--out",
      join(dir, "filled-june.csv"),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("answered from the library  22 (73.3 %)");
    const kpis = await runCli(db, "kpis", "--period", "2026-06", "--format", "json");
    const { metrics } = JSON.parse(kpis.stdout) as { metrics: { id: string; value: number | null }[] };
    expect(metrics.find((m) => m.id === "questionnaire_deflection_rate")?.value).toBeCloseTo(
      (22 / 30) * 100,
      10,
    );
  });

  it("refuses a questionnaire without a question column", async () => {
    const result = await runCli(
      db,
      "questionnaire",
      "fill",
      join(IMPORTER_FIXTURES, "deals/fixtures/deals.csv"),
    );
    expect(result.stderr).toContain("deals.csv:1: no `question` column in the header row");
    expect(result.code).toBe(65);
  });
});
