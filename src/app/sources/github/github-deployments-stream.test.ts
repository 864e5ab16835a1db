import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import type { Config } from "../../../config/schema.ts";
import { createConnectorCursorStore } from "../../../store/connector-cursor-store.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import {
  type FakeDeployment,
  type FakeGithubDeployments,
  startFakeGithubDeployments,
} from "../../../test-support/fake-github-deployments.ts";
import { pulledAndFiledKpis } from "../../../test-support/pulled-and-filed.ts";
import { runOnlySource } from "../../../test-support/run-source.ts";
import type { SourceRunOptions } from "../source-reader.ts";

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
const TOKEN = "ghp_fake0123456789abcdef";
const NOW = Date.parse("2026-09-10T00:00:00Z");
const LIST = `/repos/${REPO}/deployments?per_page=100`;
const statusesOf = (id: number) => `GET /repos/${REPO}/deployments/${id}/statuses?per_page=100`;

const deployments = (): FakeDeployment[] => JSON.parse(readFileSync(FIXTURE, "utf8"));

let github: FakeGithubDeployments;
let waits: number[];
beforeEach(async () => {
  github = await startFakeGithubDeployments({
    repository: REPO,
    token: TOKEN,
    deployments: deployments(),
    pageSize: 3,
  });
  waits = [];
});
afterEach(() => github.close());

function configFor(fields: Record<string, unknown> = {}): Config {
  return parseConfig({
    sources: [
      {
        name: "gh",
        kind: "github",
        repository: REPO,
        streams: ["deployments"],
        schedule: "0 6 * * *",
        ...fields,
      },
    ],
  });
}

const pull = (store: Store, config: Config, options: SourceRunOptions = {}, now = NOW) =>
  runOnlySource(
    store,
    config,
    {
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url },
      http: { sleep: async (ms) => void waits.push(ms) },
      ...options,
    },
    now,
  );

for (const engine of ENGINES) {
  describe(`a github source's deployments stream on ${engine.name}`, () => {
    it("reads 3 pages with each deployment's statuses, holds the cursor at the one still pending, then answers 304 as nothing new", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = configFor();
        expect(await pull(store, config)).toMatchObject({
          outcome: "ok",
          imported: 3,
          records: 6,
          error: null,
        });
        expect(github.requests).toEqual([
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
        const pending = github.deployments.find((d) => d.id === 106) as FakeDeployment;
        pending.statuses.unshift({ state: "success", created_at: "2026-09-06T10:09:00Z" });
        expect(await pull(store, config)).toMatchObject({ outcome: "ok", imported: 1, records: 1 });
        expect(github.requests.slice(10)).toEqual([`GET ${LIST}`, statusesOf(106)]);
        expect((await cursors.read("gh")).get("deployments")).toEqual({
          position: "2026-09-06T10:00:00Z",
          etag: expect.stringMatching(/^W\/"/),
        });

        // Nothing changed: one request, answered 304, nothing imported.
        expect(await pull(store, config)).toMatchObject({ outcome: "ok", imported: 0, unchanged: 0 });
        expect(github.requests.slice(12)).toEqual([`GET ${LIST}`]);
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
          path: /deployments$/,
          status: 502,
          skip: 2,
          body: { message: "Server Error" },
        });
        const failed = await pull(store, config);
        expect(failed).toMatchObject({ outcome: "failed", imported: 2, unchanged: 0 });
        expect(failed.error).toBe(
          `github: GET ${github.url}${LIST}&page=3: 502: Server Error (run it again: it resumes where it stopped); the pull stopped there and resumes from the last stream it finished`,
        );
        expect(await createConnectorCursorStore(store).read("gh")).toEqual(new Map());
        expect(await pull(store, config)).toMatchObject({ outcome: "ok", imported: 1, unchanged: 2 });
        expect((await store.listImports()).length).toBe(3);
      } finally {
        await dispose();
      }
    });

    it("gives the same KPIs pulled as imported from the same deployments saved as a file", async () => {
      const config = configFor();
      const kpis = await pulledAndFiledKpis(
        engine,
        (store) => pull(store, config),
        { format: "github-deployments", content: readFileSync(FIXTURE), target: REPO },
        { period: "2026-09", config, now: NOW },
      );
      expect(kpis.pulled).toEqual(kpis.filed);
      expect(kpis.pulled).toEqual(
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
      expect(await pull(store, configFor({ environments: ["staging"] }))).toMatchObject({
        outcome: "ok",
        imported: 1,
        records: 1,
      });
      expect(github.requests).toEqual([`GET ${LIST}&environment=staging`, statusesOf(108)]);
      const cursors = await createConnectorCursorStore(store).read("gh");
      expect([...cursors.keys()]).toEqual(["deployments:staging"]);
    } finally {
      await dispose();
    }
  });

  it("waits out a 429 for its Retry-After and goes on", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      github.interrupt({
        method: "GET",
        path: /deployments$/,
        status: 429,
        headers: { "retry-after": "7" },
        skip: 1,
        body: { message: "API rate limit exceeded" },
      });
      expect(await pull(store, configFor())).toMatchObject({ outcome: "ok", imported: 3 });
      expect(waits).toEqual([7000]);
    } finally {
      await dispose();
    }
  });

  it("says what a refused token needs, never showing the token, and imports nothing", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, configFor(), {
        env: { GITHUB_TOKEN: "ghp_wrong_0000", GITHUB_API_URL: github.url },
      });
      expect(run).toMatchObject({ outcome: "failed", imported: 0 });
      expect(run.error).toBe(
        `deployments: github: GET ${github.url}${LIST}: 401, the token was refused: Bad credentials (the deployments stream needs a classic token with repo_deployment (repo for private repositories), or a fine-grained token with Deployments: read; check the token's value and expiry); the pull stopped there and resumes from the last stream it finished`,
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
