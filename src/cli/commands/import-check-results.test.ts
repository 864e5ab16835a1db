import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

/* `secmetrics import` of ASFF and kube-bench JSON: findings that are not checks listed as left out, bad input refused (65) with nothing stored, a kube-bench run per node and time. */
describe("secmetrics import of ASFF and kube-bench JSON", () => {
  let dir: string;
  let db: string;
  const fixture = (path: string) => JSON.parse(readFileSync(join(IMPORTER_FIXTURES, path), "utf8"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const imports = async () =>
    JSON.parse((await runCli(db, "imports", "--format", "json")).stdout) as {
      records: number;
      skipped: number;
    }[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-check-results-"));
    db = join(dir, "store.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports a Security Hub export's control findings and lists the GuardDuty finding it leaves out", async () => {
    // One GuardDuty finding (no Compliance) and the two FSBP findings of five resources.
    const mixed = {
      Findings: [
        fixture("asff/fixtures/securityhub-guardduty.json").Findings[0],
        ...fixture("asff/fixtures/securityhub-config_multiple_resources.json").findings,
      ],
    };
    const path = file("export.json", JSON.stringify(mixed, null, 2));
    // Left out as another kind of finding, not unreadable: --strict takes the file.
    const result = await runCli(db, "import", "--no-progress", "--strict", path);
    expect(result.code ?? 0).toBe(0);
    expect(result.stdout).toMatch(/imported 5 records as import #1 \(asff,/);
    expect(result.stderr).toMatch(
      /^left out 1 entry that asff does not import:\n.*export\.json:\d+: GuardDuty finding without Compliance\.Status: not a check result\n$/,
    );
    expect((await imports()).map((i) => [i.records, i.skipped])).toEqual([[5, 0]]);
    // controls_health for March 2024 (both findings' UpdatedAt is 2024-03-09): EC2.2 is HIGH, so Tier 1
    // by default, and fails on its 3 resources; S3.8 is MEDIUM, no tier, not counted. 0 of 3 assets healthy.
    const kpis = JSON.parse((await runCli(db, "kpis", "--period", "2024-03", "--format", "json")).stdout);
    const health = kpis.metrics.find((m: { id: string }) => m.id === "controls_health");
    expect([health.value, health.details]).toEqual([
      0,
      { healthy_assets: 0, assets: 3, out_of_scope_assets: null, unassessed_assets: null },
    ]);
    const again = await runCli(db, "import", "--no-progress", path);
    expect(again.stdout).toContain("already imported as import #1 (asff)");
  });

  it("refuses an export of GuardDuty findings only (65), saying what it left out, unless --allow-empty", async () => {
    // jq '.Findings | map(select(.Compliance == null)) | length' securityhub-guardduty.json → 4 (all of them)
    const path = join(IMPORTER_FIXTURES, "asff/fixtures/securityhub-guardduty.json");
    const refused = await runCli(db, "import", "--no-progress", path);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toMatch(
      /securityhub-guardduty\.json:\d+: GuardDuty finding without Compliance\.Status/,
    );
    expect(refused.stderr).toContain("no records in it as asff, only entries it leaves out");
    expect(await imports()).toHaveLength(1);
    const taken = await runCli(db, "import", "--no-progress", "--allow-empty", path);
    expect(taken.stdout).toMatch(/imported 0 records as import #2 \(asff,/);
    expect(taken.stderr).toMatch(/^left out 4 entries that asff does not import:\n/);
    expect((await imports()).map((i) => [i.records, i.skipped])).toEqual([
      [5, 0],
      [0, 0],
    ]);
  });

  it("refuses a truncated export (65), naming its line, and stores nothing", async () => {
    const path = file(
      "cut.json",
      '{"Findings": [\n  {"SchemaVersion": "2018-10-08",\n   "ProductArn": "arn:aws:securityhub:',
    );
    const result = await runCli(db, "import", "--no-progress", "--format", "asff", path);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(/cut\.json:3: invalid JSON/);
    expect(await imports()).toHaveLength(2);
  });

  it("imports kube-bench JSON only with the node and the time of the run", async () => {
    const path = join(IMPORTER_FIXTURES, "kube-bench/fixtures/kube-bench-cis-1.5-array.json");
    const refused = await runCli(db, "import", "--no-progress", path);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain("kube-bench JSON names no node: give the node with --target");
    expect(await imports()).toHaveLength(2);
    const run = ["--target", "node-1", "--scanned-at", "2026-09-01T10:00:00Z"];
    const result = await runCli(db, "import", "--no-progress", ...run, path);
    // jq '[.[].tests[].results[]] | length' → 3
    expect(result.stdout).toMatch(/imported 3 records as import #\d+ \(kube-bench,/);
    // The JSON names no node and no time: the same bytes from another node, or from a later run
    // that found nothing changed, are another run, imported beside the first (3 results each).
    const node2 = ["--target", "node-2", "--scanned-at", "2026-09-01T10:00:00Z"];
    const later = ["--target", "node-1", "--scanned-at", "2026-09-08T10:00:00Z"];
    expect((await runCli(db, "import", "--no-progress", ...node2, path)).stdout).toMatch(
      /imported 3 records as import #\d+ \(kube-bench,/,
    );
    expect((await runCli(db, "import", "--no-progress", ...later, path)).stdout).toMatch(
      /imported 3 records/,
    );
    // Each run imported again changes nothing.
    for (const given of [run, node2, later]) {
      const again = await runCli(db, "import", "--no-progress", ...given, path);
      expect(again.stdout).toMatch(/already imported as import #\d+ \(kube-bench\); nothing changed/);
    }
    const runs = (await imports()).slice(2) as unknown as { feed: string; options: Record<string, string> }[];
    expect(runs.map((i) => [i.feed, i.options.target, i.options.scanned_at])).toEqual([
      ["kube-bench", "node-1", "2026-09-01T10:00:00.000Z"],
      ["kube-bench", "node-2", "2026-09-01T10:00:00.000Z"],
      ["kube-bench", "node-1", "2026-09-08T10:00:00.000Z"],
    ]);
    // One run given another option that is no part of its identity is still refused (73).
    const widened = await runCli(db, "import", "--no-progress", ...run, "--covers-until", "2026-09-02", path);
    expect(widened.code).toBe(73);
    expect(widened.stderr).toContain("already imported as import #3 with --scanned-at");
  });
});
