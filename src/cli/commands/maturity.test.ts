import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../importers/samm/fixtures/${name}`, import.meta.url));

/*
 * The payments team's assessments (April and October 2026) and the mobile
 * team's first (October), with the default targets (Defined: 1.5) and
 * Design weighing 2: the scores are those of domains/maturity/pack.test.ts.
 */
describe("secmetrics maturity", () => {
  let dir: string;
  let db: string;
  let config: string;
  const maturity = (...args: string[]) => runCli(db, "--config", config, "maturity", ...args);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-maturity-"));
    db = join(dir, "store.db");
    config = join(dir, "secmetrics.yaml");
    writeFileSync(config, "maturity:\n  function_weights: { Design: 2 }\n");
    const imported = await runCli(
      db,
      "import",
      "--no-progress",
      fixture("payments-2026-04.yaml"),
      fixture("reassessment-2026-10.csv"),
    );
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints one scope's practices with the change since April, and its roadmap", async () => {
    const { code, stdout } = await maturity("--scope", "payments");
    expect(code).toBe(0);
    expect(stdout).toContain("payments: assessed 2026-10-14 by Dana Reyes (previous 2026-04-15)");
    expect(stdout).toMatch(/D-TA Threat Assessment\s+│ 1\.00\s+│ Developing │ \+0\.88/);
    expect(stdout).not.toContain("mobile");
  });

  it("gives the roadmap in JSON, each step with its action item, Design's gaps first", async () => {
    const { stdout } = await maturity("--scope", "payments", "--format", "json");
    const { scopes, roadmap } = JSON.parse(stdout);
    expect(scopes[0].assessed_at).toBe("2026-10-14T00:00:00.000Z");
    // Priorities: V-AA 1.125 × 1; D-TA (1.0 → 1.5) .5 × 2 = 1 and V-RT 1 × 1 = 1, the larger gap
    // (V-RT) first; then O-OM .75 and G-EG .625.
    expect(roadmap.map((gap: { practice: string }) => gap.practice).slice(0, 5)).toEqual([
      "V-AA",
      "V-RT",
      "D-TA",
      "O-OM",
      "G-EG",
    ]);
    expect(roadmap[2].action_item).toMatchObject({
      external_id: "maturity:payments:D-TA:1.50",
      origin: "maturity",
      origin_ref: "payments/D-TA",
      status: "open",
      priority: "3",
    });
  });

  it("writes the roadmap as an action items register that imports as one", async () => {
    const register = join(dir, "roadmap.csv");
    expect((await maturity("--scope", "payments", "--format", "csv", "--out", register)).code).toBe(0);
    const imported = await runCli(db, "import", "--no-progress", "--feed", "maturity-roadmap", register);
    expect(imported.code, imported.stderr).toBe(0);
    // 9 practices of payments below 1.5 in October (pack.test.ts).
    expect(imported.stdout).toContain("imported 9 records");
    expect(imported.stdout).toContain("action-items-csv");
  });

  it("names the assessed scopes when asked for another", async () => {
    const { code, stderr } = await maturity("--scope", "web");
    expect(code).not.toBe(0);
    expect(stderr).toContain('no SAMM assessment of scope "web"');
    expect(stderr).toContain("assessed scopes: mobile, payments");
  });
});
