import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { jiraFixtureIssues, startFakeJiraSearch } from "../../test-support/fake-jira-search.ts";
import type { FakeTracker } from "../../test-support/fake-trackers.ts";
import { runSources } from "./run-sources.ts";

/** Hand-made in Jira's published shapes: 3 incidents and a Bug. */
const ISSUES = jiraFixtureIssues();
const TOKEN = "ATATT3x-source-test-token";
const hour = 3_600_000;
const NOW = Date.parse("2026-10-02T09:00:00Z");

describe("a jira source", () => {
  let fake: FakeTracker & { searches: { jql: string }[] };

  beforeAll(async () => {
    fake = await startFakeJiraSearch({
      email: "secops@example.com",
      token: TOKEN,
      issues: ISSUES,
      pageSize: 2,
      changelogLimit: 100,
      changelogPageSize: 100,
    });
    process.env.SECMETRICS_TEST_JIRA_EMAIL = "secops@example.com";
    process.env.SECMETRICS_TEST_JIRA_TOKEN = TOKEN;
    process.env.SECMETRICS_TEST_JIRA_WRONG = "not-the-token";
  });
  afterAll(() => fake.close());

  const config = (token_env: string) =>
    parseConfig({
      sources: [
        {
          name: "sec-incidents",
          kind: "jira",
          site: fake.url,
          jql: "project = SEC",
          email_env: "SECMETRICS_TEST_JIRA_EMAIL",
          token_env,
          schedule: "0 * * * *",
        },
      ],
    });

  for (const engine of ENGINES) {
    it(`pulls every issue first, then only those updated since the last good run, on ${engine.name}`, async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const run = async (token_env: string, at: number) => {
          const used = config(token_env);
          const [result] =
            (await runSources(store, used, [{ source: used.sources[0]!, dueAt: null }], () => at)) ?? [];
          return result?.status === "ran" ? result.run : null;
        };
        // 4 issues, 2 a page: 2 pages, 3 incidents (the Bug left out).
        expect(await run("SECMETRICS_TEST_JIRA_TOKEN", NOW)).toMatchObject({
          outcome: "ok",
          imported: 2,
          records: 3,
          error: null,
        });
        expect(fake.searches.at(-1)?.jql).toBe("project = SEC ORDER BY updated ASC, key ASC");
        const refused = await run("SECMETRICS_TEST_JIRA_WRONG", NOW + hour);
        expect(refused?.outcome).toBe("failed");
        expect(refused?.error).toContain("sec-incidents: jira: POST");
        expect(refused?.error).toContain("401, the token was refused");
        expect(refused?.error).not.toContain("not-the-token");
        // Bounded by the last good run's start (09:00), a day back; nothing updated since: one empty page.
        expect(await run("SECMETRICS_TEST_JIRA_TOKEN", NOW + 2 * hour)).toMatchObject({
          outcome: "ok",
          imported: 1,
          records: 0,
        });
        expect(fake.searches.at(-1)?.jql).toBe(
          '(project = SEC) AND updated >= "2026-10-01 09:00" ORDER BY updated ASC, key ASC',
        );
        const missing = await run("SECMETRICS_TEST_JIRA_UNSET", NOW + 3 * hour);
        expect(missing?.error).toBe(
          "sec-incidents: set SECMETRICS_TEST_JIRA_EMAIL and SECMETRICS_TEST_JIRA_UNSET (the Atlassian account's email and API token) in the environment",
        );
      } finally {
        await dispose();
      }
    });
  }
});
