import { createHash } from "node:crypto";
import { type FakeApi, pageOf, startFakeApi } from "./fake-api.ts";

/** A deployment as GitHub lists it, with the statuses GitHub lists for it (newest first). */
export interface FakeDeployment {
  id: number;
  environment: string;
  created_at: string;
  statuses: { state: string; created_at: string }[];
}

export interface FakeGithubDeployments extends FakeApi {
  /** The repository's deployments; edit a deployment's statuses to change them. */
  deployments: FakeDeployment[];
}

/**
 * A loopback fake of GitHub's deployments API (REST v3) for one
 * repository: `GET /repos/{owner}/{repo}/deployments` newest first, by
 * `environment`, `per_page` (capped at the fake's page size) and `page`
 * with a `Link` header and a weak ETag over the page, so `If-None-Match`
 * answers 304 until it changes (a new status moves a deployment's
 * `updated_at`, as GitHub does); `GET …/deployments/{id}/statuses`. A token
 * that is not the one given is refused with 401 "Bad credentials".
 */
export async function startFakeGithubDeployments(options: {
  repository: string;
  token: string;
  deployments: FakeDeployment[];
  pageSize: number;
}): Promise<FakeGithubDeployments> {
  const { deployments } = options;
  const listing = `/repos/${options.repository}/deployments`;
  const fake = await startFakeApi((method, url, _body, reply, req) => {
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    const statuses = new RegExp(`^${listing}/(\\d+)/statuses$`).exec(url.pathname);
    if (method === "GET" && statuses) {
      const deployment = deployments.find((d) => d.id === Number(statuses[1]));
      return deployment
        ? reply(200, deployment.statuses)
        : reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    }
    if (method !== "GET" || url.pathname !== listing)
      return reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    const environment = url.searchParams.get("environment");
    const newestFirst = deployments
      .filter((d) => environment === null || d.environment === environment)
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))
      .map(({ statuses: listed, ...deployment }) => ({
        ...deployment,
        updated_at: listed[0]?.created_at ?? deployment.created_at,
      }));
    const { items, page, last, next } = pageOf(newestFirst, url, options.pageSize);
    const etag = `W/"${createHash("sha256").update(JSON.stringify(items)).digest("hex").slice(0, 32)}"`;
    if (req.headers["if-none-match"] === etag) return reply(304, undefined, { etag });
    const link: Record<string, string> =
      page < last ? { link: `<${fake.url}${next.pathname}${next.search}>; rel="next"` } : {};
    reply(200, items, { etag, ...link });
  });
  return Object.assign(fake, { deployments });
}
