import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CATALOG } from "../../catalog/metrics.ts";
import { INCIDENTS_CSV } from "../../test-support/server.ts";
import { main } from "../main.ts";

/** Runs the CLI in-process and returns what it printed and its exit code. */
async function secmetrics(dir: string, ...args: string[]) {
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await main([
      "node",
      "secmetrics",
      "--db",
      join(dir, "store.db"),
      "--config",
      join(dir, "secmetrics.yaml"),
      ...args,
    ]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { code, stderr: err.join("") };
}

/** `promtool tsdb dump` of the samples matching `selector`, one line each. */
function dump(tsdb: string, selector: string): string[] {
  // dump also reads the write-ahead log, which a backfill does not create.
  mkdirSync(join(tsdb, "wal"), { recursive: true });
  const result = spawnSync("promtool", ["tsdb", "dump", `--match=${selector}`, tsdb], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split("\n").filter(Boolean);
}

/*
 * The fixture: the four incidents of the server tests (INC-4 in August, INC-1
 * to INC-3 in September 2026, INC-3 a drill), read in New York time, exported
 * for July to September. July is before the first record: no value. August
 * and September each have 7 values (mttd, mttr, mttrec, incident_count,
 * sev1_incidents, p0_p1_incidents, incidents_within_sla), the other metrics
 * read sources not imported.
 */
const VALUES = 0 + 7 + 7;
// Every one of the 94 metrics has 5 status and 5 trend samples a period, each of the 48 with a target one target sample.
const SAMPLES = VALUES + 3 * 48 + 3 * 94 * (5 + 5); // 2,978
/** The end of August and of September 2026 in New York (EDT, UTC−4), Unix seconds. */
const END_OF_AUGUST = Date.UTC(2026, 8, 1, 4) / 1000;
const END_OF_SEPTEMBER = Date.UTC(2026, 9, 1, 4) / 1000;

describe("secmetrics export openmetrics", () => {
  let dir: string;
  let text: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-export-"));
    writeFileSync(join(dir, "incidents.csv"), INCIDENTS_CSV);
    writeFileSync(join(dir, "secmetrics.yaml"), "timezone: America/New_York\n");
    expect((await secmetrics(dir, "import", join(dir, "incidents.csv"))).code).toBe(0);
    const exported = await secmetrics(
      dir,
      "export",
      "openmetrics",
      "--from",
      "2026-07",
      "--to",
      "2026-09",
      "--out",
      join(dir, "history.om"),
    );
    expect(exported.stderr).toContain("3 months, 2026-07 to 2026-09");
    expect(exported.code).toBe(0);
    text = readFileSync(join(dir, "history.om"), "utf8");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes one sample per metric and period, stamped with the period's end, absent without a value", () => {
    expect([CATALOG.length, CATALOG.filter((m) => m.target !== null).length]).toEqual([94, 48]);
    expect(text.split("\n").filter((line) => line.startsWith("secmetrics_"))).toHaveLength(SAMPLES);
    // INC-1 and INC-2 detected after 6 and 4 minutes: a mean of 300 s; INC-4's 3 minutes in August.
    expect(text).toContain(
      `secmetrics_kpi_value{id="mttd",category="detection_response",unit="seconds"} 180 ${END_OF_AUGUST}\n` +
        `secmetrics_kpi_value{id="mttd",category="detection_response",unit="seconds"} 300 ${END_OF_SEPTEMBER}\n`,
    );
    // INC-2 (P0) unrecovered past its 4 h SLA, INC-1 recovered: 1 of 2 within SLA.
    expect(text).toContain(
      `secmetrics_kpi_value{id="incidents_within_sla",category="detection_response",unit="percent"} 50 ${END_OF_SEPTEMBER}\n`,
    );
    expect(text).not.toMatch(/secmetrics_kpi_value\{id="false_positive_rate"/);
    expect(text).toContain(
      `secmetrics_kpi_status{id="false_positive_rate",category="detection_response",status="no_data"} 1 ${END_OF_SEPTEMBER}\n`,
    );
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).not.toContain("SecOps");
  });

  it("takes the first period with data when --from is left out", async () => {
    const out = join(dir, "default.om");
    const result = await secmetrics(dir, "export", "openmetrics", "--to", "2026-09", "--out", out);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("2 months, 2026-08 to 2026-09");
  });

  it.each([
    [["--from", "2026-Q3", "--to", "2026-09"], 64, "--from 2026-Q3 is a quarter, not a month"],
    [["--from", "2026-09", "--to", "2026-07"], 64, "2026-09 is after 2026-07"],
    [["--kind", "week", "--from", "2026-W40", "--to", "2026-13"], 64, 'unknown period "2026-13"'],
  ])("refuses %j with exit %i", async (args, code, message) => {
    const out = join(dir, "refused.om");
    const result = await secmetrics(dir, "export", "openmetrics", ...args, "--out", out);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  const promtool = spawnSync("promtool", ["--version"]).status === 0;
  it.skipIf(!promtool)("is backfilled whole by promtool tsdb create-blocks-from openmetrics", () => {
    const tsdb = join(dir, "tsdb");
    const created = spawnSync(
      "promtool",
      ["tsdb", "create-blocks-from", "openmetrics", "--quiet", join(dir, "history.om"), tsdb],
      { encoding: "utf8" },
    );
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(dump(tsdb, '{__name__=~"secmetrics_.+"}')).toHaveLength(SAMPLES);
    expect(dump(tsdb, '{__name__="secmetrics_kpi_value"}')).toHaveLength(VALUES);
    expect(dump(tsdb, '{__name__="secmetrics_kpi_value",id="incident_count"}')).toEqual([
      `{__name__="secmetrics_kpi_value", category="detection_response", id="incident_count", unit="count"} 1 ${END_OF_AUGUST * 1000}`,
      `{__name__="secmetrics_kpi_value", category="detection_response", id="incident_count", unit="count"} 2 ${END_OF_SEPTEMBER * 1000}`,
    ]);
  });
  it.skipIf(!promtool)("passes promtool check metrics", () => {
    const result = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
  if (!promtool)
    console.warn("SKIPPED: promtool export checks — promtool is not installed (Debian: prometheus)");
});
