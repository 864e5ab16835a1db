import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createConnectorCursorStore } from "../../../store/connector-cursor-store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import {
  type FakeDeployment,
  startFakeGithubDeployments,
} from "../../../test-support/fake-github-deployments.ts";
import {
  GITHUB_TOKEN,
  githubSourceConfig,
  useFakeGithubSource,
} from "../../../test-support/fake-github-source.ts";
import {
  expectNothingNew,
  itGivesTheSameKpisPulledAsFiled,
  itResumesAfterPageThreeFails,
  itWaitsOutRetryAfter,
} from "../../../test-support/github-stream-cases.ts";

/*
 * The deployments stream over a fake GitHub serving the importer's
 * hand-made edge-rollback.json (see its SOURCES.md), 3 deployments a page:
 * 7 deployments, 3 pages, newest first: 106 (pending since 2026-09-06),
 * 105 error, 104 failure, 103 (aaa again: a rollback of 102), 102, 108
 * (staging), 101. By hand: failed_deployments 2 (104, 105), rollbacks 1
 * (103), manual_prod_changes 0 (GitHub cannot tell: 4 production
 * deployments of unknown pipeline).
 */
const FIXTURE = join(
  import.meta.dirname,
  "../../../importers/github-deployments/fixtures/edge-rollback.json",
);
const REPO = "acme/shop";
const NOW = Date.parse("2026-09-10T00:00:00Z");
const LIST = `/repos/${REPO}/deployments?per_page=100`;
const statusesOf = (id: number) => `GET /repos/${REPO}/deployments/${id}/statuses?per_page=100`;

const deployments = (): FakeDeployment[] => JSON.parse(readFileSync(FIXTURE, "utf8"));

const source = useFakeGithubSource(
  () =>
    startFakeGithubDeployments({
      repository: REPO,
      token: GITHUB_TOKEN,
      deployments: deployments(),
      pageSize: 3,
    }),
  NOW,
);
const configFor = (fields: Record<string, unknown> = {}) =>
  githubSourceConfig({ repository: REPO, streams: ["deployments"], ...fields });
const STREAM = {
  source,
  config: configFor(),
  first: LIST,
  path: /deployments$/,
  file: { format: "github-deployments", content: readFileSync(FIXTURE), target: REPO },
};

for (const engine of ENGINES) {
  describe(`a github source's deployments stream on ${engine.name}`, () => {
    it("reads 3 pages with each deployment's statuses, holds the cursor at the one still pending, then answers 304 as nothing new", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = configFor();
        expect(await source.pull(store, config)).toMatchObject({
          outcome: "ok",
          imported: 3,
          records: 6,
          error: null,
        });
        expect(source.github.requests).toEqual([
          `GET ${LIST}`,
          statusesOf(106),
          statusesOf(105),
          statusesOf(104),
          `GET ${LIST}&page=2`,
          statusesOf(103),
          statusesOf(102),
          statusesOf(108),
          `GET ${LIST}&page=3`,
          statusesOf(101),
        ]);
        const cursors = createConnectorCursorStore(store);
        // 106 is still pending: the next pull reads back to it, and keeps no ETag.
        expect((await cursors.read("gh")).get("deployments")).toEqual({
          position: "2026-09-06T10:00:00Z",
          etag: null,
        });

        // 106 ends in success: the next pull reads page 1 only, up to 106, and imports it.
        const pending = source.github.deployments.find((d) => d.id === 106) as FakeDeployment;
        pending.statuses.unshift({ state: "success", created_at: "2026-09-06T10:09:00Z" });
        expect(await source.pull(store, config)).toMatchObject({ outcome: "ok", imported: 1, records: 1 });
        expect(source.github.requests.slice(10)).toEqual([`GET ${LIST}`, statusesOf(106)]);
        expect((await cursors.read("gh")).get("deployments")).toEqual({
          position: "2026-09-06T10:00:00Z",
          etag: expect.stringMatching(/^W\/"/),
        });

        await expectNothingNew(STREAM, store);
      } finally {
        await dispose();
      }
    });

    itResumesAfterPageThreeFails(STREAM, engine);

    itGivesTheSameKpisPulledAsFiled(STREAM, engine, { period: "2026-09", now: NOW }, (pulled) => {
      expect(pulled).toEqual(
        expect.arrayContaining([
          ["failed_deployments", 2],
          ["rollbacks", 1],
          ["manual_prod_changes", 0],
        ]),
      );
    });
  });
}

describe("a github source's deployments stream, failures and options", () => {
  const engine = ENGINES[0] as (typeof ENGINES)[number];

  it("reads each environment asked for under its own cursor", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      expect(await source.pull(store, configFor({ environments: ["staging"] }))).toMatchObject({
        outcome: "ok",
        imported: 1,
        records: 1,
      });
      expect(source.github.requests).toEqual([`GET ${LIST}&environment=staging`, statusesOf(108)]);
      const cursors = await createConnectorCursorStore(store).read("gh");
      expect([...cursors.keys()]).toEqual(["deployments:staging"]);
    } finally {
      await dispose();
    }
  });

  itWaitsOutRetryAfter(STREAM, engine);

  it("says what a refused token needs, never showing the token, and imports nothing", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await source.pull(store, configFor(), {
        env: { GITHUB_TOKEN: "ghp_wrong_0000", GITHUB_API_URL: source.github.url },
      });
      expect(run).toMatchObject({ outcome: "failed", imported: 0 });
      expect(run.error).toBe(
        `deployments: github: GET ${source.github.url}${LIST}: 401, the token was refused: Bad credentials (the deployments stream needs a classic token with repo_deployment (repo for private repositories), or a fine-grained token with Deployments: read; check the token's value and expiry); the pull stopped there and resumes from the last stream it finished`,
      );
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("refuses a deployments stream over an organization, and environments without it", () => {
    const org = { repository: undefined, organization: "acme" };
    expect(() => configFor(org)).toThrow(/the deployments stream reads one repository/);
    expect(() => configFor({ streams: ["dependabot"], environments: ["production"] })).toThrow(
      /environments choose what the deployments stream reads/,
    );
  });
});
