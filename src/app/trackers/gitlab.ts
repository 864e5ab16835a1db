import { markedRecommendation } from "../../review/issue-draft.ts";
import type { IssueDraft, UpstreamIssue } from "../../review/tracker-issue.ts";
import { type ApiHttpOptions, apiRequest, nextLink } from "../http/api-http.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";

export interface GitlabOptions {
  /** The project's numeric id or its path ("group/project"). */
  project: string;
  /** The API v4 root: `CI_API_V4_URL` in GitLab CI, or the server's URL with /api/v4. */
  apiUrl: string;
  token: string;
  label: string;
  http?: Partial<ApiHttpOptions>;
}

/** The fields of a GitLab issue a sync reads. */
interface GitlabIssue {
  iid: number;
  web_url: string;
  state: "opened" | "closed";
  description: string | null;
}

/**
 * GitLab issues over the REST API v4: listed by label (100 a page, following
 * the `Link` header or `x-next-page`), told apart by the description's marker.
 * Assignees are user ids.
 */
export function gitlabAdapter(options: GitlabOptions): TrackerAdapter {
  const request = apiRequest({
    service: "gitlab",
    base: options.apiUrl,
    headers: { "private-token": options.token },
    secrets: [options.token],
    ...options.http,
  });
  const issues = `/projects/${encodeURIComponent(options.project)}/issues`;
  return {
    name: "gitlab",
    where: `gitlab ${options.project}`,
    async list() {
      const found: UpstreamIssue[] = [];
      const first = `${issues}?scope=all&per_page=100&labels=${encodeURIComponent(options.label)}`;
      let next: string | null = first;
      while (next) {
        const page = await request("GET", next);
        for (const issue of page.body as GitlabIssue[]) {
          const id = markedRecommendation(issue.description);
          if (id) found.push(upstream(issue, id));
        }
        const nextPage = page.headers.get("x-next-page");
        next = nextLink(page.headers.get("link")) ?? (nextPage ? `${first}&page=${nextPage}` : null);
      }
      return found;
    },
    async get(issue, recommendationId) {
      const answer = await request("GET", `${issues}/${issue}`, undefined, [404]);
      return answer.status === 200 ? upstream(answer.body as GitlabIssue, recommendationId) : null;
    },
    async create(draft) {
      const answer = await request("POST", issues, {
        ...fields(draft),
        labels: draft.labels.join(","),
        assignee_ids: draft.assignees.map(Number).filter(Number.isInteger),
      });
      return upstream(answer.body as GitlabIssue, draft.recommendation_id);
    },
    async update(issue, draft) {
      await request("PUT", `${issues}/${issue}`, fields(draft));
    },
    async close(issue, comment) {
      await request("POST", `${issues}/${issue}/notes`, { body: comment });
      await request("PUT", `${issues}/${issue}`, { state_event: "close" });
    },
  };
}

const fields = (draft: IssueDraft) => ({ title: draft.title, description: draft.body });

function upstream(issue: GitlabIssue, recommendationId: string): UpstreamIssue {
  return {
    recommendation_id: recommendationId,
    issue: String(issue.iid),
    url: issue.web_url,
    state: issue.state === "closed" ? "closed" : "open",
  };
}
