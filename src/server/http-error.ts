import { BusyError, InvalidInputError, problemLines, SecmetricsError } from "../model/errors.ts";

/** Failures that only exist at the HTTP edge: authentication, permission, limits. */
export type HttpErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "csrf"
  | "rate_limited"
  | "payload_too_large"
  | "timeout"
  | "unavailable"
  | "password_change_required";

export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly hint?: string,
    /** Seconds, for 429 (the Retry-After header). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const HTTP_STATUSES = {
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  password_change_required: 403,
  rate_limited: 429,
  payload_too_large: 413,
  timeout: 503,
  unavailable: 503,
  invalid_argument: 400,
  invalid_input: 422,
  unknown_format: 422,
  not_found: 404,
  conflict: 409,
  storage: 503,
  invalid_config: 500,
  internal: 500,
} as const;

export type HttpStatus = (typeof HTTP_STATUSES)[keyof typeof HTTP_STATUSES];

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    hint?: string;
    /** `file:line: reason`, one per rejected row, the first 100 (422 on imports). */
    problems?: string[];
    /** How many rows were rejected in all. */
    problem_count?: number;
  };
}

export interface ErrorResponse {
  status: HttpStatus;
  body: ErrorBody;
  /** Unexpected: logged as an error with its stack. */
  internal: boolean;
  /** Seconds, for the Retry-After header. */
  retryAfter?: number;
}

/**
 * The one place errors become HTTP statuses and bodies. Storage failures and
 * anything unexpected are answered without their message: it may carry SQL,
 * paths or connection strings. The caller logs the original.
 */
export function describeError(error: unknown): ErrorResponse {
  if (error instanceof HttpError) {
    return {
      status: HTTP_STATUSES[error.code],
      body: {
        error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
      },
      internal: false,
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    };
  }
  if (error instanceof BusyError) {
    // Its own message names the store's path: not for a client, who may not even be logged in.
    return {
      status: HTTP_STATUSES[error.code],
      body: {
        error: {
          code: error.code,
          message: "the store is busy with an import; nothing was changed, try again shortly",
        },
      },
      internal: false,
      retryAfter: error.retryAfterSeconds,
    };
  }
  if (error instanceof SecmetricsError) {
    if (error.code === "storage" || error.code === "invalid_config") {
      return {
        status: HTTP_STATUSES[error.code],
        body: { error: { code: error.code, message: "the store could not answer; see the server log" } },
        internal: true,
      };
    }
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    };
    if (error instanceof InvalidInputError) {
      body.error.problems = problemLines(error.file, error.problems);
      body.error.problem_count = error.problemCount;
    }
    return { status: HTTP_STATUSES[error.code], body, internal: false };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "internal error; see the server log" } },
    internal: true,
  };
}

/** What a page shows after an editor's change: done, or refused with the reason (and a hint). */
export interface ChangeNotice {
  ok: boolean;
  message: string;
  hint?: string;
}

/**
 * A change a page refused (bad input, an unknown id, a conflict) as its
 * notice and HTTP status, nothing having changed; any other failure (a
 * busy or broken store, a bug) is thrown on to the error handler.
 */
export function refusedChange(error: unknown): { notice: ChangeNotice; status: number } {
  if (!(error instanceof SecmetricsError) || error instanceof BusyError || error.code === "storage")
    throw error;
  return {
    notice: {
      ok: false,
      message: `Nothing was changed: ${error.message}.`,
      ...(error.hint ? { hint: error.hint } : {}),
    },
    status: describeError(error).status,
  };
}
