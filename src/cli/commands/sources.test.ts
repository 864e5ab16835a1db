import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

describe("secmetrics sources", () => {
  let dir: string;
  let db: string;
  let config: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-sources-cli-"));
    db = join(dir, "store.db");
    mkdirSync(join(dir, "logs"));
    mkdirSync(join(dir, "incidents"));
    // fail2ban's own sshd test log, trimmed: 11 records (sshd.test.ts counts them by hand).
    copyFileSync(
      join(IMPORTER_FIXTURES, "sshd/fixtures/fail2ban-sshd-excerpt.log"),
      join(dir, "logs", "auth.log"),
    );
    // Hand-made: every row but the last is invalid, so the file is refused whole.
    copyFileSync(
      join(IMPORTER_FIXTURES, "incidents/fixtures/incidents-bad-rows.csv"),
      join(dir, "incidents", "incidents-bad-rows.csv"),
    );
    config = join(dir, "secmetrics.yaml");
    writeFileSync(
      config,
      `sources:
  - name: auth
    kind: files
    path: ${join(dir, "logs", "*.log")}
    format: sshd
    schedule: "0 * * * *"
  - name: incidents
    kind: files
    path: ${join(dir, "incidents")}
    schedule: "30 6 * * 1-5"
    timezone: Europe/Berlin
  - name: tls
    kind: probe
    probe: tls
    targets: ["127.0.0.1:1"]
    schedule: "0 3 * * *"
    enabled: false
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists each source's schedule and next run, before any store exists", async () => {
    const before = Date.now();
    const { code, stdout } = await runCli(db, "-c", config, "sources", "list", "--format", "json");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as {
      name: string;
      timezone: string;
      next_run: string | null;
      last_run?: unknown;
    }[];
    expect(rows.map((r) => [r.name, r.timezone, r.last_run ?? null])).toEqual([
      ["auth", "UTC", null],
      ["incidents", "Europe/Berlin", null],
      ["tls", "UTC", null],
    ]);
    // Hourly: the next whole hour after now; disabled: none.
    const next = Date.parse(rows[0]?.next_run ?? "");
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(3_600_000);
    expect(new Date(next).getUTCMinutes()).toBe(0);
    expect(rows[2]?.next_run).toBeNull();
  });

  it("runs a source now, and again without re-importing the same file", async () => {
    const first = await runCli(db, "-c", config, "sources", "run", "auth");
    expect(first).toMatchObject({
      code: 0,
      stdout: "auth: ok as run #1: 1 imported (11 records), 0 unchanged\n",
    });
    const again = await runCli(db, "-c", config, "sources", "run", "auth");
    expect(again.stdout).toBe("auth: ok as run #2: 0 imported (0 records), 1 unchanged\n");
  });

  it("fails a run whose file is refused, naming file, line and reason, and shows it in imports", async () => {
    const { code, stdout, stderr } = await runCli(db, "-c", config, "sources", "run", "incidents");
    expect(code).toBe(65);
    expect(stdout).toContain(
      'incidents-bad-rows.csv:2: detected_at: "yesterday" is not an ISO 8601 timestamp',
    );
    expect(stderr).toContain("incidents: failed");
    const imports = await runCli(db, "-c", config, "imports");
    expect(imports.stdout).toContain("Sources whose last run failed:");
    expect(imports.stdout).toMatch(/incidents .*failed .*incidents-bad-rows\.csv:2/);
    const list = await runCli(db, "-c", config, "sources", "list");
    expect(list.stdout).toMatch(/incidents .*failed/);
  });

  it("lists the latest source runs beside the imports with --source-runs, the imports' JSON unchanged without", async () => {
    const plain = JSON.parse((await runCli(db, "-c", config, "imports", "--format", "json")).stdout);
    // The two runs of auth imported one file between them; incidents imported none.
    expect(plain.map((i: { file_name: string }) => i.file_name)).toEqual(["auth.log"]);
    const { code, stdout } = await runCli(db, "-c", config, "imports", "--format", "json", "--source-runs");
    expect(code).toBe(0);
    const history = JSON.parse(stdout);
    expect(history.imports).toEqual(plain);
    // The three runs above, the latest first; by hand, so due at no instant.
    expect(
      history.source_runs.map((r: Record<string, unknown>) => [
        r.id,
        r.source,
        r.due_at,
        r.outcome,
        r.imported,
        r.unchanged,
        r.records,
      ]),
    ).toEqual([
      [3, "incidents", null, "failed", 0, 0, 0],
      [2, "auth", null, "ok", 0, 1, 0],
      [1, "auth", null, "ok", 1, 0, 11],
    ]);
    expect(history.source_runs[0].error).toContain("incidents-bad-rows.csv:2: detected_at:");
    expect(history.source_runs[0].started_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const table = await runCli(db, "-c", config, "imports", "--source-runs");
    expect(table.stdout).toContain("Latest source runs:");
    expect(table.stdout).toMatch(/│ auth +│ by hand +│ [^│]+│ ok +│ 1\/0\/11 /);
  });

  it("refuses a source it does not know, and a schedule that is not cron, naming the source", async () => {
    const unknown = await runCli(db, "-c", config, "sources", "run", "nightly");
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toContain("no source named nightly");
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, 'sources:\n  - {name: nightly, kind: files, path: x, schedule: "0 6 * *"}\n');
    const invalid = await runCli(db, "-c", bad, "sources", "list");
    expect(invalid.code).toBe(78);
    expect(invalid.stderr).toContain('source nightly: "0 6 * *" has 4 fields; a cron schedule has 5');
  });
});
