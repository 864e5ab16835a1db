import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type FakeApi, type Route, startFakeApi } from "./fake-api.ts";
import { jiraRefuses } from "./fake-trackers.ts";

/** A page of the search, hand-made in Jira's published shapes: its SOURCES.md works out each figure. */
export const JIRA_SEARCH_FIXTURE = join(
  import.meta.dirname,
  "..",
  "importers",
  "jira-issues",
  "fixtures",
  "search-jql-incidents.json",
);

/** The fixture's issues (SEC-1..3 incidents, SEC-4 a Bug), to serve. */
export function jiraFixtureIssues(): FakeJiraIssue[] {
  return (JSON.parse(readFileSync(JIRA_SEARCH_FIXTURE, "utf8")) as { issues: FakeJiraIssue[] }).issues;
}

/** An issue as the search answers it (`IssueBean`), its changelog whole: the fake cuts it as Jira does. */
export interface FakeJiraIssue {
  key: string;
  fields: Record<string, unknown> & { updated: string };
  changelog: { histories: unknown[] };
  [other: string]: unknown;
}

/**
 * Jira Cloud's issue search for a pull, Basic auth: `POST
 * /rest/api/3/search/jql` filters by the JQL's `updated >= "yyyy-MM-dd
 * HH:mm"` (UTC here), orders by `updated`, pages by `nextPageToken`, returns
 * only the `fields` asked for and, with `expand: changelog`, at most
 * `changelogLimit` changes with their `total`; `GET
 * /rest/api/3/issue/{key}/changelog` pages the rest by `startAt`. The old
 * `/search` answers 410.
 */
export function startFakeJiraSearch(options: {
  email: string;
  token: string;
  issues: FakeJiraIssue[];
  pageSize: number;
  changelogLimit: number;
  changelogPageSize: number;
}): Promise<FakeApi & { searches: { jql: string; fields: string[]; expand?: string }[] }> {
  const searches: { jql: string; fields: string[]; expand?: string }[] = [];
  const route: Route = (method, url, body, reply, req) => {
    if (jiraRefuses(options, url, reply, req)) return;
    if (url.pathname === "/rest/api/3/search/jql" && method === "POST") {
      const request = body as {
        jql: string;
        fields: string[];
        expand?: string;
        nextPageToken?: string;
        maxResults?: number;
      };
      searches.push({ jql: request.jql, fields: request.fields, expand: request.expand });
      const since = /updated >= "([^"]+)"/.exec(request.jql)?.[1];
      const found = options.issues
        .filter(
          (issue) => !since || Date.parse(issue.fields.updated) >= Date.parse(`${since.replace(" ", "T")}Z`),
        )
        .sort((a, b) => Date.parse(a.fields.updated) - Date.parse(b.fields.updated));
      const size = Math.min(request.maxResults ?? 50, options.pageSize);
      const start = request.nextPageToken
        ? Number(Buffer.from(request.nextPageToken, "base64").toString())
        : 0;
      const isLast = start + size >= found.length;
      return reply(200, {
        isLast,
        issues: found.slice(start, start + size).map((issue) => ({
          ...issue,
          fields: Object.fromEntries(
            Object.entries(issue.fields).filter(([name]) => request.fields.includes(name)),
          ),
          changelog:
            request.expand === "changelog"
              ? {
                  startAt: 0,
                  maxResults: options.changelogLimit,
                  total: issue.changelog.histories.length,
                  histories: issue.changelog.histories.slice(0, options.changelogLimit),
                }
              : undefined,
        })),
        ...(isLast ? {} : { nextPageToken: Buffer.from(String(start + size)).toString("base64") }),
      });
    }
    const changelog = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)\/changelog$/.exec(url.pathname);
    const issue = changelog && options.issues.find((i) => i.key === changelog[1]);
    if (!issue)
      return reply(404, {
        errorMessages: ["Issue does not exist or you do not have permission to see it."],
        errors: {},
      });
    const all = issue.changelog.histories;
    const startAt = Number(url.searchParams.get("startAt") ?? 0);
    const maxResults = Math.min(Number(url.searchParams.get("maxResults") ?? 100), options.changelogPageSize);
    const values = all.slice(startAt, startAt + maxResults);
    return reply(200, {
      self: `${url.href}`,
      startAt,
      maxResults,
      total: all.length,
      isLast: startAt + values.length >= all.length,
      values,
    });
  };
  return startFakeApi(route).then((fake) => ({ ...fake, searches }));
}
