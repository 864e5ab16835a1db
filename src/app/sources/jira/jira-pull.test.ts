import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import type { SourceConfig } from "../../../config/sources.ts";
import { fileSource } from "../../../importers/file-source.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import type { FakeApi } from "../../../test-support/fake-api.ts";
import {
  JIRA_SEARCH_FIXTURE,
  jiraFixtureIssues,
  startFakeJiraSearch,
} from "../../../test-support/fake-jira-search.ts";
import { computeKpis } from "../../compute-kpis.ts";
import { configuredImport, importFile } from "../../import-file.ts";
import { connectorReader } from "../connector-source.ts";
import { jiraConnector } from "./jira-connector.ts";
import { incrementalJql, jiraFields } from "./jira-pull.ts";

const FIXTURE_ISSUES = jiraFixtureIssues();
const CONFIG = parseConfig({});
const NOW = Date.parse("2026-10-02T09:00:00Z");
const EMAIL = "secops@example.com";
const TOKEN = "ATATT3xFfGF0-not-a-real-token";

type Fake = FakeApi & { searches: { jql: string; fields: string[]; expand?: string }[] };

const read = connectorReader(jiraConnector);

/** One run of a jira source, as `sources run` or `pull` runs it: a page of the search per atomic import. */
function pullInto(store: Store, site: string, options: { token?: string; waits?: number[] } = {}) {
  const config = parseConfig({
    sources: [
      {
        name: "sec-incidents",
        kind: "jira",
        site,
        jql: 'project = SEC AND issuetype in ("Incident", "Security Incident") ORDER BY created DESC',
        schedule: "0 * * * *",
      },
    ],
  });
  const source = config.sources[0] as Extract<SourceConfig, { kind: "jira" }>;
  const waits = options.waits ?? [];
  return read(store, config, source, NOW, {
    env: { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: options.token ?? TOKEN },
    http: { sleep: async (ms: number) => void waits.push(ms) },
  });
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
      // One issue a page: 3 imports of 1 incident each.
      expect(await pullInto(store, fake.url, { waits })).toEqual({
        imported: 3,
        unchanged: 0,
        records: 3,
        errors: [],
      });
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

    it("resumes after a failure mid-way from the same cursor, counting nothing twice", async () => {
      fake.interrupt({ method: "POST", path: /\/search\/jql$/, status: 502, skip: 2, body: "Bad Gateway" });
      const failed = await pullInto(store, fake.url);
      expect(failed).toMatchObject({ imported: 2, records: 2 });
      expect(failed.errors[0]).toContain(`jira: POST ${fake.url}/rest/api/3/search/jql: 502`);
      // The first two pages were imported before the third failed; the cursor was not moved.
      expect((await incidentKpis(store)).incident_count).toBe(2);
      expect(await pullInto(store, fake.url)).toEqual({ imported: 1, unchanged: 2, records: 1, errors: [] });
      expect((await incidentKpis(store)).incident_count).toBe(3);
      // Now from the latest update pulled (SEC-3's, 09-10 09:00), a day back: SEC-3 again, unchanged.
      expect(await pullInto(store, fake.url)).toEqual({ imported: 0, unchanged: 1, records: 0, errors: [] });
      expect(fake.searches.at(-1)?.jql).toContain('AND updated >= "2026-09-09 09:00"');
      expect((await store.listImports()).map((i) => i.records)).toEqual([1, 1, 1]);
    });

    it("says what a 401 and a 403 need, the token never shown", async () => {
      const [refused] = (await pullInto(store, fake.url, { token: "wrong-token" })).errors;
      expect(refused).toContain(`jira: POST ${fake.url}/rest/api/3/search/jql: 401, the token was refused`);
      fake.interrupt({
        method: "POST",
        path: /\/search\/jql$/,
        status: 403,
        body: { errorMessages: ["You do not have permission to view these issues."], errors: {} },
      });
      const [forbidden] = (await pullInto(store, fake.url)).errors;
      expect(forbidden).toContain("403, the token may not do this: You do not have permission");
      expect(forbidden).toContain('"Browse projects" permission');
      expect(`${refused}${forbidden}`).not.toContain("wrong-token");
      expect(`${refused}${forbidden}`).not.toContain(TOKEN);
    });
  });
}
