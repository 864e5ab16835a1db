import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
import { listFindings } from "../../findings.ts";
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

const startGithub = (scopes?: string) =>
  startFakeGithubAlerts({
    owner: REPO,
    token: GITHUB_TOKEN,
    alerts: { "code-scanning": listing() },
    pageSize: 1,
    ...(scopes === undefined ? {} : { scopes }),
  });
const source = useFakeGithubSource(() => startGithub(), NOW);
const config = githubSourceConfig({ repository: REPO, streams: ["code-scanning"] });
const STREAM = {
  source,
  config,
  first: FIRST,
  path: /code-scanning\/alerts$/,
  file: { format: "github-code-scanning", content: Buffer.from(JSON.stringify(listing())), target: REPO },
};
const pull = (store: Store, options?: SourceRunOptions) => source.pull(store, config, options);

const openFindings = async (store: Store) =>
  (await listFindings(store, { status: "open", limit: 100 }, config, NOW)).rows.map(
    (row) => `${row.vulnerability_id} ${row.severity}`,
  );

for (const engine of ENGINES) {
  describe(`a github source's code-scanning stream on ${engine.name}`, () => {
    it("pages by Link over three pages, keeps the cursor and ETag, and answers 304 as nothing new", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        await expectThreePagesByLink(STREAM, store, {
          stream: "code-scanning",
          position: FIXED_AT,
        });
        // Alerts 2 and 1 open; 3 fixed.
        expect((await openFindings(store)).sort()).toEqual([
          "js/loop-bound-injection high",
          "js/type-confusion-through-parameter-tampering critical",
        ]);
        await expectNothingNew(STREAM, store);
      } finally {
        await dispose();
      }
    });

    itResumesAfterPageThreeFails(STREAM, engine, async (store) => {
      expect((await openFindings(store)).sort()).toEqual([
        "js/loop-bound-injection high",
        "js/type-confusion-through-parameter-tampering critical",
      ]);
    });

    itGivesTheSameKpisPulledAsFiled(STREAM, engine, { period: "2023-02", now: NOW }, (pulled) => {
      // By hand: at the end of February 2023 alerts 1 and 2 are open (3 was fixed on 1 February).
      expect(pulled).toContainEqual(["open_vulnerabilities", 2]);
    });
  });
}

describeGithubRefusals({
  stream: "code-scanning",
  needs:
    "a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Code scanning alerts: read",
  first: FIRST,
  url: () => source.github.url,
  restartWithScopes: (scopes) => source.restart(() => startGithub(scopes)),
  pull,
});
