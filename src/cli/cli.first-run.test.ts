import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, requireBuiltCli, secmetrics } from "../test-support/cli.ts";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(requireBuiltCli);

/** What a new user runs into first: each trap has its message and its documented exit code. */
describe("a first run without traps, end to end", () => {
  let dir: string;
  const fixture = (path: string, as: string) => cpSync(join(IMPORTER_FIXTURES, path), join(dir, as));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-first-run-"));
    fixture("incidents/fixtures/incidents.csv", "incidents.csv");
    fixture("incidents/fixtures/incidents-missing-column.csv", "near-incidents.csv");
    fixture("npm-audit/fixtures/npm6-report.json", "npm6-audit.json");
    fixture("npm-audit/fixtures/all-severity-levels.json", "audit.json");
    fixture("alerts/fixtures/header-only.csv", "no-alerts.csv");
    fixture("nginx/fixtures/access-beats.log", "access.log");
    fixture("sshd/fixtures/linux-pam-loghub.log", "messages");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a read-only command on a store that does not exist, and creates none (66)", () => {
    const result = secmetrics(dir, "--db", "typo.db", "kpis", "--period", "2026-09");
    expect(result.code).toBe(66);
    expect(result.stderr).toContain("error: no store at typo.db\nhint: import data first");
    expect(result.stderr).toContain("secmetrics init");
    expect(existsSync(join(dir, "typo.db"))).toBe(false);
    expect(secmetrics(dir, "--db", "typo.db", "imports").code).toBe(66);
    expect(secmetrics(dir, "--db", "typo.db", "users", "list").code).toBe(66);
  });

  it("says a store folder is missing instead of printing a stack trace (74)", () => {
    const result = secmetrics(dir, "--db", "missing/dir/store.db", "import", "incidents.csv");
    expect(result.code).toBe(74);
    expect(result.stderr).toBe(
      "error: cannot create the store missing/dir/store.db: the folder missing/dir does not exist\n" +
        "hint: create it first (mkdir -p missing/dir), or choose another --db\n",
    );
  });

  it("says an input file is missing (66)", () => {
    const result = secmetrics(dir, "import", "nothing-here.csv");
    expect(result.code).toBe(66);
    expect(result.stderr).toBe("error: nothing-here.csv: no such file or directory\n");
  });

  it("names the format a file comes closest to and what it lacks (64)", () => {
    const incidents = secmetrics(dir, "import", "near-incidents.csv");
    expect(incidents.code).toBe(64);
    // Header id,title,severity,started_at: four incident columns, no detected_at.
    expect(incidents.stderr).toContain(
      "error: near-incidents.csv: cannot tell which format this is; it looks like incidents-csv: missing column detected_at\n",
    );
    const npm6 = secmetrics(dir, "import", "npm6-audit.json");
    expect(npm6.code).toBe(64);
    expect(npm6.stderr).toContain(
      "it looks like npm-audit: missing field auditReportVersion 2 (npm 7 or later writes it)",
    );
  });

  it("refuses an import that stores no record unless --allow-empty (65)", () => {
    const empty = secmetrics(dir, "import", "no-alerts.csv");
    expect(empty.code).toBe(65);
    expect(empty.stderr).toContain(
      "error: no-alerts.csv: no records in it as alerts-csv; nothing was imported",
    );
    expect(empty.stderr).toContain("--allow-empty");
    const allowed = secmetrics(dir, "import", "--allow-empty", "no-alerts.csv");
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^no-alerts\.csv: imported 0 records as import #1 \(alerts-csv, /);
  });

  it("refuses the same file again with another --target or --scanned-at (73)", () => {
    const options = ["--target", "web@1.0.0", "--scanned-at", "2026-09-10T00:00:00Z"];
    expect(secmetrics(dir, "import", ...options, "audit.json").code).toBe(0);
    const same = secmetrics(dir, "import", ...options, "audit.json");
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("audit.json: already imported as import #2 (npm-audit); nothing changed");
    const moved = secmetrics(
      dir,
      "import",
      "--target",
      "api@2.0.0",
      "--scanned-at",
      "2026-09-10T00:00:00Z",
      "audit.json",
    );
    expect(moved.code).toBe(73);
    expect(moved.stderr).toContain(
      "error: audit.json: already imported as import #2 with --scanned-at 2026-09-10T00:00:00.000Z --target web@1.0.0; " +
        "this import gives --scanned-at 2026-09-10T00:00:00.000Z --target api@2.0.0",
    );
  });

  it("leaves a log's unreadable lines out and lists them, or refuses the log with --strict (65)", () => {
    const strict = secmetrics(dir, "import", "--strict", "access.log");
    expect(strict.code).toBe(65);
    expect(strict.stderr).toContain("access.log:13: not a combined access log or error log line");
    expect(strict.stderr).toContain("--strict refuses a log with unreadable lines; nothing was imported");
    const imports = () => JSON.parse(secmetrics(dir, "imports", "--format", "json").stdout);
    expect(imports()).toHaveLength(2);
    const lenient = secmetrics(dir, "import", "access.log");
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe(
      "skipped 1 unreadable line:\naccess.log:13: not a combined access log or error log line\n",
    );
    // awk 'NR != 13 && $9 >= 400' access.log | wc -l → 8 records, and the one line left out.
    expect(imports()[2]).toMatchObject({ file_name: "access.log", records: 8, skipped: 1 });
  });

  it("reads the old sshd(pam_unix)[pid] tag as sshd attempts", () => {
    const result = secmetrics(dir, "import", "--year", "2005", "messages");
    expect(result.code).toBe(0);
    // grep -c 'sshd(pam_unix)\[[0-9]*\]: authentication failure' messages → 119
    expect(result.stdout).toMatch(/^messages: imported 119 records as import #4 \(sshd, /);
    expect(result.stderr).toBe("");
  });

  it("writes every instant of its JSON as ISO 8601", () => {
    const [first] = JSON.parse(secmetrics(dir, "imports", "--format", "json").stdout);
    expect(first.imported_at).toMatch(ISO_INSTANT);
    expect(first.options).toEqual({});
    const drill = JSON.parse(
      secmetrics(dir, "drill", "failed_login_rate", "--period", "2005-06", "--format", "json").stdout,
    );
    expect(drill.period).toEqual({
      id: "2005-06",
      start: "2005-06-01T00:00:00.000Z",
      end: "2005-07-01T00:00:00.000Z",
    });
    expect(drill.rows[0].provenance.imported_at).toMatch(ISO_INSTANT);
    expect(secmetrics(dir, "tokens", "create", "--role", "viewer", "--name", "grafana").code).toBe(0);
    const [token] = JSON.parse(secmetrics(dir, "tokens", "list", "--format", "json").stdout);
    expect(token).toMatchObject({ last_used_at: null, revoked_at: null });
    expect(token.created_at).toMatch(ISO_INSTANT);
    expect(secmetrics(dir, "users", "add", "alice", "--role", "admin").code).toBe(0);
    const [user] = JSON.parse(secmetrics(dir, "users", "list", "--format", "json").stdout);
    expect(user.created_at).toMatch(ISO_INSTANT);
  });

  it("audits the CLI's imports, refused ones too", () => {
    const entries = JSON.parse(secmetrics(dir, "audit", "--limit", "100", "--format", "json").stdout);
    const imports = entries
      .filter((e: { action: string }) => e.action.startsWith("import"))
      .map((e: { action: string; target: string }) => [e.action, e.target])
      .reverse();
    // In the order of the tests above; the missing store folder and file never opened this store.
    expect(imports).toEqual([
      ["import.rejected", "near-incidents.csv"],
      ["import.rejected", "npm6-audit.json"],
      ["import.rejected", "no-alerts.csv"],
      ["import", "no-alerts.csv"],
      ["import", "audit.json"],
      ["import.unchanged", "audit.json"],
      ["import.rejected", "audit.json"],
      ["import.rejected", "access.log"],
      ["import", "access.log"],
      ["import", "messages"],
    ]);
    expect(entries[0].actor).toMatch(/^cli/);
  });

  describe("serve", () => {
    let busy: Server;
    let port: number;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
      port = (busy.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    it("says the port is taken instead of printing a stack trace (69)", () => {
      const result = secmetrics(dir, "serve", "--port", String(port));
      expect(result.code).toBe(69);
      expect(result.stderr).toBe(
        `error: cannot listen on 127.0.0.1:${port}: the port is already in use\nhint: stop what uses it, or choose another --port\n`,
      );
    });

    it("refuses to serve a store that does not exist (66)", () => {
      const result = secmetrics(dir, "--db", "elsewhere.db", "serve", "--port", "0");
      expect(result.code).toBe(66);
      expect(result.stderr).toContain("error: no store at elsewhere.db");
    });
  });
});
