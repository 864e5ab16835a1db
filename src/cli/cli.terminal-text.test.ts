import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/cli.ts";

/** An OSC that retitles the terminal, then a CSI that clears it, then a one-byte C1 CSI and a right-to-left override. */
const EVIL = "\x1b]0;pwn\x07\x1b[2J\x9b\u202e";
/** The same as `terminalText` shows it: ESC → ␛ (U+241B), BEL → ␇ (U+2407), the others by code point. */
const SHOWN = "␛]0;pwn␇␛[2J<U+009B><U+202E>";
const MD_SHOWN = "␛\\]0;pwn␇␛\\[2J<U+009B><U+202E>";

const TARGET = `registry.example/app${EVIL}:main`;
const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  CreatedAt: "2026-09-15T10:00:00Z",
  ArtifactName: TARGET,
  ArtifactType: "container_image",
  Results: [
    {
      Target: `app${EVIL} (alpine 3.19)`,
      Class: "os-pkgs",
      Type: "alpine",
      Vulnerabilities: [
        {
          VulnerabilityID: `CVE-2026-0001${EVIL}`,
          PkgName: `openssl${EVIL}`,
          InstalledVersion: "3.1.0",
          FixedVersion: "3.1.4",
          Severity: "CRITICAL",
          Title: `Overflow${EVIL}`,
        },
      ],
    },
  ],
});
const INCIDENTS = `id,title,severity,started_at,detected_at,responded_at,recovered_at
INC-1${EVIL},Phishing${EVIL},SEV1,2026-09-02T10:00:00Z,2026-09-02T10:06:00Z,2026-09-02T10:26:00Z,
`;
const BAD = `id,detected_at,severity\nX-1,2026-09-01T00:00:00Z,urgent${EVIL}\n`;

/**
 * What we print ourselves may carry our colours (SGR, `ESC [ n m`) when the
 * test's stdout is a colour terminal; the imported text holds none, so after
 * removing them no control character but a newline may remain.
 */
function expectSafe(output: string): void {
  const withoutOurColours = output.replace(/\x1b\[\d+(;\d+)*m/g, "");
  expect(withoutOurColours).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
}

describe("imported text on the terminal", () => {
  let dir: string;
  let db: string;
  const scan = () => join(dir, `scan${EVIL}.json`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-terminal-"));
    db = join(dir, "store.db");
    writeFileSync(scan(), TRIVY);
    writeFileSync(join(dir, `incidents${EVIL}.csv`), INCIDENTS);
    writeFileSync(join(dir, `bad${EVIL}.csv`), BAD);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names an imported file visibly", async () => {
    const scanned = await runCli(db, "import", "--no-progress", scan());
    expect(scanned.code).toBe(0);
    expect(scanned.stdout).toContain(`scan${SHOWN}.json: imported 1 records`);
    const incidents = await runCli(db, "import", "--no-progress", join(dir, `incidents${EVIL}.csv`));
    expect(incidents.code).toBe(0);
    expectSafe(scanned.stdout + scanned.stderr + incidents.stdout + incidents.stderr);
  });

  it("quotes a rejected file's name and content visibly in its problem lines", async () => {
    const bad = await runCli(db, "import", "--no-progress", join(dir, `bad${EVIL}.csv`));
    expect(bad.code).toBe(65);
    expect(bad.stderr).toContain(`bad${SHOWN}.csv:2: `);
    expect(bad.stderr).toContain(`"urgent${SHOWN}"`);
    expectSafe(bad.stderr);
  });

  // Markdown escapes the brackets as well; the title stays out of each test's name, which a runner prints.
  it.each([
    ["imports", ["imports"], `scan${SHOWN}.json`],
    ["findings", ["findings", "--status", "all"], `CVE-2026-0001${SHOWN}`],
    ["targets list", ["targets", "list"], `registry.example/app${SHOWN}:main`],
    [
      "drill of a finding",
      ["drill", "open_critical_vulnerabilities", "--period", "2026-09"],
      `openssl${SHOWN}`,
    ],
    ["drill of an incident", ["drill", "mttd", "--period", "2026-09"], `Phishing${SHOWN}`],
    ["report iteration", ["report", "iteration", "--period", "2026-09"], `CVE-2026-0001${MD_SHOWN}`],
    [
      "report scorecard",
      ["report", "scorecard", "--period", "2026-09"],
      `High-priority: Fix CVE-2026-0001${MD_SHOWN}`,
    ],
    ["kpis", ["kpis", "--period", "2026-09"], "Security KPIs — 2026-09"],
    ["audit", ["audit"], `scan${SHOWN}.json`],
    ["targets retire", ["targets", "retire", TARGET], `retired registry.example/app${SHOWN}:main`],
  ])("secmetrics %s shows it visibly", async (_name, args, shown) => {
    const { code, stdout, stderr } = await runCli(db, ...args);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(shown);
    expectSafe(stdout);
  });

  it("keeps JSON exact, with no raw control a terminal would act on: the imported text parses back as written", async () => {
    const { stdout } = await runCli(db, "findings", "--status", "all", "--format", "json");
    expect(JSON.parse(stdout).rows[0].vulnerability_id).toBe(`CVE-2026-0001${EVIL}`);
    expect(stdout).toContain("CVE-2026-0001\\u001b]0;pwn\\u0007\\u001b[2J\\u009b\\u202e");
    expectSafe(stdout);
  });
});
