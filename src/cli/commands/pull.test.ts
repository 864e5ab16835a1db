import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";
import { type FakeGithubAlerts, startFakeGithubAlerts } from "../../test-support/fake-github-alerts.ts";

const REPO = "AvansHogeschoolBreda/openmrsmodule";
const TOKEN = "ghp_cli_0123456789";

describe("secmetrics pull", () => {
  let dir: string;
  let db: string;
  let config: string;
  let github: FakeGithubAlerts;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-pull-cli-"));
    db = join(dir, "store.db");
    // The real 11-alert listing (see the dependabot importer's SOURCES.md), 4 a page: 3 pages.
    const alerts = JSON.parse(
      readFileSync(join(IMPORTER_FIXTURES, "dependabot/fixtures/repo-alerts-ranges.json"), "utf8"),
    );
    github = await startFakeGithubAlerts({
      owner: REPO,
      token: TOKEN,
      alerts: { dependabot: alerts },
      pageSize: 4,
    });
    config = join(dir, "secmetrics.yaml");
    writeFileSync(
      config,
      `sources:
  - name: gh
    kind: github
    repository: ${REPO}
    streams: [dependabot]
    schedule: "0 6 * * *"
  - name: logs
    kind: files
    path: ${join(dir, "*.log")}
    schedule: "0 * * * *"
`,
    );
    vi.stubEnv("GITHUB_TOKEN", TOKEN);
    vi.stubEnv("GITHUB_API_URL", github.url);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pulls what is new, then nothing (304), then everything again with --full, importing nothing twice", async () => {
    const first = await runCli(db, "-c", config, "pull", "gh");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^gh: ok as run #1: 3 imported \(\d+ records\), 0 unchanged\n$/);
    const again = await runCli(db, "-c", config, "pull", "gh", "--format", "json");
    expect(JSON.parse(again.stdout)).toMatchObject({
      source: "gh",
      outcome: "ok",
      imported: 0,
      unchanged: 0,
    });
    const full = await runCli(db, "-c", config, "pull", "gh", "--full");
    expect(full.stdout).toBe("gh: ok as run #3: 0 imported (0 records), 3 unchanged\n");
    const imports = await runCli(db, "-c", config, "imports", "--format", "json");
    const names = (JSON.parse(imports.stdout) as { file_name: string }[]).map((i) => i.file_name);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(
      new RegExp(
        `^${github.url}/repos/${REPO}/dependabot/alerts\\?sort=updated&direction=desc&per_page=100 \\(updated after the start, pulled `,
      ),
    );
  });

  it("refuses a source that is no connector, and one that does not exist", async () => {
    const files = await runCli(db, "-c", config, "pull", "logs");
    expect(files.code).toBe(64);
    expect(files.stderr).toContain("source logs is a files source, not an API to pull");
    const missing = await runCli(db, "-c", config, "pull", "nope");
    expect(missing.code).toBe(66);
  });

  it("exits 69 with the reason when the pull fails", async () => {
    vi.stubEnv("GITHUB_TOKEN", "ghp_revoked");
    const refused = await runCli(db, "-c", config, "pull", "gh");
    vi.stubEnv("GITHUB_TOKEN", TOKEN);
    expect(refused.code).toBe(69);
    expect(refused.stdout).toContain("401, the token was refused: Bad credentials");
    expect(refused.stdout + refused.stderr).not.toContain("ghp_revoked");
  });
});
