import { Command, Option } from "commander";

const period = () =>
  new Option(
    "--period <id>",
    "period whose review the recommendations come from (default: the last full month)",
  );
const format = () =>
  new Option("--format <format>", "output format").choices(["table", "json"]).default("table");

export const recommendationsCommand = new Command("recommendations")
  .description(
    "the review's recommendations with their status; file them as tracker issues, assign or dismiss one",
  )
  .addCommand(
    new Command("list")
      .description("each recommendation of the period: priority, owner, status, its issues, a dismissal")
      .addOption(period())
      .addOption(format())
      .action(async (options, command) =>
        (await import("./recommendations-action.ts")).runRecommendationsList(options, command),
      ),
    { isDefault: true },
  )
  .addCommand(
    new Command("sync")
      .description(
        "one issue per recommendation in GitHub, GitLab or Jira: create, update, close; read back closed issues",
      )
      .addOption(
        new Option("--to <tracker>", "where to file them")
          .choices(["github", "gitlab", "jira"])
          .makeOptionMandatory(),
      )
      .option(
        "--repo <owner/name>",
        "GitHub repository (default: trackers.github.repo, then GITHUB_REPOSITORY)",
      )
      .option(
        "--project <id>",
        "GitLab project id or path (default: trackers.gitlab.project, then CI_PROJECT_ID)",
      )
      .option("--dry-run", "print the plan and change nothing, here or in the tracker")
      .addOption(period())
      .addOption(format())
      .action(async (options, command) =>
        (await import("./recommendations-action.ts")).runRecommendationsSync(options, command),
      ),
  )
  .addCommand(
    new Command("dismiss")
      .description(
        "set a recommendation aside with a reason: the next sync closes its issues saying why (audited)",
      )
      .argument("<id>", "recommendation id, as `recommendations` lists it")
      .requiredOption("--reason <text>", "why, kept with the dismissal and written on its issues")
      .option("--actor <name>", "who dismisses it (default: the user running the command)")
      .addOption(period())
      .action(async (id, options, command) =>
        (await import("./recommendations-action.ts")).runRecommendationsDismiss(id, options, command),
      ),
  )
  .addCommand(
    new Command("assign")
      .description(
        "put a person or team in charge of a recommendation in place of the catalog's owner: the next sync assigns its issues to them (audited)",
      )
      .argument("<id>", "recommendation id, as `recommendations` lists it")
      .requiredOption("--owner <name>", "who is in charge, as the trackers' assignee maps name owners")
      .option("--actor <name>", "who assigns it (default: the user running the command)")
      .addOption(period())
      .action(async (id, options, command) =>
        (await import("./recommendations-action.ts")).runRecommendationsAssign(id, options, command),
      ),
  );
