import type { GITHUB_STREAMS } from "../../../config/sources.ts";
import type { StreamCursor } from "../../../store/connector-cursor-store.ts";
import { type ApiRequest, nextLink } from "../../http/api-http.ts";
import type { Connector, PullItem } from "../connector.ts";
import { DEPLOYMENTS_FORMAT, DEPLOYMENTS_STREAM, pullDeployments } from "./github-deployments-stream.ts";
import { githubGet } from "./github-get.ts";

type AlertStream = Exclude<(typeof GITHUB_STREAMS)[number], "deployments">;

/** What each stream reads, into which importer, and what a token needs for it (GitHub's REST docs). */
interface StreamSpec {
  format: string;
  /** The listing below /repos/{owner}/{repo}/ or /orgs/{org}/. */
  endpoint: string;
  /** Newest changes first, so a pull stops at the first alert its cursor has seen. */
  order: string;
  scopes: string;
  /** Fields dropped from each alert before it becomes a document: what must never be imported. */
  withheld?: readonly string[];
  /** What GitHub's 404 says when the feature is off, and what to do then. */
  disabled?: { message: RegExp; hint: string };
}

const STREAMS: Readonly<Record<AlertStream, StreamSpec>> = {
  dependabot: {
    format: "dependabot",
    endpoint: "dependabot/alerts",
    order: "sort=updated&direction=desc",
    scopes:
      "a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Dependabot alerts: read",
  },
  "code-scanning": {
    format: "github-code-scanning",
    endpoint: "code-scanning/alerts",
    order: "sort=updated&direction=desc",
    scopes:
      "a classic token with security_events (public_repo for public repositories only), or a fine-grained token with Code scanning alerts: read",
  },
  "secret-scanning": {
    format: "github-secret-scanning",
    endpoint: "secret-scanning/alerts",
    // hide_secret: GitHub leaves the secret itself out of the answer.
    order: "sort=updated&direction=desc&hide_secret=true",
    scopes:
      "a classic token with repo or security_events (public_repo for public repositories only), or a fine-grained token with Secret scanning alerts: read",
    // A server that ignores hide_secret still never hands it on.
    withheld: ["secret"],
    disabled: {
      message: /secret scanning is disabled/i,
      hint: "enable secret scanning in the repository's settings (Advanced Security), or drop the secret-scanning stream from this source",
    },
  },
};

const PER_PAGE = 100;

/**
 * GitHub's alert listings over REST v3, each stream its own cursor: pages
 * by the `Link` header, 100 a page, newest update first; a pull stops at the
 * first alert updated before the latest one it imported last time (an alert
 * updated at that very second is read again: the same alert, not counted
 * twice), and sends the first page's ETag back so an unchanged listing
 * answers 304 at no cost to the rate limit. The opt-in deployments stream
 * reads a repository's deployments with their statuses, one cursor per
 * environment asked for (`github-deployments-stream.ts`).
 */
export const githubConnector: Connector<"github"> = {
  credentials: (source) => [source.token_env],
  formats: (source) =>
    source.streams.map((stream) => (stream === "deployments" ? DEPLOYMENTS_FORMAT : STREAMS[stream].format)),

  async *pull({ source, cursors, credentials, env, http, now }) {
    const token = credentials[source.token_env] as string;
    const base = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/$/, "");
    const request = http({
      service: "github",
      base,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "secmetrics",
      },
    });
    const owner = source.repository ? `/repos/${source.repository}` : `/orgs/${source.organization}`;
    for (const stream of source.streams) {
      if (stream === "deployments") {
        for (const environment of source.environments ?? [null]) {
          const key = environment === null ? DEPLOYMENTS_STREAM : `${DEPLOYMENTS_STREAM}:${environment}`;
          const read = { stream: key, base, owner, environment, cursor: cursors.get(key), now };
          yield* pullDeployments(request, read);
        }
        continue;
      }
      const spec = STREAMS[stream];
      const first = `${base}${owner}/${spec.endpoint}?${spec.order}&per_page=${PER_PAGE}`;
      const read = { stream, spec, first, cursor: cursors.get(stream), target: source.repository, now };
      yield* pullStream(request, read);
    }
  },
};

interface StreamRead {
  stream: AlertStream;
  spec: StreamSpec;
  first: string;
  cursor: StreamCursor | undefined;
  /** A repository's listing does not name its repository; an organization's does, alert by alert. */
  target: string | undefined;
  now: number;
}

/** One stream's pages, each trimmed to what changed since the cursor, then the stream's new cursor. */
async function* pullStream(request: ApiRequest, read: StreamRead): AsyncGenerator<PullItem> {
  const { stream, spec, cursor, now } = read;
  const since = cursor?.position ?? null;
  const etag = cursor?.etag ?? null;
  let latest = since;
  let firstEtag: string | null = null;
  let next: string | null = read.first;
  while (next) {
    const url = next;
    const needs = { stream, scopes: spec.scopes, disabled: spec.disabled };
    const page = await githubGet(request, needs, url, next === read.first && etag ? etag : null);
    if (page.status === 304) {
      yield { end: { stream, cursor: { position: since, etag } } };
      return;
    }
    if (url === read.first) firstEtag = page.headers.get("etag");
    const alerts = withhold(page.body as { updated_at?: string }[], spec.withheld ?? []);
    const fresh = since === null ? alerts : alerts.filter((a) => (a.updated_at ?? "") >= since);
    for (const alert of fresh)
      if (alert.updated_at && (latest === null || alert.updated_at > latest)) latest = alert.updated_at;
    // An empty first listing is news (no alert at all); an empty page past the cursor is not.
    if (fresh.length > 0 || (since === null && url === read.first))
      yield {
        document: {
          format: spec.format,
          content: JSON.stringify(fresh),
          stream,
          url,
          window: { since, until: now },
          ...(read.target ? { target: read.target } : {}),
        },
      };
    next = fresh.length < alerts.length ? null : nextLink(page.headers.get("link"));
  }
  yield { end: { stream, cursor: { position: latest, etag: firstEtag } } };
}

/** The alerts without the fields a stream withholds. */
function withhold<T extends object>(alerts: T[], fields: readonly string[]): T[] {
  if (fields.length === 0) return alerts;
  return alerts.map(
    (alert) => Object.fromEntries(Object.entries(alert).filter(([key]) => !fields.includes(key))) as T,
  );
}
