import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_ROW_REASON, writeAlertsCsv } from "../../test-support/bad-rows.ts";
import { runCliProcess } from "../../test-support/child-cli.ts";
import { runCli } from "../../test-support/cli.ts";

/**
 * A heap far below what keeping every problem of these files takes (some
 * 115 bytes each, as the CLI's 2.3 GB for 20M bad rows showed: 115 MB for 1M),
 * and above what the CLI needs to run: importing them within it shows that
 * memory stays flat in the number of bad rows.
 */
const HEAP_LIMIT = ["--max-old-space-size=64"];

describe("secmetrics import of a file of millions of invalid rows", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-import-many-problems-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses it (65) naming the first 100 problems and counting the rest exactly", {
    timeout: 120_000,
  }, async () => {
    const ROWS = 1_000_000;
    const file = join(dir, "big.csv");
    await writeAlertsCsv(file, ROWS);
    const db = join(dir, "refused.db");
    const result = await runCliProcess(db, ["import", "--format", "alerts-csv", file], HEAP_LIMIT);
    expect(result.code).toBe(65);
    const first = Array.from({ length: 100 }, (_, n) => `big.csv:${n + 2}: ${BAD_ROW_REASON}`);
    expect(result.stderr).toBe(
      `invalid input: ${first.join("\n")}\n… and ${ROWS - 100} more\n` +
        "hint: nothing was imported; fix the rows above or rerun with --skip-invalid (format alerts-csv)\n",
    );
    expect(JSON.parse((await runCli(db, "imports", "--format", "json")).stdout)).toEqual([]);
    const audit = JSON.parse((await runCli(db, "audit", "--format", "json")).stdout);
    expect(audit[0]).toMatchObject({ action: "import.rejected", detail: { problems: ROWS } });
  });

  it("with --skip-invalid imports the good rows and counts the skipped ones exactly", {
    timeout: 120_000,
  }, async () => {
    // Row n is valid when 3 divides n: rows 0, 3, …, 299 997 are 100 000 alerts; the other 200 000 are skipped.
    const ROWS = 300_000;
    const file = join(dir, "mixed.csv");
    await writeAlertsCsv(file, ROWS, 3);
    const db = join(dir, "mixed.db");
    const result = await runCliProcess(
      db,
      ["import", "--format", "alerts-csv", "--skip-invalid", "--no-progress", file],
      HEAP_LIMIT,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^mixed\.csv: imported 100000 records as import #1 \(alerts-csv, /);
    // The first 100 bad rows are n = 1, 2, 4, 5, …, 148, 149 (two of every three), on lines n + 2.
    const first = Array.from({ length: 100 }, (_, k) => Math.floor(k / 2) * 3 + (k % 2) + 1).map(
      (n) => `mixed.csv:${n + 2}: ${BAD_ROW_REASON}`,
    );
    expect(result.stderr).toBe(`skipped 200000 invalid rows:\n${first.join("\n")}\n… and 199900 more\n`);
    const [imported] = JSON.parse((await runCli(db, "imports", "--format", "json")).stdout);
    expect(imported).toMatchObject({ file_name: "mixed.csv", records: 100_000, skipped: 200_000 });
    const audit = JSON.parse((await runCli(db, "audit", "--format", "json")).stdout);
    expect(audit[0]).toMatchObject({
      action: "import",
      detail: { records: 100_000, skipped: 200_000, unreadable: 0 },
    });
  });
});
