import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../../config/schema.ts";
import { createConnectorCursorStore } from "../../../store/connector-cursor-store.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import { startFakeGithubAlerts } from "../../../test-support/fake-github-alerts.ts";
import {
  GITHUB_TOKEN,
  githubSourceConfig,
  useFakeGithubSource,
} from "../../../test-support/fake-github-source.ts";
import {
  expectNothingNew,
  expectThreePagesByLink,
  itGivesTheSameKpisPulledAsFiled,
  itResumesAfterPageThreeFails,
  itWaitsOutRetryAfter,
} from "../../../test-support/github-stream-cases.ts";
import { listFindings } from "../../findings.ts";

/*
 * A real repository's Dependabot listing (repo-alerts-ranges.json, 11
 * alerts, see the importer's SOURCES.md) served by a fake GitHub, 4 alerts
 * a page: 3 pages. By hand (jq '[.[] | .state] | group_by(.) | map({(.[0]): length})'):
 * 10 open, 1 auto_dismissed (18). The latest updated_at is alert 18's,
 * 2026-06-15T18:21:31Z.
 */
const LISTING = join(import.meta.dirname, "../../../importers/dependabot/fixtures/repo-alerts-ranges.json");
const REPO = "AvansHogeschoolBreda/openmrsmodule";
const NOW = Date.parse("2026-07-01T00:00:00Z");
const LATEST = "2026-06-15T18:21:31Z";
const FIRST = `/repos/${REPO}/dependabot/alerts?sort=updated&direction=desc&per_page=100`;

type Alert = { number: number; state: string; updated_at: string; fixed_at: string | null };
const listing = (): Alert[] => JSON.parse(readFileSync(LISTING, "utf8"));

const startGithub = (fields: Partial<Parameters<typeof startFakeGithubAlerts>[0]> = {}) =>
  startFakeGithubAlerts({
    owner: REPO,
    token: GITHUB_TOKEN,
    alerts: { dependabot: listing() },
    pageSize: 4,
    ...fields,
  });
const source = useFakeGithubSource(() => startGithub(), NOW);
const configFor = (fields: { token_env?: string } = {}): Config =>
  githubSourceConfig({ repository: REPO, streams: ["dependabot"], ...fields });
const STREAM = {
  source,
  config: configFor(),
  first: FIRST,
  path: /dependabot\/alerts$/,
  file: { format: "dependabot", content: readFileSync(LISTING), target: REPO },
};

const openFindings = async (store: Store, config: Config) =>
  (await listFindings(store, { status: "open", limit: 100 }, config, NOW)).rows.length;

for (const engine of ENGINES) {
  describe(`a github source's dependabot stream on ${engine.name}`, () => {
    it("pages by Link, stores the cursor and ETag, answers 304 as nothing new, then pulls only what changed", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = configFor();
        await expectThreePagesByLink(STREAM, store, {
          stream: "dependabot",
          position: LATEST,
        });
        expect(await openFindings(store, config)).toBe(10);
        await expectNothingNew(STREAM, store);

        // Alert 141 fixed on 2026-06-20 (a hand edit): the first page changes; the pull reads it and
        // stops there, at alert 18, the one it had seen last (updated at the cursor's second).
        const alerts = source.github.alerts.dependabot as Alert[];
        Object.assign(alerts.find((a) => a.number === 141) as Alert, {
          state: "fixed",
          fixed_at: "2026-06-20T10:00:00Z",
          updated_at: "2026-06-20T10:00:00Z",
        });
        expect(await source.pull(store, config)).toMatchObject({
          outcome: "ok",
          imported: 1,
          records: expect.any(Number),
        });
        expect(source.github.requests.slice(4)).toEqual([`GET ${FIRST}`]);
        const imports = await store.listImports();
        expect(imports.at(-1)?.file_name).toBe(
          `${source.github.url}${FIRST} (updated after ${LATEST}, pulled 2026-07-01T00:00:00.000Z)`,
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

    itResumesAfterPageThreeFails(STREAM, engine, async (store) => {
      // Each of the 11 alerts once: 10 open.
      expect(await openFindings(store, STREAM.config)).toBe(10);
    });

    itGivesTheSameKpisPulledAsFiled(STREAM, engine, { period: "2026-06", now: NOW }, (pulled) => {
      // By hand from the listing: 10 open alerts.
      expect(pulled).toContainEqual(["open_vulnerabilities", 10]);
    });
  });
}

describe("a github source's failures", () => {
  const engine = ENGINES[0] as (typeof ENGINES)[number];

  it("reads an organization's listing from its org endpoint, each alert under its own repository", async () => {
    // GitHub's published example of GET /orgs/{org}/dependabot/alerts (see the importer's SOURCES.md):
    // alert 1 open on octo-org/hello-world, alert 2 dismissed on octo-org/octo-repo.
    const org = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../../importers/dependabot/fixtures/org-alerts.json"),
        "utf8",
      ),
    );
    await source.restart(() => startGithub({ owner: "octo-org", alerts: { dependabot: org } }));
    const { store, dispose } = await createTestStore(engine);
    try {
      const config = githubSourceConfig({ organization: "octo-org", streams: ["dependabot"] });
      expect(await source.pull(store, config)).toMatchObject({ outcome: "ok", imported: 1 });
      expect(source.github.requests).toEqual([
        "GET /orgs/octo-org/dependabot/alerts?sort=updated&direction=desc&per_page=100",
      ]);
      const open = await listFindings(store, { status: "open", limit: 10 }, config, NOW);
      expect(open.rows.map((row) => row.target)).toEqual(["octo-org/hello-world"]);
    } finally {
      await dispose();
    }
  });

  itWaitsOutRetryAfter(STREAM, engine, (requests) => {
    expect(requests).toHaveLength(4);
  });

  it("says what a refused token needs, from GitHub's docs, never showing the token, and imports nothing", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await source.pull(store, configFor({ token_env: "GH_ALERTS_TOKEN" }), {
        env: { GH_ALERTS_TOKEN: "ghp_wrong_0000", GITHUB_API_URL: source.github.url },
      });
      expect(run).toMatchObject({ outcome: "failed", imported: 0 });
      expect(run.error).toBe(
        `dependabot: github: GET ${source.github.url}${FIRST}: 401, the token was refused: Bad credentials (the dependabot stream needs a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Dependabot alerts: read; check the token's value and expiry); the pull stopped there and resumes from the last stream it finished`,
      );
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("names the scope a token lacks when GitHub says which", async () => {
    await source.restart(() => startGithub({ scopes: "read:org, gist" }));
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await source.pull(store, configFor());
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
      const run = await source.pull(store, configFor(), { env: { GITHUB_API_URL: source.github.url } });
      expect(run.error).toBe(
        "GITHUB_TOKEN is not set: source gh reads its credentials from the environment only",
      );
      expect(source.github.requests).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
