/**
 * Expected failures carry a stable code, a message a user understands and an
 * optional hint. One place per edge (CLI, server) maps them to exit codes or
 * HTTP statuses; anything else is an internal error.
 */
export type ErrorCode =
  | "invalid_input"
  | "invalid_config"
  | "invalid_argument"
  | "unknown_format"
  | "not_found"
  | "conflict"
  | "storage"
  | "unavailable";

export class SecmetricsError extends Error {
  override readonly name = "SecmetricsError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** One rejected input row: `file:line: reason`. */
export interface InputProblem {
  line: number;
  reason: string;
}

export class InvalidInputError extends SecmetricsError {
  constructor(
    readonly file: string,
    readonly problems: readonly InputProblem[],
    hint?: string,
  ) {
    super("invalid_input", formatProblems(file, problems), hint);
  }
}

const SHOWN_PROBLEMS = 20;

export function formatProblems(
  file: string,
  problems: readonly InputProblem[],
  limit = SHOWN_PROBLEMS,
): string {
  const shown = problems.slice(0, limit).map((p) => `${file}:${p.line}: ${p.reason}`);
  if (problems.length > limit) shown.push(`… and ${problems.length - limit} more`);
  return shown.join("\n");
}

/**
 * Something else holds what the request needs for now (an import holds the
 * store's write lock): worth trying again after `retryAfterSeconds`.
 */
export class BusyError extends SecmetricsError {
  constructor(
    message: string,
    hint: string,
    readonly retryAfterSeconds: number,
  ) {
    super("unavailable", message, hint);
  }
}
