import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../test-support/cli.ts";
import { type FakeTracker, startFakeGithub } from "../../test-support/fake-trackers.ts";

const ALPINE = fileURLToPath(new URL("../../importers/trivy/fixtures/alpine-310.json", import.meta.url));
const TOKEN = "ghp_cli0123456789";

/*
 * Trivy's alpine-310 golden file: one image scanned on 2021-08-25. In
 * September 2021 the scan is older than the cadence of every vulnerability
 * metric it feeds, so each of the 8 gets a "stale" recommendation (hand
 * count: dependency_vulns_direct, mttp, open_critical_vulnerabilities,
 * open_high_vulnerabilities, open_vulnerabilities, repeat_findings,
 * security_debt, vuln_sla_missed).
 */
describe("secmetrics recommendations", () => {
  let dir: string;
  let db: string;
  let github: FakeTracker;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-recommendations-"));
    db = join(dir, "store.db");
    expect((await runCli(db, "import", "--no-progress", ALPINE)).code).toBe(0);
    github = await startFakeGithub({ repo: "acme/api", token: TOKEN });
    vi.stubEnv("GITHUB_API_URL", github.url);
    vi.stubEnv("GITHUB_REPOSITORY", "acme/api");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the period's recommendations, each new", async () => {
    const listed = await runCli(db, "recommendations", "--period", "2021-09", "--format", "json");
    expect(listed.code).toBe(0);
    const rows: { id: string; status: string }[] = JSON.parse(listed.stdout);
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["new"]));
    expect(rows.map((row) => row.id)).toContain("vuln_sla_missed:stale");
  });

  it("dismisses one with who and why, audited, and refuses an id the period does not have", async () => {
    const dismissed = await runCli(
      db,
      "recommendations",
      "dismiss",
      "mttp:stale",
      "--period",
      "2021-09",
      "--reason",
      "no patch data expected",
      "--actor",
      "ana",
    );
    expect(dismissed.code).toBe(0);
    const rows = JSON.parse(
      (await runCli(db, "recommendations", "--period", "2021-09", "--format", "json")).stdout,
    );
    expect(rows.find((row: { id: string }) => row.id === "mttp:stale")).toMatchObject({
      status: "dismissed",
      dismissal: { by: "ana", reason: "no patch data expected" },
    });
    const audit = JSON.parse((await runCli(db, "audit", "--format", "json")).stdout);
    expect(audit[0]).toMatchObject({ action: "recommendation.dismiss", actor: "ana", target: "mttp:stale" });
    const unknown = await runCli(
      db,
      "recommendations",
      "dismiss",
      "mttp",
      "--period",
      "2021-09",
      "--reason",
      "x",
    );
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toContain("no recommendation mttp in the period");
  });

  it("assigns one to another owner, listed with who assigned it, audited", async () => {
    const assigned = await runCli(
      db,
      "recommendations",
      "assign",
      "security_debt:stale",
      "--period",
      "2021-09",
      "--owner",
      "team-payments",
      "--actor",
      "ana",
    );
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(assigned.stdout).toContain("assigned security_debt:stale to team-payments by ana");
    const rows = JSON.parse(
      (await runCli(db, "recommendations", "--period", "2021-09", "--format", "json")).stdout,
    );
    expect(rows.find((row: { id: string }) => row.id === "security_debt:stale")).toMatchObject({
      owner: "team-payments",
      assignment: { by: "ana" },
    });
    const audit = JSON.parse((await runCli(db, "audit", "--format", "json")).stdout);
    expect(audit[0]).toMatchObject({
      action: "recommendation.assign",
      actor: "ana",
      target: "security_debt:stale",
    });
  });

  it("needs GITHUB_TOKEN, and refuses a wrong one without showing it", async () => {
    vi.stubEnv("GITHUB_TOKEN", "");
    const missing = await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2021-09");
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain("GITHUB_TOKEN is not set");
    vi.stubEnv("GITHUB_TOKEN", "ghp_wrong_value");
    const refused = await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2021-09");
    expect(refused.code).toBe(77);
    expect(refused.stderr).toContain("401, the token was refused");
    expect(refused.stderr).not.toContain("ghp_wrong_value");
  });

  it("plans on a dry run, then files the 7 not dismissed once over two syncs", async () => {
    vi.stubEnv("GITHUB_TOKEN", TOKEN);
    const dry = await runCli(
      db,
      "recommendations",
      "sync",
      "--to",
      "github",
      "--period",
      "2021-09",
      "--dry-run",
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout.split("\n").filter((line) => line.startsWith("would create an issue"))).toHaveLength(7);
    expect(github.issues).toHaveLength(0);
    const first = await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2021-09");
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").filter((line) => line.startsWith("created an issue"))).toHaveLength(7);
    const second = await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2021-09");
    expect(second.stdout).toBe("github acme/api\n7 issues unchanged\n");
    expect(github.issues).toHaveLength(7);
    const rows = JSON.parse(
      (await runCli(db, "recommendations", "--period", "2021-09", "--format", "json")).stdout,
    );
    expect(rows.filter((row: { status: string }) => row.status === "tracked")).toHaveLength(7);
  });
});

const MTTD_FIX = fileURLToPath(new URL("../../app/trackers/fixtures/mttd-fix.csv", import.meta.url));

/*
 * mttd-fix.csv (its test in app/trackers gives the figures by hand): MTTD
 * 9, 10, 8, 9 min from March to June, over its 5 min target; the issue
 * filed for it in June is closed, and the sync of 1 July sees it closed;
 * then 4 and 4.4 min in July and August. As of August: below the baseline's
 * lower limit 5.5 min in both periods since, verified effective.
 */
describe("secmetrics recommendations: impact of the work done", () => {
  let dir: string;
  let db: string;
  let github: FakeTracker;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-impact-"));
    db = join(dir, "store.db");
    expect((await runCli(db, "import", "--no-progress", MTTD_FIX)).code).toBe(0);
    github = await startFakeGithub({ repo: "acme/api", token: TOKEN });
    vi.stubEnv("GITHUB_API_URL", github.url);
    vi.stubEnv("GITHUB_REPOSITORY", "acme/api");
    vi.stubEnv("GITHUB_TOKEN", TOKEN);
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows an earlier recommendation whose issue was closed as verified effective, with before and after", async () => {
    vi.setSystemTime(Date.parse("2026-06-20T00:00:00Z"));
    expect((await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2026-06")).code).toBe(
      0,
    );
    const issue = github.issues.find((i) => i.body.includes("mttd:missed_target"));
    if (!issue) throw new Error("no issue filed for MTTD");
    issue.state = "closed";
    vi.setSystemTime(Date.parse("2026-07-01T00:00:00Z"));
    const seen = await runCli(db, "recommendations", "sync", "--to", "github", "--period", "2026-06");
    expect(seen.stdout).toContain("mttd:missed_target done, awaiting verification");

    vi.setSystemTime(Date.parse("2026-09-02T00:00:00Z"));
    const listed = await runCli(db, "recommendations", "--period", "2026-08", "--format", "json");
    const rows = JSON.parse(listed.stdout);
    expect(rows.find((row: { id: string }) => row.id === "mttd:missed_target")).toMatchObject({
      status: "verified_effective",
      impact: { verdict: "effective", before: 540, after: 252, periods_since: 2 },
    });
    const text = await runCli(db, "recommendations", "--period", "2026-08");
    expect(text.stdout).toContain("verified effective");
    expect(text.stdout).toContain("fell from 9 min to 4.2 min");
  });
});

/*
 * alpine-310 again, with a target of no open vulnerability: its 4 medium
 * findings miss it in August 2021 and split into 2 upgrades, one per package
 * (`jq '[.Results[].Vulnerabilities[] | .PkgName] | unique'` → libcrypto1.1,
 * libssl1.1), each to 1.1.1d-r2, the higher of the two fixed versions
 * (1.1.1d-r0 for CVE-2019-1549, 1.1.1d-r2 for CVE-2019-1551), each listing
 * both CVEs. A rescan on 28 August (the same report, hand-trimmed of
 * libcrypto1.1's findings) clears libcrypto1.1's upgrade alone.
 */
describe("secmetrics recommendations: one issue per upgrade", () => {
  let dir: string;
  let db: string;
  let config: string;
  let github: FakeTracker;
  const run = (...args: string[]) => runCli(db, "--config", config, ...args);
  const sync = (...more: string[]) =>
    run("recommendations", "sync", "--to", "github", "--period", "2021-08", ...more);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-upgrades-"));
    db = join(dir, "store.db");
    config = join(dir, "secmetrics.yaml");
    writeFileSync(config, 'metrics:\n  open_vulnerabilities:\n    target: "== 0"\n');
    expect((await run("import", "--no-progress", ALPINE)).code).toBe(0);
    github = await startFakeGithub({ repo: "acme/api", token: TOKEN });
    vi.stubEnv("GITHUB_API_URL", github.url);
    vi.stubEnv("GITHUB_REPOSITORY", "acme/api");
    vi.stubEnv("GITHUB_TOKEN", TOKEN);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the upgrades under their recommendation, plans them on a dry run, files each once over two syncs", async () => {
    const rows = JSON.parse((await run("recommendations", "--period", "2021-08", "--format", "json")).stdout);
    const image = "testdata/fixtures/images/alpine-310.tar.gz";
    expect(rows.map((row: { id: string; upgrade_of: string | null }) => [row.id, row.upgrade_of])).toEqual([
      ["open_vulnerabilities:missed_target", null],
      [`upgrade:${image}:libcrypto1.1`, "open_vulnerabilities:missed_target"],
      [`upgrade:${image}:libssl1.1`, "open_vulnerabilities:missed_target"],
    ]);
    const dry = await sync("--dry-run");
    expect(dry.stdout).toContain(`would create an issue: Upgrade libssl1.1 to 1.1.1d-r2 in ${image}`);
    expect(github.issues).toHaveLength(0);
    expect((await sync()).code).toBe(0);
    expect((await sync()).stdout).toBe("github acme/api\n3 issues unchanged\n");
    expect(github.issues).toHaveLength(3);
    const libssl = github.issues.find((issue) => issue.title.startsWith("Upgrade libssl1.1 to 1.1.1d-r2"));
    expect(libssl?.body).toContain("- CVE-2019-1551 — medium");
    expect(libssl?.body).toContain("- CVE-2019-1549 — medium, due 2021-11-23, fixed in 1.1.1d-r0");
    expect(github.issues.at(-1)?.body).toContain("**Upgrades** (2), one issue each:");
  });

  it("closes the upgrades a later scan cleared", async () => {
    const report = JSON.parse(readFileSync(ALPINE, "utf8"));
    report.CreatedAt = "2021-08-28T00:00:00Z";
    for (const result of report.Results)
      result.Vulnerabilities = result.Vulnerabilities.filter(
        (v: { PkgName: string }) => v.PkgName !== "libcrypto1.1",
      );
    const rescan = join(dir, "alpine-310-rescan.json");
    writeFileSync(rescan, JSON.stringify(report));
    expect((await run("import", "--no-progress", rescan)).code).toBe(0);
    const out = (await sync()).stdout;
    expect(out.split("\n").filter((line) => line.startsWith("closed issue"))).toHaveLength(1);
    expect(github.issues.filter((issue) => issue.state === "closed").map((issue) => issue.title)).toEqual([
      "Upgrade libcrypto1.1 to 1.1.1d-r2 in testdata/fixtures/images/alpine-310.tar.gz",
    ]);
  });
});
