import type { WebhookRequest } from "./payload.ts";

/** How a delivery is tried; tests pass a fake clock and short timeouts. */
export interface SendOptions {
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  /** Per attempt: a receiver slower than this counts as a failed attempt. */
  timeoutMs: number;
  attempts: number;
  /** The wait after the first failed attempt; each next wait doubles it. */
  baseDelayMs: number;
  /** The longest wait, also for a `Retry-After` asking for more. */
  maxDelayMs: number;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  fetch: (...args) => globalThis.fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timeoutMs: 10_000,
  attempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
};

export interface SendResult {
  ok: boolean;
  attempts: number;
  /** The last response's status; null when none came (timeout, refused connection). */
  status: number | null;
  /** Why the last attempt failed, in words; null once sent. */
  error: string | null;
}

/**
 * POSTs the request, again after a 5xx, a 429, a timeout or a network error,
 * waiting `baseDelayMs` × 2ⁿ between attempts (a 429's `Retry-After`
 * instead, when it says). Any other 4xx is final: the receiver refuses the
 * request itself (a wrong URL, a revoked webhook), and sending it again will not help.
 */
export async function sendWebhook(
  url: string,
  request: WebhookRequest,
  options: SendOptions,
): Promise<SendResult> {
  let last: SendResult = { ok: false, attempts: 0, status: null, error: null };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const outcome = await attemptOnce(url, request, options);
    // A Slack webhook's URL is its secret: no error text keeps it.
    last = {
      ok: outcome.ok,
      status: outcome.status,
      error: outcome.error?.replaceAll(url, "<webhook url>") ?? null,
      attempts: attempt,
    };
    if (outcome.ok || !outcome.retryable || attempt === options.attempts) break;
    const backoff = options.baseDelayMs * 2 ** (attempt - 1);
    await options.sleep(Math.min(outcome.retryAfterMs ?? backoff, options.maxDelayMs));
  }
  return last;
}

interface Attempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  retryable: boolean;
  retryAfterMs: number | null;
}

async function attemptOnce(url: string, request: WebhookRequest, options: SendOptions): Promise<Attempt> {
  try {
    const response = await options.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: "error",
    });
    // The body is not needed, but reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok)
      return { ok: true, status: response.status, error: null, retryable: false, retryAfterMs: null };
    const retryable = response.status === 429 || response.status >= 500;
    const retryAfterMs = response.status === 429 ? retryAfter(response.headers.get("retry-after")) : null;
    return { ok: false, status: response.status, error: `HTTP ${response.status}`, retryable, retryAfterMs };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    const reason = timedOut
      ? `no answer within ${options.timeoutMs} ms`
      : `${(error as Error).message}${causeOf(error)}`;
    return { ok: false, status: null, error: reason, retryable: true, retryAfterMs: null };
  }
}

/** `Retry-After: 120` or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED…) in its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `: ${cause.code ?? cause.message}` : "";
}
