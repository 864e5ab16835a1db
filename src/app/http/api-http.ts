import { SecmetricsError } from "../../model/errors.ts";

/** How a tracker adapter or a connector talks to its API: base URL, credentials, and how long it waits. */
export interface ApiHttpOptions {
  /** "github", "gitlab", "jira": named in every error. */
  service: string;
  base: string;
  headers: Readonly<Record<string, string>>;
  /** Values never to show in an error: the token. */
  secrets: readonly string[];
  /** One request's limit before it counts as unanswered. */
  timeoutMs?: number;
  /** The longest a rate limit is waited out; past it the work stops, saying when to run it again. */
  maxWaitMs?: number;
  /** How many times one request is retried after a rate limit. */
  retries?: number;
  /**
   * How a rate limit that names no wait is waited out on the n-th retry:
   * `baseMs` × 2ⁿ, at most `capMs`, with equal jitter (half of it fixed,
   * half random) so clients throttled together do not come back together.
   * Without it, a minute each time, as GitHub asks of its secondary limits.
   */
  backoff?: { baseMs: number; capMs: number };
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** What a 403 asks for, when the API's own permission is known (default: the scope or permission the request needs). */
  forbiddenHint?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_WAIT_MS = 5 * 60_000;
/** What GitHub asks for a secondary rate limit that names no time: at least a minute. */
const UNNAMED_WAIT_MS = 60_000;

export type ApiRequest = (
  method: string,
  path: string,
  body?: unknown,
  accept?: readonly number[],
  headers?: Readonly<Record<string, string>>,
) => Promise<ApiResponse>;

/** What to tell a user when the work stopped mid-way: what was done stays done. */
const RUN_AGAIN = "run it again: it resumes where it stopped";

/**
 * One JSON request at a time over `fetch`: rate limits (429, or GitHub's
 * 403 with `retry-after` or an exhausted `x-ratelimit-remaining`) waited out
 * as the API asks, a timeout per request, and every failure turned into
 * an error that names the service and the request, with the token redacted.
 * `accept` lists the statuses besides 2xx the caller handles itself (404,
 * 304); `headers` are this request's own (`if-none-match`).
 */
export function apiRequest(options: ApiHttpOptions): ApiRequest {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const retries = options.retries ?? 3;
  const random = options.random ?? Math.random;
  const unnamedWait = (attempt: number) => {
    if (!options.backoff) return UNNAMED_WAIT_MS;
    const ceiling = Math.min(options.backoff.capMs, options.backoff.baseMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };
  const redact = (text: string) =>
    options.secrets.reduce((out, secret) => (secret ? out.replaceAll(secret, "[redacted]") : out), text);
  return async (method, path, body, accept = [], headers = {}) => {
    const url = path.startsWith("http") ? path : `${options.base.replace(/\/$/, "")}${path}`;
    const what = `${options.service}: ${method} ${redact(url)}`;
    for (let attempt = 0; ; attempt++) {
      const sent = send(url, method, body, { ...options.headers, ...headers }, timeoutMs);
      const response = await sent.catch((error: unknown) => {
        const reason =
          error instanceof Error && error.name === "TimeoutError"
            ? `no answer within ${timeoutMs / 1000} s`
            : redact(String(error instanceof Error ? (error.cause ?? error.message) : error));
        throw new SecmetricsError(
          "unavailable",
          `${what}: ${reason}`,
          `check the URL and the network, then ${RUN_AGAIN}`,
        );
      });
      const text = await response.text();
      const parsed = parseJson(text);
      const message = redact(errorMessage(parsed, text));
      const wait = rateLimitWait(response, message, now(), unnamedWait(attempt));
      if (wait !== null) {
        if (attempt >= retries || wait > maxWaitMs)
          throw new SecmetricsError(
            "unavailable",
            `${what}: rate limited (${response.status}), asked to wait ${Math.ceil(wait / 1000)} s`,
            "run it again later: it resumes where it stopped",
          );
        await sleep(wait);
        continue;
      }
      if (response.ok || accept.includes(response.status))
        return { status: response.status, headers: response.headers, body: parsed };
      throw statusError(what, response, message, options.forbiddenHint);
    }
  };
}

function send(
  url: string,
  method: string,
  body: unknown,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/**
 * How long a response asks to wait, or null when it is no rate limit:
 * `retry-after` in seconds or as a date, else GitHub's exhausted quota until
 * `x-ratelimit-reset`, else `unnamed` (default a minute) for a limit that
 * names no time (GitHub's secondary limits answer 403 with only a message
 * saying so; AWS throttles with 429, or 400 `ThrottlingException`, and no
 * time at all).
 */
export function rateLimitWait(
  response: { status: number; headers: Headers },
  message: string,
  now: number,
  unnamed = UNNAMED_WAIT_MS,
): number | null {
  const { status, headers } = response;
  const exhausted = headers.get("x-ratelimit-remaining") === "0";
  const retryAfter = headers.get("retry-after");
  const limited = retryAfter !== null || exhausted || /rate limit/i.test(message);
  const throttled = /^(ThrottlingException|TooManyRequestsException)\b/.test(
    headers.get("x-amzn-errortype") ?? "",
  );
  if (status !== 429 && !(status === 403 && limited) && !(status === 400 && throttled)) return null;
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (exhausted && Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return unnamed;
}

function statusError(
  what: string,
  response: { status: number; headers: Headers },
  message: string,
  forbiddenHint = "grant the token the scope or permission this request needs",
) {
  const { status } = response;
  const said = message ? `: ${message}` : "";
  const lacking = missingScope(response.headers);
  if (status === 401)
    return new SecmetricsError(
      "forbidden",
      `${what}: 401, the token was refused${said}${lacking ? `; ${lacking}` : ""}`,
      lacking ? "grant the token that scope, or give one that has it" : "check the token's value and expiry",
    );
  if (status === 403)
    return new SecmetricsError(
      "forbidden",
      `${what}: 403, the token may not do this${said}${lacking ? `; ${lacking}` : ""}`,
      forbiddenHint,
    );
  if (status === 404)
    return new SecmetricsError(
      "not_found",
      `${what}: 404, not found${said}`,
      "check the repository or project name, and that the token can see it (an API may answer 404 to a token without the scope)",
    );
  return new SecmetricsError("unavailable", `${what}: ${status}${said}`, RUN_AGAIN);
}

/**
 * What the API says the token lacks, when it says so: GitHub names the
 * classic scopes a request accepts (`x-accepted-oauth-scopes`, any one will
 * do) beside the token's own (`x-oauth-scopes`), and the fine-grained
 * permissions (`x-accepted-github-permissions`).
 */
export function missingScope(headers: Headers): string | null {
  const list = (name: string) =>
    (headers.get(name) ?? "")
      .split(",")
      .map((scope) => scope.trim())
      .filter((scope) => scope !== "");
  const accepted = list("x-accepted-oauth-scopes");
  const held = new Set(list("x-oauth-scopes"));
  const permissions = list("x-accepted-github-permissions");
  const parts: string[] = [];
  if (accepted.length > 0 && !accepted.some((scope) => held.has(scope)))
    parts.push(`the token lacks scope ${accepted.join(" or ")}`);
  if (permissions.length > 0) parts.push(`a fine-grained token needs ${permissions.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : null;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The message a tracker's error body carries (`message`, GitLab's `error`, Jira's `errorMessages`). */
function errorMessage(body: unknown, text: string): string {
  if (body && typeof body === "object") {
    const fields = body as { message?: unknown; error?: unknown; errorMessages?: unknown };
    if (Array.isArray(fields.errorMessages) && fields.errorMessages.length > 0)
      return fields.errorMessages.join("; ");
    for (const value of [fields.message, fields.error]) if (typeof value === "string") return value;
  }
  return text.slice(0, 200);
}

/** The `rel="next"` URL of a `Link` header (RFC 8288), as GitHub and GitLab paginate. */
export function nextLink(header: string | null): string | null {
  for (const part of header?.split(",") ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}
