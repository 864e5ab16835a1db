import { createHash } from "node:crypto";
import { type FakeApi, pageOf, startFakeApi } from "./fake-api.ts";

/**
 * A loopback fake of GitHub's alert listings (REST v3): `GET
 * /repos/{owner}/{repo}/{stream}/alerts` and `/orgs/{org}/{stream}/alerts`
 * for the streams given, answering as GitHub documents them: Bearer token, `sort=updated&direction=desc`, `per_page` (capped at the fake's page
 * size to exercise paging) with a `Link` header, and a weak ETag over the
 * listing, so `If-None-Match` answers 304 until an alert changes. A token
 * that is not the one given is refused with 401 "Bad credentials"; the
 * right one without `repo` or `security_events` with 403 and the classic
 * scope headers.
 */
export interface FakeGithubAlerts extends FakeApi {
  /** The alerts of each stream ("dependabot", "code-scanning", …), as GitHub lists them; edit to change them. */
  alerts: Record<string, { updated_at: string }[]>;
}

export async function startFakeGithubAlerts(options: {
  owner: string;
  token: string;
  alerts: Record<string, { updated_at: string }[]>;
  pageSize: number;
  /** The classic scopes the token holds, as `x-oauth-scopes` says. */
  scopes?: string;
}): Promise<FakeGithubAlerts> {
  const { alerts } = options;
  const fake = await startFakeApi((method, url, _body, reply, req) => {
    const held = options.scopes ?? "repo";
    const classic = { "x-oauth-scopes": held, "x-accepted-oauth-scopes": "repo, security_events" };
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    if (!held.split(",").some((scope) => ["repo", "security_events"].includes(scope.trim())))
      return reply(
        403,
        {
          message: "Resource not accessible by personal access token",
          documentation_url: "https://docs.github.com/rest/dependabot/alerts",
        },
        classic,
      );
    const match = /^\/(?:repos|orgs)\/(.+)\/([a-z-]+)\/alerts$/.exec(url.pathname);
    const listed =
      match && match[1] === options.owner && method === "GET" ? alerts[match[2] ?? ""] : undefined;
    if (!listed)
      return reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    const newestFirst =
      url.searchParams.get("sort") === "updated" && url.searchParams.get("direction") === "desc";
    const ordered = newestFirst
      ? [...listed].sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0))
      : listed;
    const { items, page, last, next } = pageOf(ordered, url, options.pageSize);
    const etag = `W/"${createHash("sha256").update(JSON.stringify(items)).digest("hex").slice(0, 32)}"`;
    if (req.headers["if-none-match"] === etag) return reply(304, undefined, { etag, ...classic });
    const link: Record<string, string> =
      page < last ? { link: `<${fake.url}${next.pathname}${next.search}>; rel="next"` } : {};
    reply(200, items, { etag, ...classic, ...link });
  });
  return Object.assign(fake, { alerts });
}
