import { Command, Option } from "commander";

export const evidenceCommand = new Command("evidence")
  .description(
    "evidence packs: a period's reports, metrics with their records, documents and OSCAL in one verifiable zip",
  )
  .addCommand(
    new Command("build")
      .description(
        "build the pack evidence-packs/NAME.yaml defines (or the YAML file given) as a zip with a manifest of hashes; the same store gives the same bytes",
      )
      .argument("<name>", "pack name (evidence-packs/NAME.yaml) or path to a pack's YAML file")
      .option("-o, --out <file>", "zip to write (default: NAME.zip)")
      .action(async (name, options, command) =>
        (await import("./evidence-action.ts")).runEvidenceBuild(name, options, command),
      ),
  )
  .addCommand(
    new Command("verify")
      .description(
        "check every file of a pack against its manifest: says which changed, are missing or were added",
      )
      .argument("<zip>", "evidence pack to check")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action(async (zip, options) => (await import("./evidence-action.ts")).runEvidenceVerify(zip, options)),
  );
