import { formatProblems, InvalidInputError } from "../../model/errors.ts";

/** The first problems of a rejected input that a run's error keeps: the rest are the same input's. */
const SHOWN_PROBLEMS = 3;

/** Why an input of a source was not imported, as `name: reason` (an invalid file: its first problems). */
export function describeInputError(name: string, error: unknown): string {
  if (error instanceof InvalidInputError)
    return formatProblems(error.file, { first: error.problems, total: error.problemCount }, SHOWN_PROBLEMS);
  const message = (error as Error).message;
  return message.startsWith(name) ? message : `${name}: ${message}`;
}
