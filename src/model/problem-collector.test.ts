import { describe, expect, it } from "vitest";
import { type InputProblem, KEPT_PROBLEMS } from "./errors.ts";
import { ProblemCollector } from "./problem-collector.ts";

const problem = (line: number): InputProblem => ({ line, reason: `bad ${line}` });
const problems = (from: number, count: number) => Array.from({ length: count }, (_, n) => problem(from + n));

describe("ProblemCollector", () => {
  it("keeps every problem up to the bound", () => {
    const collector = new ProblemCollector();
    for (const p of problems(1, KEPT_PROBLEMS)) collector.add(p);
    expect(collector.first).toEqual(problems(1, 100));
    expect(collector.total).toBe(100);
  });

  it("keeps the first 100 of a million and counts all of them", () => {
    const collector = new ProblemCollector();
    for (let line = 1; line <= 1_000_000; line++) collector.add(problem(line));
    expect(collector.first).toEqual(problems(1, 100));
    expect(collector.total).toBe(1_000_000);
  });

  it("starts empty", () => {
    expect(new ProblemCollector()).toMatchObject({ first: [], total: 0 });
  });
});
