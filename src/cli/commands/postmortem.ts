import { Command } from "commander";

export const postmortemCommand = new Command("postmortem")
  .description("post-mortems: write the public version of one")
  .addCommand(
    new Command("publish")
      .description(
        "the public version of a published post-mortem: internal front-matter keys, sections and comments removed, names redacted (public_postmortems in the config); what was removed goes to stderr",
      )
      .argument("<id>", "the post-mortem's event id (its front matter's `event`, e.g. INC-101)")
      .requiredOption("--from <folder>", "the post-mortems folder (Markdown with front matter)")
      .option("-o, --out <file>", "write to a file instead of stdout")
      .action(async (id, options, command) =>
        (await import("./postmortem-action.ts")).runPostmortemPublish(id, options, command),
      ),
  );
