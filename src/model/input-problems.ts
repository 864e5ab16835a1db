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

export const NO_PROBLEMS: CountedProblems = { first: [], total: 0 };

/** Gathers an input's problems in memory that stays flat however many there are; the total stays exact. */
export class ProblemCollector implements CountedProblems {
  readonly first: InputProblem[] = [];
  total = 0;

  add(problem: InputProblem): void {
    this.total++;
    if (this.first.length < KEPT_PROBLEMS) this.first.push(problem);
  }
}

/** A list of problems as counted ones: the first KEPT_PROBLEMS kept, all of them counted. */
export function countedProblems(problems: readonly InputProblem[] | CountedProblems): CountedProblems {
  if ("total" in problems) return problems;
  return { first: problems.slice(0, KEPT_PROBLEMS), total: problems.length };
}
