import { Command } from "commander";

export const trustCommand = new Command("trust")
  .description("the public trust center: certifications, documents and measured figures from trust.yaml")
  .addCommand(
    new Command("build")
      .description(
        "write the trust center as a static site (index.html, trust.css, .well-known/security.txt, public documents)",
      )
      .requiredOption("--out <dir>", "folder to write the site to")
      .option("--trust <file>", "trust file (default: trust.yaml beside the config)")
      .option("--period <period>", "period of the published figures (default: the last complete month)")
      .action(async (options, command) =>
        (await import("./trust-action.ts")).runTrustBuild(options, command),
      ),
  );
