import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";

const DECISIONS = ["--decision", "Patch every build host", "--decision", "Security keys for finance"];

describe("secmetrics review and report quarterly", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-review-"));
    db = join(dir, "store.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const record = (...args: string[]) =>
    runCli(db, "review", "record", "--quarter", "2026-Q3", "--reviewed-by", "CISO", ...args);

  it("records a review, then updates it when recorded again", async () => {
    const first = await record("--date", "2026-10-14T09:00:00Z", ...DECISIONS);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe(
      "recorded the 2026-Q3 review by CISO on 2026-10-14T09:00:00.000Z: 2 decisions\n",
    );
    const again = await record("--date", "2026-10-14T09:00:00Z", "--decision", "Patch every build host");
    expect(again.stdout).toBe("updated the 2026-Q3 review by CISO on 2026-10-14T09:00:00.000Z: 1 decision\n");
  });

  it("refuses a review without a decision with exit 64, recording nothing", async () => {
    const refused = await record("--date", "2026-10-15T09:00:00Z");
    expect(refused.code).toBe(64);
    expect(refused.stderr).toBe(
      'error: no decision given\nhint: give each decision with --decision, e.g. --decision "keep the targets"\n',
    );
    const listed = JSON.parse((await runCli(db, "review", "list", "--format", "json")).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      quarter: "2026-Q3",
      reviewed_by: "CISO",
      reviewed_at: "2026-10-14T09:00:00.000Z",
      decisions: ["Patch every build host"],
    });
  });

  it("writes the quarterly pack with the review, and refuses --quarter for another report", async () => {
    const pack = await runCli(db, "report", "quarterly", "--quarter", "2026-Q3", "--format", "json");
    expect(pack.code).toBe(0);
    const model = JSON.parse(pack.stdout);
    expect(model).toMatchObject({ kind: "quarterly", months: ["2026-07", "2026-08", "2026-09"] });
    expect(model.review.summary).toBe("Reviewed by CISO on 2026-10-14 09:00 UTC.");
    const wrong = await runCli(db, "report", "scorecard", "--quarter", "2026-Q3");
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toBe(
      "error: --quarter is for the quarterly report, not the scorecard\nhint: give the quarter as --period 2026-Q3\n",
    );
  });
});
