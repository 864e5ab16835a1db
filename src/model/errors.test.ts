import { describe, expect, it } from "vitest";
import {
  countedProblems,
  formatProblems,
  type InputProblem,
  InvalidInputError,
  problemLines,
} from "./errors.ts";

const problem = (line: number): InputProblem => ({ line, reason: "bad" });
const problems = (count: number) => Array.from({ length: count }, (_, n) => problem(n + 2));

describe("formatProblems", () => {
  it("lists every problem when there are no more than 100", () => {
    expect(formatProblems("a.csv", problems(2))).toBe("a.csv:2: bad\na.csv:3: bad");
    expect(formatProblems("a.csv", problems(100)).split("\n")).toHaveLength(100);
  });

  it("lists the first 100 of a list and counts the rest", () => {
    const lines = formatProblems("a.csv", problems(101)).split("\n");
    expect(lines).toEqual([...problemLines("a.csv", problems(100)), "… and 1 more"]);
  });

  it("counts the rest from the total of counted problems, not from those kept", () => {
    const lines = formatProblems("a.csv", { first: problems(100), total: 2_000_000 }).split("\n");
    expect(lines).toHaveLength(101);
    expect(lines.at(-1)).toBe("… and 1999900 more");
  });

  it("shows fewer when asked, the rest counted", () => {
    expect(formatProblems("a.log", { first: problems(100), total: 300 }, 2)).toBe(
      "a.log:2: bad\na.log:3: bad\n… and 298 more",
    );
  });
});

describe("InvalidInputError", () => {
  it("keeps the first 100 problems of a list and counts them all", () => {
    const error = new InvalidInputError("a.csv", problems(150), "fix them");
    expect(error.problems).toEqual(problems(100));
    expect(error.problemCount).toBe(150);
    expect(error.message).toBe(formatProblems("a.csv", problems(150)));
    expect(error.message.endsWith("\n… and 50 more")).toBe(true);
    expect(error.hint).toBe("fix them");
  });

  it("carries the total of counted problems into its message", () => {
    const error = new InvalidInputError("a.csv", { first: problems(100), total: 20_000_000 });
    expect(error.problems).toHaveLength(100);
    expect(error.problemCount).toBe(20_000_000);
    expect(error.message.split("\n").at(-1)).toBe("… and 19999900 more");
  });

  it("says one problem as it is", () => {
    const error = new InvalidInputError("a.csv", [{ line: 1, reason: "empty file" }]);
    expect(error.message).toBe("a.csv:1: empty file");
    expect(error.problemCount).toBe(1);
  });
});

describe("countedProblems", () => {
  it("counts a list and keeps its first 100", () => {
    expect(countedProblems(problems(250))).toEqual({ first: problems(100), total: 250 });
    expect(countedProblems(problems(2))).toEqual({ first: problems(2), total: 2 });
  });

  it("takes counted problems as they are", () => {
    const counted = { first: problems(3), total: 5000 };
    expect(countedProblems(counted)).toBe(counted);
  });
});
