import { createHash } from "node:crypto";
import { SecmetricsError } from "../../model/errors.ts";
import type { IssueDraft, UpstreamIssue } from "../../review/tracker-issue.ts";
import { type ApiHttpOptions, apiRequest } from "../http/api-http.ts";
import { markdownToAdf } from "./adf.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";

export interface JiraOptions {
  /** The site: https://example.atlassian.net. */
  url: string;
  /** The project key issues are created in. */
  project: string;
  issueType: string;
  email: string;
  token: string;
  label: string;
  http?: Partial<ApiHttpOptions>;
}

/** The fields of a Jira issue a sync reads. */
interface JiraIssue {
  key: string;
  fields: { labels?: string[]; status?: { statusCategory?: { key?: string } } };
}

interface JiraTransition {
  id: string;
  to?: { statusCategory?: { key?: string } };
}

/** Jira's longest summary. */
const SUMMARY_LENGTH = 255;

/**
 * `secmetrics-rec-<12 hex>`: the label that finds a recommendation's issue
 * (a Jira label takes no spaces and the id has some room to grow).
 */
export function recommendationLabel(recommendationId: string): string {
  return `secmetrics-rec-${createHash("sha256").update(recommendationId).digest("hex").slice(0, 12)}`;
}

/**
 * Jira Cloud issues over the REST API v3: created with an ADF description
 * and a label per recommendation, listed through `POST /search/jql` (pages
 * by `nextPageToken`; the old `/search` is gone), closed by the transition
 * to a status of the "done" category. The search is eventually consistent,
 * so a sync reads the issues it created by the key the store kept.
 */
export function jiraAdapter(options: JiraOptions): TrackerAdapter {
  const basic = Buffer.from(`${options.email}:${options.token}`).toString("base64");
  const request = apiRequest({
    service: "jira",
    base: options.url,
    headers: { authorization: `Basic ${basic}`, accept: "application/json" },
    secrets: [options.token, basic],
    ...options.http,
  });
  const site = options.url.replace(/\/$/, "");
  const upstream = (issue: JiraIssue, recommendationId: string): UpstreamIssue => ({
    recommendation_id: recommendationId,
    issue: issue.key,
    url: `${site}/browse/${issue.key}`,
    state: issue.fields.status?.statusCategory?.key === "done" ? "closed" : "open",
  });
  return {
    name: "jira",
    where: `jira ${options.project}`,
    async list(ids) {
      const byLabel = new Map(ids.map((id) => [recommendationLabel(id), id]));
      const found: UpstreamIssue[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await request("POST", "/rest/api/3/search/jql", {
          jql: `project = "${options.project}" AND labels = "${options.label}" ORDER BY key`,
          fields: ["labels", "status"],
          maxResults: 100,
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        const body = page.body as { issues?: JiraIssue[]; nextPageToken?: string; isLast?: boolean };
        for (const issue of body.issues ?? []) {
          const id = (issue.fields.labels ?? []).map((label) => byLabel.get(label)).find((id) => id);
          if (id) found.push(upstream(issue, id));
        }
        nextPageToken =
          body.isLast === false || (body.isLast === undefined && body.nextPageToken)
            ? body.nextPageToken
            : undefined;
      } while (nextPageToken);
      return found;
    },
    async get(issue, recommendationId) {
      const answer = await request(
        "GET",
        `/rest/api/3/issue/${issue}?fields=labels,status`,
        undefined,
        [404],
      );
      return answer.status === 200 ? upstream(answer.body as JiraIssue, recommendationId) : null;
    },
    async create(draft) {
      const [assignee] = draft.assignees;
      const answer = await request("POST", "/rest/api/3/issue", {
        fields: {
          project: { key: options.project },
          issuetype: { name: options.issueType },
          ...fields(draft),
          labels: [...draft.labels, recommendationLabel(draft.recommendation_id)],
          ...(assignee ? { assignee: { accountId: assignee } } : {}),
        },
      });
      const { key } = answer.body as { key: string };
      return {
        recommendation_id: draft.recommendation_id,
        issue: key,
        url: `${site}/browse/${key}`,
        state: "open",
      };
    },
    async update(issue, draft) {
      await request("PUT", `/rest/api/3/issue/${issue}`, { fields: fields(draft) });
    },
    async close(issue, comment) {
      await request("POST", `/rest/api/3/issue/${issue}/comment`, { body: markdownToAdf(comment) });
      const answer = await request("GET", `/rest/api/3/issue/${issue}/transitions`);
      const { transitions = [] } = answer.body as { transitions?: JiraTransition[] };
      const done = transitions.find((t) => t.to?.statusCategory?.key === "done");
      if (!done)
        throw new SecmetricsError(
          "unavailable",
          `jira: ${issue} has no transition to a done status from where it is`,
          "close it by hand, or add such a transition to the project's workflow",
        );
      await request("POST", `/rest/api/3/issue/${issue}/transitions`, { transition: { id: done.id } });
    },
  };
}

function fields(draft: IssueDraft) {
  return { summary: draft.title.slice(0, SUMMARY_LENGTH), description: markdownToAdf(draft.body) };
}
