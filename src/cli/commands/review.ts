import { Command, Option } from "commander";

const collect = (value: string, previous: string[]) => [...previous, value];

export const reviewCommand = new Command("review")
  .description("the quarterly review meeting: record who reviewed a quarter and what they decided")
  .addCommand(
    new Command("record")
      .description(
        "record a quarter's review; the same quarter, reviewer and date again replaces its decisions",
      )
      .requiredOption("-q, --quarter <quarter>", "the quarter reviewed: 2026-Q3")
      .requiredOption("--reviewed-by <who>", "who reviewed it: a person, a role or a committee")
      .option("--decision <text>", "a decision taken (repeat for each)", collect, [])
      .option("--date <when>", "when the review met, ISO 8601 (default: now)")
      .action(async (options, command) =>
        (await import("./review-action.ts")).runReviewRecord(options, command),
      ),
  )
  .addCommand(
    new Command("list")
      .description("the recorded reviews, of one quarter or of all")
      .option("-q, --quarter <quarter>", "only this quarter's reviews")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (options, command) =>
        (await import("./review-action.ts")).runReviewList(options, command),
      ),
  );
