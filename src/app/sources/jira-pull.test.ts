import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { bufferSource, fileSource } from "../../importers/file-source.ts";
import { SecmetricsError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import {
  JIRA_SEARCH_FIXTURE,
  jiraFixtureIssues,
  startFakeJiraSearch,
} from "../../test-support/fake-jira-search.ts";
import type { FakeTracker } from "../../test-support/fake-trackers.ts";
import { computeKpis } from "../compute-kpis.ts";
import { configuredImport, importFile } from "../import-file.ts";
import { incrementalJql, type JiraPullOptions, jiraFields, pullJiraIssues } from "./jira-pull.ts";

const FIXTURE_ISSUES = jiraFixtureIssues();
const CONFIG = parseConfig({});
const NOW = Date.parse("2026-10-02T09:00:00Z");
const EMAIL = "secops@example.com";
const TOKEN = "ATATT3xFfGF0-not-a-real-token";

type Fake = FakeTracker & { searches: { jql: string; fields: string[]; expand?: string }[] };

/** Imports each page as a `jira` source does: one atomic import per page of the search. */
async function pullInto(
  store: Store,
  options: Partial<JiraPullOptions> & { site: string },
  waits: number[] = [],
) {
  const outcomes = [];
  for await (const page of pullJiraIssues({
    email: EMAIL,
    token: TOKEN,
    jql: 'project = SEC AND issuetype in ("Incident", "Security Incident") ORDER BY created DESC',
    mapping: CONFIG.jira_incidents,
    http: { sleep: async (ms) => void waits.push(ms) },
    ...options,
  }))
    outcomes.push(
      await importFile(store, {
        source: bufferSource(`${page.url}#${outcomes.length + 1}`, JSON.stringify(page.document)),
        format: "jira-issues",
        options: configuredImport(CONFIG).options,
        now: NOW,
      }),
    );
  return outcomes;
}

async function incidentKpis(store: Store) {
  const report = await computeKpis(store, "2026-09", { config: CONFIG, now: NOW });
  const value = (id: string) => report.metrics.find((m) => m.id === id)?.value;
  return {
    incident_count: value("incident_count"),
    sev1_incidents: value("sev1_incidents"),
    mtta: value("mtta"),
    mttr: value("mttr"),
    mttrec: value("mttrec"),
  };
}

describe("incremental JQL", () => {
  it("bounds the user's JQL by updated, a day back, and orders oldest first", () => {
    expect(incrementalJql("project = SEC ORDER BY created DESC", Date.parse("2026-09-10T09:15:42Z"))).toBe(
      '(project = SEC) AND updated >= "2026-09-09 09:15" ORDER BY updated ASC, key ASC',
    );
    expect(incrementalJql("project = SEC", undefined)).toBe("project = SEC ORDER BY updated ASC, key ASC");
  });
});

for (const engine of ENGINES) {
  describe(`pulling Jira incidents on ${engine.name}`, () => {
    let fake: Fake;
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      // SEC-1..3 one per page: 3 pages; SEC-2's 5 changes come 2 in the search, the rest in 2 pages of its own.
      fake = await startFakeJiraSearch({
        email: EMAIL,
        token: TOKEN,
        issues: FIXTURE_ISSUES.filter((issue) => issue.key !== "SEC-4"),
        pageSize: 1,
        changelogLimit: 2,
        changelogPageSize: 2,
      });
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => {
      await fake.close();
      await dispose();
    });

    it("pages by nextPageToken, waits out a 429, completes a cut changelog, and gives the KPIs of the same data imported as a file", async () => {
      fake.interrupt({
        method: "POST",
        path: /\/search\/jql$/,
        status: 429,
        headers: { "retry-after": "7" },
        skip: 1,
      });
      const waits: number[] = [];
      const outcomes = await pullInto(store, { site: fake.url }, waits);
      expect(outcomes.map((o) => [o.status, o.import.records])).toEqual([
        ["imported", 1],
        ["imported", 1],
        ["imported", 1],
      ]);
      expect(waits).toEqual([7000]);
      expect(fake.requests.map((r) => r.replace(/\?.*/, (q) => (q.includes("startAt") ? q : "")))).toEqual([
        "POST /rest/api/3/search/jql",
        "POST /rest/api/3/search/jql", // 429
        "POST /rest/api/3/search/jql",
        "GET /rest/api/3/issue/SEC-2/changelog?startAt=0&maxResults=100",
        "GET /rest/api/3/issue/SEC-2/changelog?startAt=2&maxResults=100",
        "GET /rest/api/3/issue/SEC-2/changelog?startAt=4&maxResults=100",
        "POST /rest/api/3/search/jql",
      ]);
      // The fields the mapping reads, its severity field (priority) among them.
      expect(fake.searches[0]).toMatchObject({
        expand: "changelog",
        fields: jiraFields(CONFIG.jira_incidents),
      });
      expect(fake.searches[0]?.fields).toContain("priority");
      const { store: byFile, dispose: disposeFile } = await createTestStore(engine);
      try {
        await importFile(byFile, {
          source: fileSource(JIRA_SEARCH_FIXTURE, "search-jql-incidents.json"),
          format: "jira-issues",
          options: configuredImport(CONFIG).options,
          now: NOW,
        });
        const pulled = await incidentKpis(store);
        // By hand (SOURCES.md): 3 incidents, 1 critical; MTTA (1800 + 3600 + 900) / 3 = 2100 s;
        // MTTR (7200 + 14400) / 2 = 10800 s; MTTRec (7200 + 28800) / 2 = 18000 s.
        expect(pulled).toEqual({
          incident_count: 3,
          sev1_incidents: 1,
          mtta: 2100,
          mttr: 10800,
          mttrec: 18000,
        });
        expect(await incidentKpis(byFile)).toEqual(pulled);
      } finally {
        await disposeFile();
      }
    });

    it("resumes after a failure mid-way from the same bound, counting nothing twice", async () => {
      fake.interrupt({ method: "POST", path: /\/search\/jql$/, status: 502, skip: 2, body: "Bad Gateway" });
      await expect(pullInto(store, { site: fake.url })).rejects.toThrow(
        `jira: POST ${fake.url}/rest/api/3/search/jql: 502`,
      );
      // The first two pages were imported before the third failed; the run again reads all three.
      expect((await incidentKpis(store)).incident_count).toBe(2);
      const again = await pullInto(store, {
        site: fake.url,
        updatedSince: Date.parse("2026-09-01T08:00:00Z"),
      });
      expect(again.map((o) => o.status)).toEqual(["unchanged", "unchanged", "imported"]);
      expect((await incidentKpis(store)).incident_count).toBe(3);
      expect((await store.listImports()).map((i) => i.records)).toEqual([1, 1, 1]);
    });

    it("says what a 401 and a 403 need, the token never shown", async () => {
      const refused = await pullInto(store, { site: fake.url, token: "wrong" }).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(SecmetricsError);
      expect((refused as SecmetricsError).message).toBe(
        `jira: POST ${fake.url}/rest/api/3/search/jql: 401, the token was refused: You are not authenticated.`,
      );
      fake.interrupt({
        method: "POST",
        path: /\/search\/jql$/,
        status: 403,
        body: { errorMessages: ["You do not have permission to view these issues."], errors: {} },
      });
      const forbidden = (await pullInto(store, { site: fake.url }).catch(
        (error: unknown) => error,
      )) as SecmetricsError;
      expect(forbidden.message).toContain("403, the token may not do this: You do not have permission");
      expect(forbidden.hint).toContain('"Browse projects" permission');
      expect(`${refused}${forbidden}`).not.toContain(TOKEN);
    });
  });
}
