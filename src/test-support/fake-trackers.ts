import type { IncomingMessage } from "node:http";
import { type FakeApi, pageOf, type Reply, type Route, startFakeApi } from "./fake-api.ts";

/**
 * Loopback fakes of the GitHub, GitLab and Jira Cloud issue APIs, answering
 * with the request and response shapes of their published REST references
 * (only the fields a sync reads or sends), in memory. `interrupt` makes the
 * next matching requests fail as a rate limit or an error would.
 */

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
  /** GitHub's reason for the last close: "completed" or "not_planned". */
  state_reason?: string;
  comments: string[];
}

export interface FakeTracker extends FakeApi {
  issues: FakeIssue[];
}

async function startFake(route: Route, issues: FakeIssue[]): Promise<FakeTracker> {
  return { ...(await startFakeApi(route)), issues };
}

/** GitHub REST: /repos/{owner}/{repo}/issues, Bearer token, pages by `Link`. */
export function startFakeGithub(options: {
  repo: string;
  token: string;
  pageSize?: number;
}): Promise<FakeTracker> {
  const issues: FakeIssue[] = [];
  let fake: FakeTracker;
  const base = `/repos/${options.repo}/issues`;
  const json = (issue: FakeIssue) => ({
    id: 1000 + issue.number,
    number: issue.number,
    html_url: `https://github.example/${options.repo}/issues/${issue.number}`,
    state: issue.state,
    state_reason: issue.state_reason ?? null,
    title: issue.title,
    body: issue.body,
    labels: issue.labels.map((name) => ({ name })),
    assignees: issue.assignees.map((login) => ({ login })),
  });
  const route: Route = (method, url, body, reply, req) => {
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    const input = body as {
      title?: string;
      body?: string;
      labels?: string[];
      assignees?: string[];
      state?: "open" | "closed";
      state_reason?: string;
    };
    if (url.pathname === base && method === "GET") {
      const label = url.searchParams.get("labels");
      const listed = issues.filter((i) => !label || i.labels.includes(label)).map(json);
      const { items, page, last, next } = pageOf(listed, url, options.pageSize ?? 100);
      const link =
        page < last ? { link: `<${fake.url}${next.pathname}${next.search}>; rel="next"` } : undefined;
      return reply(200, items, link);
    }
    if (url.pathname === base && method === "POST") {
      const issue: FakeIssue = {
        number: issues.length + 1,
        title: input.title ?? "",
        body: input.body ?? "",
        labels: input.labels ?? [],
        assignees: input.assignees ?? [],
        state: "open",
        comments: [],
      };
      issues.push(issue);
      return reply(201, json(issue));
    }
    const one = new RegExp(`^${base}/(\\d+)(/comments)?$`).exec(url.pathname);
    const issue = one && issues.find((i) => i.number === Number(one[1]));
    if (!issue)
      return reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    if (one?.[2] && method === "POST") {
      issue.comments.push(input.body ?? "");
      return reply(201, { id: 1, body: input.body });
    }
    if (method === "PATCH")
      Object.assign(issue, pick(input, ["title", "body", "state", "state_reason", "assignees"]));
    return reply(200, json(issue));
  };
  return startFake(route, issues).then((started) => {
    fake = started;
    return started;
  });
}

/** GitLab REST v4: /api/v4/projects/:id/issues, PRIVATE-TOKEN, pages by `x-next-page`. */
export function startFakeGitlab(options: {
  project: string;
  token: string;
  pageSize?: number;
}): Promise<FakeTracker> {
  const issues: FakeIssue[] = [];
  const base = `/api/v4/projects/${encodeURIComponent(options.project)}/issues`;
  const json = (issue: FakeIssue) => ({
    id: 5000 + issue.number,
    iid: issue.number,
    project_id: 7,
    web_url: `https://gitlab.example/${options.project}/-/issues/${issue.number}`,
    state: issue.state === "open" ? "opened" : "closed",
    title: issue.title,
    description: issue.body,
    labels: issue.labels,
    assignees: issue.assignees.map((id) => ({ id: Number(id) })),
  });
  const route: Route = (method, url, body, reply, req) => {
    if (req.headers["private-token"] !== options.token) return reply(401, { message: "401 Unauthorized" });
    const input = body as {
      title?: string;
      description?: string;
      labels?: string;
      assignee_ids?: number[];
      state_event?: string;
      body?: string;
    };
    // The path arrives with the project's slash encoded, as GitLab expects it.
    const path = url.pathname.replace(/%2f/gi, "%2F");
    if (path === base && method === "GET") {
      const label = url.searchParams.get("labels");
      const listed = issues.filter((i) => !label || i.labels.includes(label)).map(json);
      const { items, page, last } = pageOf(listed, url, options.pageSize ?? 100);
      return reply(200, items, {
        "x-page": String(page),
        "x-total-pages": String(last),
        "x-next-page": page < last ? String(page + 1) : "",
      });
    }
    if (path === base && method === "POST") {
      const issue: FakeIssue = {
        number: issues.length + 1,
        title: input.title ?? "",
        body: input.description ?? "",
        labels: (input.labels ?? "").split(",").filter(Boolean),
        assignees: (input.assignee_ids ?? []).map(String),
        state: "open",
        comments: [],
      };
      issues.push(issue);
      return reply(201, json(issue));
    }
    const one = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/(\\d+)(/notes)?$`).exec(path);
    const issue = one && issues.find((i) => i.number === Number(one[1]));
    if (!issue) return reply(404, { message: "404 Not found" });
    if (one?.[2] && method === "POST") {
      issue.comments.push(input.body ?? "");
      return reply(201, { id: 1, body: input.body });
    }
    if (method === "PUT") {
      if (input.title !== undefined) issue.title = input.title;
      if (input.description !== undefined) issue.body = input.description;
      if (input.state_event === "close") issue.state = "closed";
      if (input.state_event === "reopen") issue.state = "open";
      if (input.assignee_ids !== undefined) issue.assignees = input.assignee_ids.map(String);
    }
    return reply(200, json(issue));
  };
  return startFake(route, issues);
}

/**
 * Jira Cloud REST v3, Basic auth: `POST /search/jql` pages by
 * `nextPageToken`, and misses a new issue in the `searchLag` searches after it
 * was created (the search is eventually consistent); the old `/search` is gone (410).
 */
export function startFakeJira(options: {
  project: string;
  email: string;
  token: string;
  pageSize?: number;
  searchLag?: number;
}): Promise<FakeTracker & { descriptions: unknown[] }> {
  const issues: (FakeIssue & { visibleAfter: number })[] = [];
  const descriptions: unknown[] = [];
  let searches = 0;
  const key = (issue: FakeIssue) => `${options.project}-${issue.number}`;
  const json = (issue: FakeIssue) => ({
    id: String(10000 + issue.number),
    key: key(issue),
    self: `https://jira.example/rest/api/3/issue/${10000 + issue.number}`,
    fields: {
      labels: issue.labels,
      status: {
        name: issue.state === "open" ? "To Do" : "Done",
        statusCategory: { key: issue.state === "open" ? "new" : "done" },
      },
    },
  });
  const route: Route = (method, url, body, reply, req) => {
    if (jiraRefuses(options, url, reply, req)) return;
    if (url.pathname === "/rest/api/3/search/jql" && method === "POST") {
      searches += 1;
      const {
        jql,
        nextPageToken,
        maxResults = 50,
      } = body as { jql: string; nextPageToken?: string; maxResults?: number };
      const label = /labels = "([^"]+)"/.exec(jql)?.[1];
      const found = issues.filter((i) => i.visibleAfter < searches && (!label || i.labels.includes(label)));
      const size = Math.min(maxResults, options.pageSize ?? 100);
      const start = nextPageToken ? Number(Buffer.from(nextPageToken, "base64").toString()) : 0;
      const isLast = start + size >= found.length;
      return reply(200, {
        issues: found.slice(start, start + size).map(json),
        isLast,
        ...(isLast ? {} : { nextPageToken: Buffer.from(String(start + size)).toString("base64") }),
      });
    }
    if (url.pathname === "/rest/api/3/issue" && method === "POST") {
      const { fields } = body as {
        fields: {
          summary: string;
          description: unknown;
          labels?: string[];
          project: { key: string };
          assignee?: { accountId: string };
        };
      };
      if (fields.project.key !== options.project)
        return reply(400, { errorMessages: [], errors: { project: "valid project is required" } });
      const issue = {
        number: issues.length + 1,
        title: fields.summary,
        body: "",
        labels: fields.labels ?? [],
        assignees: fields.assignee ? [fields.assignee.accountId] : [],
        state: "open" as const,
        comments: [],
        visibleAfter: searches + (options.searchLag ?? 0),
      };
      descriptions.push(fields.description);
      issues.push(issue);
      return reply(201, {
        id: String(10000 + issue.number),
        key: key(issue),
        self: `https://jira.example/rest/api/3/issue/${10000 + issue.number}`,
      });
    }
    const one = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)(\/comment|\/transitions)?$/.exec(url.pathname);
    const issue = one && issues.find((i) => key(i) === one[1]);
    if (!issue)
      return reply(404, {
        errorMessages: ["Issue does not exist or you do not have permission to see it."],
        errors: {},
      });
    if (one?.[2] === "/comment") {
      issue.comments.push(JSON.stringify((body as { body: unknown }).body));
      return reply(201, { id: "1" });
    }
    if (one?.[2] === "/transitions" && method === "GET")
      return reply(200, {
        transitions: [
          {
            id: "21",
            name: "In Progress",
            to: { name: "In Progress", statusCategory: { key: "indeterminate" } },
          },
          { id: "31", name: "Done", to: { name: "Done", statusCategory: { key: "done" } } },
        ],
      });
    if (one?.[2] === "/transitions") {
      if ((body as { transition: { id: string } }).transition.id === "31") issue.state = "closed";
      return reply(204);
    }
    if (method === "PUT") {
      const { fields } = body as { fields: { summary?: string; assignee?: { accountId: string } } };
      if (fields.summary) issue.title = fields.summary;
      if (fields.assignee) issue.assignees = [fields.assignee.accountId];
      return reply(204);
    }
    return reply(200, json(issue));
  };
  return startFake(route, issues).then((fake) => ({ ...fake, descriptions }));
}

/**
 * What every fake Jira answers first: 401 without the Basic credentials,
 * 410 for the old `/search`. True when it answered.
 */
export function jiraRefuses(
  credentials: { email: string; token: string },
  url: URL,
  reply: Reply,
  req: IncomingMessage,
): boolean {
  const basic = `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`).toString("base64")}`;
  if (req.headers.authorization !== basic)
    reply(401, { errorMessages: ["You are not authenticated."], errors: {} });
  else if (url.pathname === "/rest/api/3/search")
    reply(410, { errorMessages: ["The requested API has been removed."], errors: {} });
  else return false;
  return true;
}

function pick<T extends object>(value: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(
    keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]),
  ) as Partial<T>;
}
