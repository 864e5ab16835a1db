import { DEPLOYMENT_OUTCOMES } from "../../../importers/shared/github-deployment.ts";
import type { StreamCursor } from "../../../store/connector-cursor-store.ts";
import { type ApiRequest, nextLink } from "../../http/api-http.ts";
import type { PullItem } from "../connector.ts";
import { githubGet, type StreamNeeds } from "./github-get.ts";

export const DEPLOYMENTS_STREAM = "deployments";
export const DEPLOYMENTS_FORMAT = "github-deployments";

const PER_PAGE = 100;
/** A deployment left unfinished longer than this was abandoned: it no longer holds the cursor back. */
const ABANDONED_AFTER_MS = 7 * 86_400_000;
const SCOPES =
  "a classic token with repo_deployment (repo for private repositories), or a fine-grained token with Deployments: read";

/** One read of a repository's deployments, of one environment or of all. */
export interface DeploymentsRead {
  /** `deployments`, or `deployments:<environment>`: each its own cursor. */
  stream: string;
  base: string;
  /** `/repos/OWNER/NAME`. */
  owner: string;
  environment: string | null;
  cursor: StreamCursor | undefined;
  now: number;
}

type Listed = { id: number; created_at: string };
type Status = { state?: string };

/**
 * A repository's deployments (`GET /repos/{o}/{r}/deployments`, newest
 * first), each with its statuses (`GET …/deployments/{id}/statuses`, newest
 * first), as documents of the `github-deployments` importer. The cursor is
 * the creation time to read back to: the newest deployment read, or the
 * oldest one still unfinished (no success, failure, error or inactive yet),
 * so the next pull reads it again until it ends; a deployment unfinished
 * for a week is taken as abandoned. An unfinished deployment is left out
 * of the documents until it ends. The first page's ETag is kept only when
 * nothing is left unfinished: a status added later on page 2 would not
 * change page 1.
 */
export async function* pullDeployments(request: ApiRequest, read: DeploymentsRead): AsyncGenerator<PullItem> {
  const { stream, now } = read;
  const needs: StreamNeeds = { stream, scopes: SCOPES };
  const since = read.cursor?.position ?? null;
  const etag = read.cursor?.etag ?? null;
  const filter = read.environment === null ? "" : `&environment=${encodeURIComponent(read.environment)}`;
  const first = `${read.base}${read.owner}/deployments?per_page=${PER_PAGE}${filter}`;
  let newest = since;
  let oldestOpen: string | null = null;
  let firstEtag: string | null = null;
  let next: string | null = first;
  while (next) {
    const url = next;
    const page = await githubGet(request, needs, url, url === first ? etag : null);
    if (page.status === 304) {
      yield { end: { stream, cursor: { position: since, etag } } };
      return;
    }
    if (url === first) firstEtag = page.headers.get("etag");
    const listed = page.body as Listed[];
    const fresh = since === null ? listed : listed.filter((d) => d.created_at >= since);
    const ended: unknown[] = [];
    for (const deployment of fresh) {
      const statusesUrl = `${read.base}${read.owner}/deployments/${deployment.id}/statuses?per_page=${PER_PAGE}`;
      const statuses = (await githubGet(request, needs, statusesUrl, null)).body as Status[];
      if (newest === null || deployment.created_at > newest) newest = deployment.created_at;
      // GitHub lists a deployment's statuses newest first.
      if (Object.hasOwn(DEPLOYMENT_OUTCOMES, statuses[0]?.state ?? ""))
        ended.push({ ...deployment, statuses });
      else if (now - Date.parse(deployment.created_at) < ABANDONED_AFTER_MS)
        if (oldestOpen === null || deployment.created_at < oldestOpen) oldestOpen = deployment.created_at;
    }
    // An empty first listing is news (no deployment at all); a page of nothing ended since is not.
    if (ended.length > 0 || (since === null && url === first && listed.length === 0))
      yield {
        document: {
          format: DEPLOYMENTS_FORMAT,
          content: JSON.stringify(ended),
          stream,
          url,
          window: { since, until: now },
        },
      };
    next = fresh.length < listed.length ? null : nextLink(page.headers.get("link"));
  }
  const cursor = { position: oldestOpen ?? newest, etag: oldestOpen === null ? firstEtag : null };
  yield { end: { stream, cursor } };
}
