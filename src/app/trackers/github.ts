import { SecmetricsError } from "../../model/errors.ts";
import { markedRecommendation } from "../../review/issue-draft.ts";
import type { IssueDraft, UpstreamIssue } from "../../review/tracker-issue.ts";
import { type ApiHttpOptions, apiRequest, nextLink } from "../http/api-http.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";

export interface GithubOptions {
  /** OWNER/NAME. */
  repo: string;
  /** The REST API root: `GITHUB_API_URL` (https://api.github.com, or a GitHub Enterprise server's /api/v3). */
  apiUrl: string;
  token: string;
  /** The label every issue of a sync carries and the list is filtered by. */
  label: string;
  http?: Partial<ApiHttpOptions>;
}

/** The fields of a GitHub issue a sync reads. */
interface GithubIssue {
  number: number;
  html_url: string;
  state: "open" | "closed";
  body: string | null;
  pull_request?: unknown;
}

/**
 * GitHub issues over the REST API: listed by label (`state=all`, 100 a page,
 * following the `Link` header's `next`), told apart by the body's marker.
 */
export function githubAdapter(options: GithubOptions): TrackerAdapter {
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repo))
    throw new SecmetricsError("invalid_argument", `--repo ${options.repo}: not OWNER/NAME`);
  const request = apiRequest({
    service: "github",
    base: options.apiUrl,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${options.token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "secmetrics",
    },
    secrets: [options.token],
    ...options.http,
  });
  const issues = `/repos/${options.repo}/issues`;
  return {
    name: "github",
    where: `github ${options.repo}`,
    async list() {
      const found: UpstreamIssue[] = [];
      let next: string | null =
        `${issues}?state=all&per_page=100&labels=${encodeURIComponent(options.label)}`;
      while (next) {
        const page = await request("GET", next);
        for (const issue of page.body as GithubIssue[]) {
          const id = markedRecommendation(issue.body);
          if (id && !issue.pull_request) found.push(upstream(issue, id));
        }
        next = nextLink(page.headers.get("link"));
      }
      return found;
    },
    async get(issue, recommendationId) {
      const answer = await request("GET", `${issues}/${issue}`, undefined, [404, 410]);
      return answer.status === 200 ? upstream(answer.body as GithubIssue, recommendationId) : null;
    },
    async create(draft) {
      const answer = await request("POST", issues, {
        ...fields(draft),
        labels: draft.labels,
        assignees: draft.assignees,
      });
      return upstream(answer.body as GithubIssue, draft.recommendation_id);
    },
    async update(issue, draft) {
      await request("PATCH", `${issues}/${issue}`, fields(draft));
    },
    async close(issue, comment, because) {
      await request("POST", `${issues}/${issue}/comments`, { body: comment });
      const state_reason = because === "dismissed" ? "not_planned" : "completed";
      await request("PATCH", `${issues}/${issue}`, { state: "closed", state_reason });
    },
  };
}

const fields = (draft: IssueDraft) => ({ title: draft.title, body: draft.body });

function upstream(issue: GithubIssue, recommendationId: string): UpstreamIssue {
  return {
    recommendation_id: recommendationId,
    issue: String(issue.number),
    url: issue.html_url,
    state: issue.state === "closed" ? "closed" : "open",
  };
}
