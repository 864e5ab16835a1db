import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./context.ts";
import { HttpError } from "./http-error.ts";

/**
 * Answers 503 when a request runs past its time (PDF export: twice that), and
 * gives the handlers `c.get("signal")`, which aborts then or when the client
 * goes away, so that work nobody waits for any more can stop.
 */
export function requestDeadline(timeoutMs: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limit = c.req.path.endsWith(".pdf") ? timeoutMs * 2 : timeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new HttpError("timeout", "the request took too long and was stopped")),
      limit,
    );
    const expired = new Promise<never>((_, reject) =>
      deadline.signal.addEventListener("abort", () => reject(deadline.signal.reason), { once: true }),
    );
    c.set("signal", AbortSignal.any([c.req.raw.signal, deadline.signal]));
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}
