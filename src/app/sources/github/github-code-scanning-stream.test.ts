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
import {
  describeGithubRefusals,
  expectResumeAfterPageThreeFails,
} from "../../../test-support/github-stream-cases.ts";
import { pulledAndFiledKpis } from "../../../test-support/pulled-and-filed.ts";
import { runOnlySource } from "../../../test-support/run-source.ts";
import { listFindings } from "../../findings.ts";
import { importFile } from "../../import-file.ts";
import type { SourceRunOptions } from "../source-reader.ts";

/*
 * The code-scanning stream over a fake GitHub, one alert a page so that
 * three alerts make three pages: the two alerts recorded from
 * cortextests/test-code-scanning (repo-alerts.json, see the importer's
 * SOURCES.md; both open, updated 2023-01-06T10:47:36Z) and a hand-made
 * third, alert 3, created 2023-01-10 and fixed 2023-02-01 (the newest
 * update, so first in GitHub's sort=updated&direction=desc order), js/zipslip
 * at lib/unzip.ts:12.
 */
const REPO = "cortextests/test-code-scanning";
const TOKEN = "ghp_fake0123456789abcdef";
const NOW = Date.parse("2023-03-01T00:00:00Z");
const FIRST = `/repos/${REPO}/code-scanning/alerts?sort=updated&direction=desc&per_page=100`;
const FIXED_AT = "2023-02-01T09:00:00Z";

type Alert = { number: number; state: string; updated_at: string; fixed_at: string | null };
const recorded = join(
  import.meta.dirname,
  "../../../importers/github-code-scanning/fixtures/repo-alerts.json",
);
function listing(): Alert[] {
  const [two, one] = JSON.parse(readFileSync(recorded, "utf8")) as Alert[];
  const fixed = {
    ...two,
    number: 3,
    state: "fixed",
    created_at: "2023-01-10T08:00:00Z",
    updated_at: FIXED_AT,
    fixed_at: FIXED_AT,
    rule: { id: "js/zipslip", severity: "error", security_severity_level: "high" },
    most_recent_instance: { location: { path: "lib/unzip.ts", start_line: 12 } },
  };
  return [fixed, two, one] as Alert[];
}

let github: FakeGithubAlerts;
let waits: number[];
beforeEach(async () => {
  github = await startFakeGithubAlerts({
    owner: REPO,
    token: TOKEN,
    alerts: { "code-scanning": listing() },
    pageSize: 1,
  });
  waits = [];
});
afterEach(() => github.close());

const config: Config = parseConfig({
  sources: [
    { name: "gh", kind: "github", repository: REPO, streams: ["code-scanning"], schedule: "0 6 * * *" },
  ],
});

const pull = (store: Store, options: SourceRunOptions = {}) =>
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

const openFindings = async (store: Store) =>
  (await listFindings(store, { status: "open", limit: 100 }, config, NOW)).rows.map(
    (row) => `${row.vulnerability_id} ${row.severity}`,
  );

for (const engine of ENGINES) {
  describe(`a github source's code-scanning stream on ${engine.name}`, () => {
    it("pages by Link over three pages, keeps the cursor and ETag, and answers 304 as nothing new", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        expect(await pull(store)).toMatchObject({ outcome: "ok", imported: 3, error: null });
        expect(github.requests).toEqual([`GET ${FIRST}`, `GET ${FIRST}&page=2`, `GET ${FIRST}&page=3`]);
        expect((await createConnectorCursorStore(store).read("gh")).get("code-scanning")).toEqual({
          position: FIXED_AT,
          etag: expect.stringMatching(/^W\/"/),
        });
        // Alerts 2 and 1 open; 3 fixed.
        expect((await openFindings(store)).sort()).toEqual([
          "js/loop-bound-injection high",
          "js/type-confusion-through-parameter-tampering critical",
        ]);
        expect(await pull(store)).toMatchObject({ outcome: "ok", imported: 0, unchanged: 0 });
        expect(github.requests.slice(3)).toEqual([`GET ${FIRST}`]);
      } finally {
        await dispose();
      }
    });

    it("keeps the cursor when page 3 fails, and resumes without counting an alert twice", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        await expectResumeAfterPageThreeFails(github, /code-scanning\/alerts$/, store, (at) => pull(at));
        expect((await openFindings(store)).sort()).toEqual([
          "js/loop-bound-injection high",
          "js/type-confusion-through-parameter-tampering critical",
        ]);
      } finally {
        await dispose();
      }
    });

    it("gives the same KPIs pulled as imported from the same listing saved as a file", async () => {
      const kpis = await pulledAndFiledKpis(
        engine,
        (store) => pull(store),
        { format: "github-code-scanning", content: Buffer.from(JSON.stringify(listing())), target: REPO },
        { period: "2023-02", config, now: NOW },
      );
      expect(kpis.pulled).toEqual(kpis.filed);
      // By hand: at the end of February 2023 alerts 1 and 2 are open (3 was fixed on 1 February).
      expect(kpis.pulled).toContainEqual(["open_vulnerabilities", 2]);
    });
  });
}

describeGithubRefusals({
  stream: "code-scanning",
  needs:
    "a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Code scanning alerts: read",
  first: FIRST,
  url: () => github.url,
  restartWithScopes: async (scopes) => {
    await github.close();
    github = await startFakeGithubAlerts({
      owner: REPO,
      token: TOKEN,
      alerts: { "code-scanning": listing() },
      pageSize: 1,
      scopes,
    });
  },
  pull: (store, options) => pull(store, options),
});
