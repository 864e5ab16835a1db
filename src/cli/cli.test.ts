import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, requireBuiltCli, secmetrics } from "../test-support/cli.ts";

const INCIDENTS = `id,title,severity,started_at,detected_at,responded_at,recovered_at,synthetic
INC-1,Phishing,SEV2,2026-09-02T10:00:00Z,2026-09-02T10:06:00Z,2026-09-02T10:26:00Z,2026-09-02T12:00:00Z,false
INC-2,Exposed key,P0,2026-09-10T08:00:00Z,2026-09-10T08:04:00Z,,,false
INC-3,Drill,SEV3,2026-09-15T09:00:00Z,2026-09-15T09:01:00Z,2026-09-15T09:05:00Z,2026-09-15T09:30:00Z,true
`;

// The alert feed runs to 09-28, within its 7-day cadence of September's end: September is not stale.
const ALERTS = [
  { id: "A1", created_at: "2026-09-02T10:05:00Z", disposition: "true_positive", incident_id: "INC-1" },
  { id: "A2", created_at: "2026-09-03T10:05:00Z", disposition: "false_positive" },
  { id: "A3", created_at: "2026-09-28T10:05:00Z", disposition: "open" },
]
  .map((a) => JSON.stringify(a))
  .join("\n");

beforeAll(requireBuiltCli);

describe("secmetrics CLI, end to end", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-"));
    writeFileSync(join(dir, "incidents.csv"), INCIDENTS);
    writeFileSync(join(dir, "alerts.ndjson"), ALERTS);
    writeFileSync(
      join(dir, "bad.csv"),
      "id,detected_at,severity\nX-1,2026-09-01T00:00:00Z,high\nX-2,yesterday,urgent\n",
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports files atomically and idempotently", () => {
    const first = secmetrics(dir, "import", "incidents.csv", "alerts.ndjson");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("incidents.csv: imported 3 records as import #1 (incidents-csv");
    expect(first.stdout).toContain("alerts.ndjson: imported 3 records as import #2 (alerts-json");

    const again = secmetrics(dir, "import", "incidents.csv");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already imported as import #1");

    const bad = secmetrics(dir, "import", "bad.csv");
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain('bad.csv:3: detected_at: "yesterday" is not an ISO 8601 timestamp');
    expect(bad.stderr).toContain('unknown severity "urgent"');
    const imports = JSON.parse(secmetrics(dir, "imports", "--format", "json").stdout);
    expect(imports).toHaveLength(2);
  });

  it("prints the period's KPIs as JSON with the documented fields", () => {
    const { code, stdout } = secmetrics(dir, "kpis", "--period", "2026-09", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.period).toMatchObject({
      id: "2026-09",
      start: "2026-09-01T00:00:00.000Z",
      end: "2026-10-01T00:00:00.000Z",
    });
    const byId = Object.fromEntries(report.metrics.map((m: { id: string }) => [m.id, m]));
    // mttd over INC-1 (6 min) and INC-2 (4 min); the drill INC-3 is apart: (360 + 240) / 2 = 300 s.
    expect(byId.mttd).toMatchObject({ value: 300, n: 2, status: "missed", trend: "baseline_set" });
    // mttr: INC-1 responded after 20 min = 1200 s; INC-2 still open.
    expect(byId.mttr).toMatchObject({ value: 1200, n: 1, open: 1 });
    expect(byId.sev1_incidents).toMatchObject({ value: 1, status: "missed" });
    // 1 of 3 alerts escalated = 33.3…%; 1 false positive of 2 triaged = 50%.
    expect(byId.alert_to_incident_ratio.value).toBeCloseTo(100 / 3, 10);
    expect(byId.false_positive_rate).toMatchObject({ value: 50, n: 2 });
    expect(byId.open_vulnerabilities).toMatchObject({ value: null, n: null, status: "no_data" });
  });

  it("writes the reports and drills down to the source lines", () => {
    expect(secmetrics(dir, "report", "iteration", "--period", "2026-09", "--out", "iteration.md").code).toBe(
      0,
    );
    const markdown = readFileSync(join(dir, "iteration.md"), "utf8");
    expect(markdown).toContain("Incident Response");
    expect(markdown).toContain("Recommendations");
    expect(
      secmetrics(dir, "report", "scorecard", "--period", "2026-09", "--format", "html", "--out", "s.html")
        .code,
    ).toBe(0);
    expect(readFileSync(join(dir, "s.html"), "utf8")).toMatch(/^<!doctype html>/i);

    const drill = JSON.parse(
      secmetrics(dir, "drill", "mttr", "--period", "2026-09", "--format", "json").stdout,
    );
    expect(
      drill.rows.map((r: { id: string; counted: boolean; note: string | null }) => [r.id, r.counted, r.note]),
    ).toEqual([
      ["INC-1", true, null],
      ["INC-2", false, "open: no responded_at yet"],
      ["INC-3", false, "drill: reported apart"],
    ]);
    expect(drill.rows[0].provenance).toMatchObject({ file_name: "incidents.csv", line: 2 });
  });

  it("lints the catalog: no owners is an error, the starter config fixes it", () => {
    const unowned = secmetrics(dir, "catalog", "lint", "--no-data");
    expect(unowned.code).toBe(1);
    expect(unowned.stdout).toContain("measuring_without_ownership: mttd has no owner");
    expect(secmetrics(dir, "init").code).toBe(0);
    expect(secmetrics(dir, "init").code).toBe(73);
    const owned = secmetrics(dir, "catalog", "lint", "--no-data");
    expect(owned.stdout).toMatch(/^0 errors, \d+ warnings$/m);
    expect(owned.code).toBe(0);
  });

  it("states the control chart of each metric in the catalog", () => {
    const json = secmetrics(dir, "catalog", "--format", "json");
    expect(json.code).toBe(0);
    const charts = Object.fromEntries(
      (JSON.parse(json.stdout) as { id: string; chart: string }[]).map((m) => [m.id, m.chart]),
    );
    expect(charts).toMatchObject({
      token_expiry_compliance: "p",
      incident_count: "c",
      failed_login_rate: "u",
      mttd: "xmr",
      open_vulnerabilities: "xmr",
    });
    const table = secmetrics(dir, "catalog").stdout;
    expect(table).toMatch(/│ Unit +│ Chart +│ Sources/);
    expect(table).toMatch(/│ token_expiry_compliance .*│ percent +│ p +│/);
  });

  it("rejects bad usage with exit 64 and a hint", () => {
    const result = secmetrics(dir, "kpis", "--period", "September");
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('unknown period "September"');
    const nested = secmetrics(dir, "catalog", "lint", "--format", "xml");
    expect(nested.code).toBe(64);
    expect(nested.stderr).toContain("argument 'xml' is invalid");
  });
});

describe("secmetrics import DIR, end to end", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-dir-"));
    mkdirSync(join(dir, "exports", "older"), { recursive: true });
    cpSync(join(IMPORTER_FIXTURES, "alerts", "fixtures", "alerts.json"), join(dir, "exports", "alerts.json"));
    cpSync(
      join(IMPORTER_FIXTURES, "incidents", "fixtures", "incidents.csv"),
      join(dir, "exports", "older", "incidents.csv"),
    );
    writeFileSync(join(dir, "exports", ".notes"), "not data");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports each file below the directory on its own, in path order, skipping dot-files", () => {
    const first = secmetrics(dir, "import", "exports");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^alerts\.json: imported 2 records as import #1 \(alerts-json, sha256 \w{12}\)$/,
    );
    expect(lines[1]).toMatch(
      /^older\/incidents\.csv: imported 4 records as import #2 \(incidents-csv, sha256 \w{12}\)$/,
    );

    const again = secmetrics(dir, "import", "exports");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      "alerts.json: already imported as import #1 (alerts-json); nothing changed\n" +
        "older/incidents.csv: already imported as import #2 (incidents-csv); nothing changed\n",
    );
  });
});

describe("secmetrics findings --status fixed, end to end", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-findings-"));
    const report = JSON.parse(
      readFileSync(join(IMPORTER_FIXTURES, "zap", "fixtures", "full-scan-2.16.1.json"), "utf8"),
    );
    writeFileSync(join(dir, "zap-1.json"), JSON.stringify(report));
    // The next day's scan without the CORS alert (40040-2, 4 instances).
    report.created = "2025-09-12T20:41:04Z";
    report.site[0].alerts = report.site[0].alerts.filter(
      (a: { alertRef: string }) => a.alertRef !== "40040-2",
    );
    writeFileSync(join(dir, "zap-2.json"), JSON.stringify(report));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the fixed findings as fixed", () => {
    expect(secmetrics(dir, "import", "zap-1.json", "zap-2.json").code).toBe(0);
    const fixed = secmetrics(dir, "findings", "--status", "fixed", "--format", "json");
    expect(fixed.code).toBe(0);
    // jq '[.site[].alerts[] | select(.alertRef == "40040-2") | .instances[]] | length' → 4
    const rows = JSON.parse(fixed.stdout).rows;
    expect(
      rows.map((r: { vulnerability_id: string; status: string; state: string; triage_status: string }) => [
        r.vulnerability_id,
        r.status,
        r.state,
        r.triage_status,
      ]),
    ).toEqual(Array(4).fill(["40040-2", "fixed", "fixed", "open"]));
    // 28 instances in the first scan, less the 4 fixed: 24 open; judged now, more than 30 days
    // after the site's last scan (2025-09-12), so shown as not rescanned.
    const open = JSON.parse(secmetrics(dir, "findings", "--format", "json").stdout).rows;
    expect(open).toHaveLength(24);
    expect(new Set(open.map((r: { state: string }) => r.state))).toEqual(new Set(["not_rescanned"]));
    const table = secmetrics(dir, "findings", "--status", "fixed").stdout;
    expect(table).toContain("fixed 2025-09-12");
  });
});

describe("secmetrics findings under an exception in force, end to end", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-accepted-"));
    cpSync(join(IMPORTER_FIXTURES, "zap", "fixtures", "full-scan-2.16.1.json"), join(dir, "zap.json"));
    // Hand-made register: one exception on ZAP's 90004-1 alert of the scanned site, in force.
    writeFileSync(
      join(dir, "register.yaml"),
      [
        "snapshot_at: 2025-09-11T00:00:00Z",
        "exceptions:",
        "  - id: EX-9",
        "    type: risk",
        "    status: approved",
        "    title: Cross-origin isolation headers until the proxy upgrade",
        "    scope:",
        "      findings: [90004-1]",
        "      assets: [http://localhost:8080]",
        "    owner: alice",
        "    approved_by: ciso",
        "    approved_at: 2025-09-01",
        "    expires_at: 2099-01-01",
        "",
      ].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the covered findings as accepted risk with their exception, not as open", () => {
    expect(secmetrics(dir, "import", "zap.json", "register.yaml").code).toBe(0);
    // jq '[.site[].alerts[].instances[]] | length' → 28; of them 90004-1 has 2 instances.
    const open = JSON.parse(secmetrics(dir, "findings", "--format", "json").stdout).rows;
    expect(open).toHaveLength(26);
    const accepted = JSON.parse(
      secmetrics(dir, "findings", "--status", "accepted_risk", "--format", "json").stdout,
    ).rows;
    expect(
      accepted.map((r: Record<string, string>) => [
        r.vulnerability_id,
        r.status,
        r.triage_status,
        r.exception,
        r.exception_state,
      ]),
    ).toEqual(Array(2).fill(["90004-1", "accepted_risk", "open", "EX-9", "in_force"]));
    const table = secmetrics(dir, "findings", "--status", "accepted_risk").stdout;
    expect(table).toContain("accepted_risk (EX-9)");
  });
});

describe("secmetrics import LOG, end to end", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-log-"));
    cpSync(join(IMPORTER_FIXTURES, "nginx", "fixtures", "access-beats.log"), join(dir, "access.log"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports a real log with an odd line and says which line it left out", () => {
    const result = secmetrics(dir, "import", "access.log");
    expect(result.code).toBe(0);
    // awk 'NR != 13 && $9 >= 400' access.log | wc -l → 8; line 13 has a `$host` before the address.
    expect(result.stdout).toMatch(
      /^access\.log: imported 8 records as import #1 \(nginx, sha256 \w{12}\)\n$/,
    );
    expect(result.stderr).toBe(
      "skipped 1 unreadable line:\naccess.log:13: not a combined access log or error log line\n",
    );
    const [imported] = JSON.parse(secmetrics(dir, "imports", "--format", "json").stdout);
    expect(imported).toMatchObject({ records: 8, skipped: 1 });
  });
});
