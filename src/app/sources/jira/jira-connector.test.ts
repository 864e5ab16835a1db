import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import type { FakeApi } from "../../../test-support/fake-api.ts";
import { jiraFixtureIssues, startFakeJiraSearch } from "../../../test-support/fake-jira-search.ts";
import { runSources } from "../run-sources.ts";

/** Hand-made in Jira's published shapes: 3 incidents and a Bug. */
const ISSUES = jiraFixtureIssues();
const TOKEN = "ATATT3x-source-test-token";
const hour = 3_600_000;
const ENV = {
  SECMETRICS_TEST_JIRA_EMAIL: "secops@example.com",
  SECMETRICS_TEST_JIRA_TOKEN: TOKEN,
  SECMETRICS_TEST_JIRA_WRONG: "not-the-token",
};
const NOW = Date.parse("2026-10-02T09:00:00Z");

describe("a jira source", () => {
  let fake: FakeApi & { searches: { jql: string }[] };

  beforeAll(async () => {
    fake = await startFakeJiraSearch({
      email: "secops@example.com",
      token: TOKEN,
      issues: ISSUES,
      pageSize: 2,
      changelogLimit: 100,
      changelogPageSize: 100,
    });
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
    it(`pulls every issue first, then only those updated since the latest it pulled, on ${engine.name}`, async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const run = async (token_env: string, at: number) => {
          const used = config(token_env);
          const [result] =
            (await runSources(store, used, [{ source: used.sources[0]!, dueAt: null }], () => at, {
              env: ENV,
            })) ?? [];
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
        expect(refused?.error).toContain("jira: POST");
        expect(refused?.error).toContain("401, the token was refused");
        expect(refused?.error).not.toContain("not-the-token");
        // From the latest update pulled (SEC-4's, 09-11 09:00), a day back: SEC-3 (09-10 09:00) and SEC-4,
        // the same page as before: unchanged.
        expect(await run("SECMETRICS_TEST_JIRA_TOKEN", NOW + 2 * hour)).toMatchObject({
          outcome: "ok",
          imported: 0,
          unchanged: 1,
          records: 0,
        });
        expect(fake.searches.at(-1)?.jql).toBe(
          '(project = SEC) AND updated >= "2026-09-10 09:00" ORDER BY updated ASC, key ASC',
        );
        const missing = await run("SECMETRICS_TEST_JIRA_UNSET", NOW + 3 * hour);
        expect(missing?.error).toBe(
          "SECMETRICS_TEST_JIRA_UNSET is not set: source sec-incidents reads its credentials from the environment only",
        );
      } finally {
        await dispose();
      }
    });
  }
});
