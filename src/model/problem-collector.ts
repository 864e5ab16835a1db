import { type CountedProblems, type InputProblem, KEPT_PROBLEMS } from "./errors.ts";

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
