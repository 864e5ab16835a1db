import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../../config/schema.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import { startFakeGithubAlerts } from "../../../test-support/fake-github-alerts.ts";
import {
  GITHUB_TOKEN,
  githubSourceConfig,
  useFakeGithubSource,
} from "../../../test-support/fake-github-source.ts";
import {
  describeGithubRefusals,
  expectNothingNew,
  expectThreePagesByLink,
  itGivesTheSameKpisPulledAsFiled,
  itResumesAfterPageThreeFails,
} from "../../../test-support/github-stream-cases.ts";
import { storeText } from "../../../test-support/store-text.ts";
import { computeKpis } from "../../compute-kpis.ts";
import type { SourceRunOptions } from "../source-reader.ts";

/*
 * The secret-scanning stream over a fake GitHub, three alerts a page: the
 * hand-made acme/api listing (acme-api-hand-made.json, see the importer's
 * SOURCES.md), eight alerts, so three pages. Newest update first, the
 * latest is alert 8's revocation, 2024-04-02T00:00:00Z. Each alert carries
 * a made-up secret: the fake, like a server that ignores hide_secret,
 * answers with it.
 */
const FIXTURES = join(import.meta.dirname, "../../../importers/github-secret-scanning/fixtures");
const LISTING = join(FIXTURES, "acme-api-hand-made.json");
const REPO = "acme/api";
const NOW = Date.parse("2024-04-15T00:00:00Z");
const LATEST = "2024-04-02T00:00:00Z";
const SECRET = "ghp_000handMadeNeverStored";
const FIRST = `/repos/${REPO}/secret-scanning/alerts?sort=updated&direction=desc&hide_secret=true&per_page=100`;

type Alert = { number: number; updated_at: string };
const listing = (): Alert[] => JSON.parse(readFileSync(LISTING, "utf8"));

const startGithub = (fields: Partial<Parameters<typeof startFakeGithubAlerts>[0]> = {}) =>
  startFakeGithubAlerts({
    owner: REPO,
    token: GITHUB_TOKEN,
    alerts: { "secret-scanning": listing() },
    pageSize: 3,
    ...fields,
  });
const source = useFakeGithubSource(() => startGithub(), NOW);

const sourceConfig = (owner: Record<string, string> = { repository: REPO }): Config =>
  githubSourceConfig({ ...owner, streams: ["secret-scanning"] });
const config = sourceConfig();
const STREAM = {
  source,
  config,
  first: FIRST,
  path: /secret-scanning\/alerts$/,
  file: { format: "github-secret-scanning", content: readFileSync(LISTING), target: REPO },
};

const pull = (store: Store, options?: SourceRunOptions, at: Config = config) =>
  source.pull(store, at, options);

const exposedIn = async (store: Store, period: string) =>
  (await computeKpis(store, period, { config, now: NOW })).metrics.find((m) => m.id === "secrets_exposed")
    ?.value;

for (const engine of ENGINES) {
  describe(`a github source's secret-scanning stream on ${engine.name}`, () => {
    it("pages by Link, keeps the cursor and ETag, answers 304 as nothing new, and keeps no secret", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        await expectThreePagesByLink(STREAM, store, {
          stream: "secret-scanning",
          position: LATEST,
        });
        // By hand (see the KPI test of the secrets pack): 5 secrets exposed in March 2024.
        expect(await exposedIn(store, "2024-03")).toBe(5);
        expect(JSON.stringify(source.github.alerts)).toContain(SECRET);
        expect(await storeText(store)).not.toContain(SECRET);

        await expectNothingNew(STREAM, store);
      } finally {
        await dispose();
      }
    });

    itResumesAfterPageThreeFails(STREAM, engine, async (store) => {
      expect(await exposedIn(store, "2024-03")).toBe(5);
    });

    itGivesTheSameKpisPulledAsFiled(STREAM, engine, { period: "2024-03", now: NOW }, (pulled) => {
      // By hand: 5 exposed in March; revoked in it after 6 h, 1 d and 10.5 d → median 1 d.
      expect(pulled).toContainEqual(["secrets_exposed", 5]);
      expect(pulled).toContainEqual(["secret_time_to_revoke", 86400]);
    });
  });
}

describeGithubRefusals({
  stream: "secret-scanning",
  needs:
    "a classic token with repo or security_events (public_repo for public repositories only), or a fine-grained token with Secret scanning alerts: read",
  first: FIRST,
  url: () => source.github.url,
  restartWithScopes: (scopes) => source.restart(() => startGithub({ scopes })),
  pull,
});

describe("a github source's secret-scanning failures", () => {
  const engine = ENGINES[0] as (typeof ENGINES)[number];

  it("says secret scanning is off when GitHub answers 404 so, and how to turn it on", async () => {
    source.github.interrupt({
      method: "GET",
      path: /secret-scanning\/alerts$/,
      status: 404,
      body: {
        message: "Secret scanning is disabled on this repository.",
        documentation_url:
          "https://docs.github.com/rest/secret-scanning/secret-scanning#list-secret-scanning-alerts-for-a-repository",
        status: "404",
      },
    });
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store);
      expect(run).toMatchObject({ outcome: "failed", imported: 0 });
      expect(run.error).toContain(
        `secret-scanning: github: GET ${source.github.url}${FIRST}: 404, not found: Secret scanning is disabled on this repository. (enable secret scanning in the repository's settings (Advanced Security), or drop the secret-scanning stream from this source)`,
      );
    } finally {
      await dispose();
    }
  });

  it("waits out a 429 and GitHub's secondary rate limit, then goes on", async () => {
    source.github.interrupt({
      method: "GET",
      path: /secret-scanning\/alerts$/,
      status: 429,
      headers: { "retry-after": "7" },
      skip: 1,
      body: { message: "API rate limit exceeded" },
    });
    source.github.interrupt({
      method: "GET",
      path: /secret-scanning\/alerts$/,
      status: 403,
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
    });
    const { store, dispose } = await createTestStore(engine);
    try {
      expect(await pull(store)).toMatchObject({ outcome: "ok", imported: 3 });
      // Page 2 answered 429 (Retry-After 7 s), its retry the secondary limit (no time named: a minute).
      expect(source.waits).toEqual([7000, 60000]);
    } finally {
      await dispose();
    }
  });

  it("reads an organization's listing from its org endpoint, each alert under its own repository", async () => {
    // GitHub's example of GET /orgs/{org}/secret-scanning/alerts (org-alerts.json): alerts 2
    // (false positive) and 1 (open), both octocat/Hello-World, created 2020-11-06.
    await source.restart(() =>
      startGithub({
        owner: "octo-org",
        alerts: { "secret-scanning": JSON.parse(readFileSync(join(FIXTURES, "org-alerts.json"), "utf8")) },
      }),
    );
    const { store, dispose } = await createTestStore(engine);
    try {
      const org = sourceConfig({ organization: "octo-org" });
      expect(await pull(store, {}, org)).toMatchObject({ outcome: "ok", imported: 1 });
      expect(source.github.requests).toEqual([
        "GET /orgs/octo-org/secret-scanning/alerts?sort=updated&direction=desc&hide_secret=true&per_page=100",
      ]);
      const kpis = await computeKpis(store, "2020-11", { config: org, now: NOW });
      // Alert 1 exposed and still open; alert 2 a false positive.
      expect(kpis.metrics.find((m) => m.id === "secrets_exposed")).toMatchObject({
        value: 1,
        details: { still_open: 1, no_live_secret: { false_positive: 1 } },
      });
      expect(await storeText(store)).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2");
    } finally {
      await dispose();
    }
  });
});
