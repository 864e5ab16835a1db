import type { JiraMapping } from "../../../config/jira.ts";
import type { ApiRequest } from "../../http/api-http.ts";

export interface JiraPullOptions {
  /** The site: https://example.atlassian.net. */
  site: string;
  /** Selects the incident issues; the pull adds its own `updated` bound and order. */
  jql: string;
  mapping: JiraMapping;
  /**
   * Issues updated at or after this instant only (epoch ms), or every one.
   * JQL dates have minute precision in the account's time zone, so the bound
   * is read back by a day: issues read again update their incidents by key.
   */
  updatedSince?: number;
  pageSize?: number;
}

/** One page of the search, its issues' changelogs complete: what `jira-issues` imports. */
export interface JiraPage {
  /** The request it answers, for provenance. */
  url: string;
  /** `{isLast, issues}` as the search answers, each changelog holding every change. */
  document: { isLast: boolean; issues: JiraIssueJson[] };
}

interface JiraIssueJson {
  key: string;
  changelog?: { startAt?: number; maxResults?: number; total?: number; histories?: unknown[] };
  [field: string]: unknown;
}

const DAY_MS = 86_400_000;
const CHANGELOG_PAGE = 100;

/** The fields the `jira-issues` importer reads, and the severity field the mapping names. */
export function jiraFields(mapping: JiraMapping): string[] {
  const fields = [
    "summary",
    "issuetype",
    "project",
    "created",
    "updated",
    "status",
    "resolution",
    "resolutiondate",
    "assignee",
    "reporter",
    "components",
  ];
  return fields.includes(mapping.severity_field) ? fields : [...fields, mapping.severity_field];
}

/** `(JQL) AND updated >= "yyyy-MM-dd HH:mm"`, oldest first: the user's own ORDER BY gives way to the pull's. */
export function incrementalJql(jql: string, updatedSince: number | undefined): string {
  const where = jql.replace(/\s+ORDER\s+BY\s+.*$/is, "").trim();
  const since =
    updatedSince === undefined
      ? null
      : new Date(updatedSince - DAY_MS).toISOString().slice(0, 16).replace("T", " ");
  const bound = since === null ? where : `(${where}) AND updated >= "${since}"`;
  return `${bound} ORDER BY updated ASC, key ASC`;
}

/**
 * Jira Cloud's issue search (`POST /rest/api/3/search/jql`, pages by
 * `nextPageToken`; the old `/search` answers 410) with each issue's
 * changelog, completed through `/issue/{key}/changelog` when the search cut
 * it short. Pages come one at a time, so each is imported before the next
 * is asked for. `request` is a client of the site with Basic auth.
 */
export async function* pullJiraIssues(
  request: ApiRequest,
  options: JiraPullOptions,
): AsyncGenerator<JiraPage> {
  const search = `${options.site.replace(/\/$/, "")}/rest/api/3/search/jql`;
  const body = {
    jql: incrementalJql(options.jql, options.updatedSince),
    fields: jiraFields(options.mapping),
    expand: "changelog",
    maxResults: options.pageSize ?? 100,
  };
  let nextPageToken: string | undefined;
  do {
    const page = await request("POST", "/rest/api/3/search/jql", {
      ...body,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    const answer = page.body as { issues?: JiraIssueJson[]; nextPageToken?: string; isLast?: boolean };
    const issues: JiraIssueJson[] = [];
    for (const issue of answer.issues ?? []) issues.push(await withFullChangelog(request, issue));
    nextPageToken = answer.nextPageToken;
    yield { url: search, document: { isLast: !nextPageToken, issues } };
  } while (nextPageToken);
}

async function withFullChangelog(request: ApiRequest, issue: JiraIssueJson): Promise<JiraIssueJson> {
  const held = issue.changelog?.histories ?? [];
  const total = issue.changelog?.total ?? held.length;
  if (total <= held.length) return issue;
  const histories: unknown[] = [];
  for (let startAt = 0; ; ) {
    const page = await request(
      "GET",
      `/rest/api/3/issue/${encodeURIComponent(issue.key)}/changelog?startAt=${startAt}&maxResults=${CHANGELOG_PAGE}`,
    );
    const { values = [], isLast } = page.body as { values?: unknown[]; isLast?: boolean };
    histories.push(...values);
    startAt += values.length;
    if (isLast || values.length === 0) break;
  }
  return {
    ...issue,
    changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
  };
}
