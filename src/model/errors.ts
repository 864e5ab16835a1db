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
  | "forbidden"
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

/**
 * How many of an input's problems are kept, shown and sent back. A file of
 * millions of bad rows must not hold millions of messages in memory, nor
 * answer with them: the first ones say what is wrong, the rest are counted.
 */
export const KEPT_PROBLEMS = 100;

/** The first problems of an input (at most KEPT_PROBLEMS) and how many there were in all. */
export interface CountedProblems {
  readonly first: readonly InputProblem[];
  readonly total: number;
}

/** A list of problems as counted ones: the first KEPT_PROBLEMS kept, all of them counted. */
export function countedProblems(problems: readonly InputProblem[] | CountedProblems): CountedProblems {
  if ("total" in problems) return problems;
  return { first: problems.slice(0, KEPT_PROBLEMS), total: problems.length };
}

/**
 * Rejected rows of one input. It keeps the first KEPT_PROBLEMS of them and
 * the count of all, whether it is given a list or counted problems.
 */
export class InvalidInputError extends SecmetricsError {
  /** The first KEPT_PROBLEMS problems. */
  readonly problems: readonly InputProblem[];
  /** How many problems the input had in all. */
  readonly problemCount: number;

  constructor(
    readonly file: string,
    problems: readonly InputProblem[] | CountedProblems,
    hint?: string,
  ) {
    const counted = countedProblems(problems);
    super("invalid_input", formatProblems(file, counted), hint);
    this.problems = counted.first;
    this.problemCount = counted.total;
  }
}

/** `file:line: reason`, one per problem. */
export function problemLines(file: string, problems: readonly InputProblem[]): string[] {
  return problems.map((p) => `${file}:${p.line}: ${p.reason}`);
}

/** `file:line: reason` of the first `limit` problems, then "… and N more" for the rest of the total. */
export function formatProblems(
  file: string,
  problems: readonly InputProblem[] | CountedProblems,
  limit = KEPT_PROBLEMS,
): string {
  const { first, total } = countedProblems(problems);
  const shown = problemLines(file, first.slice(0, limit));
  if (total > shown.length) shown.push(`… and ${total - shown.length} more`);
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
