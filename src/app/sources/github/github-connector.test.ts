import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import type { Config } from "../../../config/schema.ts";
import { bufferSource } from "../../../importers/file-source.ts";
import { createConnectorCursorStore } from "../../../store/connector-cursor-store.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import { type FakeGithubAlerts, startFakeGithubAlerts } from "../../../test-support/fake-github-alerts.ts";
import { pulledAndFiledKpis } from "../../../test-support/pulled-and-filed.ts";
import { runOnlySource } from "../../../test-support/run-source.ts";
import { listFindings } from "../../findings.ts";
import { importFile } from "../../import-file.ts";
import type { SourceRunOptions } from "../source-reader.ts";

/*
 * A real repository's Dependabot listing (repo-alerts-ranges.json, 11
 * alerts, see the importer's SOURCES.md) served by a fake GitHub, 4 alerts
 * a page: 3 pages. By hand (jq '[.[] | .state] | group_by(.) | map({(.[0]): length})'):
 * 10 open, 1 auto_dismissed (18). The latest updated_at is alert 18's,
 * 2026-06-15T18:21:31Z.
 */
const LISTING = join(import.meta.dirname, "../../../importers/dependabot/fixtures/repo-alerts-ranges.json");
const REPO = "AvansHogeschoolBreda/openmrsmodule";
const TOKEN = "ghp_fake0123456789abcdef";
const NOW = Date.parse("2026-07-01T00:00:00Z");
const LATEST = "2026-06-15T18:21:31Z";
const FIRST = `/repos/${REPO}/dependabot/alerts?sort=updated&direction=desc&per_page=100`;

type Alert = { number: number; state: string; updated_at: string; fixed_at: string | null };
const listing = (): Alert[] => JSON.parse(readFileSync(LISTING, "utf8"));

let github: FakeGithubAlerts;
let waits: number[];
beforeEach(async () => {
  github = await startFakeGithubAlerts({
    owner: REPO,
    token: TOKEN,
    alerts: { dependabot: listing() },
    pageSize: 4,
  });
  waits = [];
});
afterEach(() => github.close());

function configFor(env: { token_env?: string } = {}): Config {
  return parseConfig({
    sources: [
      {
        name: "gh",
        kind: "github",
        repository: REPO,
        streams: ["dependabot"],
        schedule: "0 6 * * *",
        ...env,
      },
    ],
  });
}

const pull = (store: Store, config: Config, options: SourceRunOptions = {}) =>
  runOnlySource(
    store,
    config,
    {
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url },
      http: { sleep: async (ms) => void waits.push(ms) },
      ...options,
    },
    NOW,
  );

const openFindings = async (store: Store, config: Config) =>
  (await listFindings(store, { status: "open", limit: 100 }, config, NOW)).rows.length;

for (const engine of ENGINES) {
  describe(`a github source's dependabot stream on ${engine.name}`, () => {
    it("pages by Link, stores the cursor and ETag, answers 304 as nothing new, then pulls only what changed", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = configFor();
        expect(await pull(store, config)).toMatchObject({
          outcome: "ok",
          imported: 3,
          unchanged: 0,
          error: null,
        });
        expect(github.requests).toEqual([`GET ${FIRST}`, `GET ${FIRST}&page=2`, `GET ${FIRST}&page=3`]);
        const cursors = await createConnectorCursorStore(store).read("gh");
        expect(cursors.get("dependabot")).toEqual({ position: LATEST, etag: expect.stringMatching(/^W\/"/) });
        expect(await openFindings(store, config)).toBe(10);

        // Nothing changed: one request, answered 304, nothing imported.
        expect(await pull(store, config)).toMatchObject({ outcome: "ok", imported: 0, unchanged: 0 });
        expect(github.requests.slice(3)).toEqual([`GET ${FIRST}`]);

        // Alert 141 fixed on 2026-06-20 (a hand edit): the first page changes; the pull reads it and
        // stops there, at alert 18, the one it had seen last (updated at the cursor's second).
        const alerts = github.alerts.dependabot as Alert[];
        Object.assign(alerts.find((a) => a.number === 141) as Alert, {
          state: "fixed",
          fixed_at: "2026-06-20T10:00:00Z",
          updated_at: "2026-06-20T10:00:00Z",
        });
        expect(await pull(store, config)).toMatchObject({
          outcome: "ok",
          imported: 1,
          records: expect.any(Number),
        });
        expect(github.requests.slice(4)).toEqual([`GET ${FIRST}`]);
        const imports = await store.listImports();
        expect(imports.at(-1)?.file_name).toBe(
          `${github.url}${FIRST} (updated after ${LATEST}, pulled 2026-07-01T00:00:00.000Z)`,
        );
        // 10 open less 141, now fixed.
        expect(await openFindings(store, config)).toBe(9);
        expect((await createConnectorCursorStore(store).read("gh")).get("dependabot")?.position).toBe(
          "2026-06-20T10:00:00Z",
        );
      } finally {
        await dispose();
      }
    });

    it("keeps the cursor when page 3 fails, and the next pull completes without counting a page twice", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = configFor();
        github.interrupt({
          method: "GET",
          path: /dependabot\/alerts$/,
          status: 502,
          skip: 2,
          body: { message: "Server Error" },
        });
        const failed = await pull(store, config);
        expect(failed).toMatchObject({ outcome: "failed", imported: 2, unchanged: 0 });
        expect(failed.error).toBe(
          `github: GET ${github.url}${FIRST}&page=3: 502: Server Error (run it again: it resumes where it stopped); the pull stopped there and resumes from the last stream it finished`,
        );
        expect(await createConnectorCursorStore(store).read("gh")).toEqual(new Map());
        const resumed = await pull(store, config);
        expect(resumed).toMatchObject({ outcome: "ok", imported: 1, unchanged: 2 });
        // Each of the 11 alerts once: 10 open.
        expect(await openFindings(store, config)).toBe(10);
        expect((await store.listImports()).length).toBe(3);
      } finally {
        await dispose();
      }
    });

    it("gives the same KPIs pulled as imported from the same listing saved as a file", async () => {
      const config = configFor();
      const kpis = await pulledAndFiledKpis(
        engine,
        (store) => pull(store, config),
        { format: "dependabot", content: readFileSync(LISTING), target: REPO },
        { period: "2026-06", config, now: NOW },
      );
      expect(kpis.pulled).toEqual(kpis.filed);
      // By hand from the listing: 10 open alerts.
      expect(kpis.pulled).toContainEqual(["open_vulnerabilities", 10]);
    });
  });
}

describe("a github source's failures", () => {
  const engine = ENGINES[0] as (typeof ENGINES)[number];

  it("reads an organization's listing from its org endpoint, each alert under its own repository", async () => {
    // GitHub's published example of GET /orgs/{org}/dependabot/alerts (see the importer's SOURCES.md):
    // alert 1 open on octo-org/hello-world, alert 2 dismissed on octo-org/octo-repo.
    await github.close();
    const org = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../../importers/dependabot/fixtures/org-alerts.json"),
        "utf8",
      ),
    );
    github = await startFakeGithubAlerts({
      owner: "octo-org",
      token: TOKEN,
      alerts: { dependabot: org },
      pageSize: 4,
    });
    const { store, dispose } = await createTestStore(engine);
    try {
      const config = parseConfig({
        sources: [
          {
            name: "gh",
            kind: "github",
            organization: "octo-org",
            streams: ["dependabot"],
            schedule: "0 6 * * *",
          },
        ],
      });
      expect(await pull(store, config)).toMatchObject({ outcome: "ok", imported: 1 });
      expect(github.requests).toEqual([
        "GET /orgs/octo-org/dependabot/alerts?sort=updated&direction=desc&per_page=100",
      ]);
      const open = await listFindings(store, { status: "open", limit: 10 }, config, NOW);
      expect(open.rows.map((row) => row.target)).toEqual(["octo-org/hello-world"]);
    } finally {
      await dispose();
    }
  });

  it("waits out a 429 for its Retry-After and goes on", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      github.interrupt({
        method: "GET",
        path: /dependabot\/alerts$/,
        status: 429,
        headers: { "retry-after": "7" },
        skip: 1,
        body: { message: "API rate limit exceeded" },
      });
      expect(await pull(store, configFor())).toMatchObject({ outcome: "ok", imported: 3 });
      expect(waits).toEqual([7000]);
      expect(github.requests).toHaveLength(4);
    } finally {
      await dispose();
    }
  });

  it("says what a refused token needs, from GitHub's docs, never showing the token, and imports nothing", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, configFor({ token_env: "GH_ALERTS_TOKEN" }), {
        env: { GH_ALERTS_TOKEN: "ghp_wrong_0000", GITHUB_API_URL: github.url },
      });
      expect(run).toMatchObject({ outcome: "failed", imported: 0 });
      expect(run.error).toBe(
        `dependabot: github: GET ${github.url}${FIRST}: 401, the token was refused: Bad credentials (the dependabot stream needs a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Dependabot alerts: read; check the token's value and expiry); the pull stopped there and resumes from the last stream it finished`,
      );
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("names the scope a token lacks when GitHub says which", async () => {
    await github.close();
    github = await startFakeGithubAlerts({
      owner: REPO,
      token: TOKEN,
      alerts: { dependabot: listing() },
      pageSize: 4,
      scopes: "read:org, gist",
    });
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, configFor());
      expect(run.error).toContain(
        "403, the token may not do this: Resource not accessible by personal access token; the token lacks scope repo or security_events (the dependabot stream needs",
      );
    } finally {
      await dispose();
    }
  });

  it("fails before any request when the token's variable is unset", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, configFor(), { env: { GITHUB_API_URL: github.url } });
      expect(run.error).toBe(
        "GITHUB_TOKEN is not set: source gh reads its credentials from the environment only",
      );
      expect(github.requests).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
