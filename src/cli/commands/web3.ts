import { Command, Option } from "commander";

export const web3Command = new Command("web3")
  .description(
    "smart contracts: the deployments registry, collisions among its interfaces, the events its functions emit",
  )
  .addCommand(
    new Command("registry")
      .description("every deployed contract of the latest registry snapshots: chain, address, name, ABI")
      .addOption(new Option("--format <format>", "output format").choices(["json", "csv"]).default("json"))
      .option("-o, --out <file>", "write to a file instead of stdout")
      .action(async (options, command) =>
        (await import("./web3-action.ts")).runWeb3Registry(options, command),
      ),
  )
  .addCommand(
    new Command("check")
      .description(
        "selector, topic, indexed and name collisions among ABIs: the registry's (--registry) and those of PATHS",
      )
      .argument("[paths...]", "ABI files or folders of them (artifacts, dependency ABIs)")
      .option("--registry", "check the ABIs of the latest registry snapshots")
      .addOption(
        new Option("--format <format>", "output format").choices(["table", "json", "sarif"]).default("table"),
      )
      .option("-o, --out <file>", "write to a file instead of stdout")
      .addOption(
        new Option("--fail-on <level>", "exit 1 when a finding of this level or worse is found")
          .choices(["error", "warning", "note", "none"])
          .default("warning"),
      )
      .action(async (paths, options, command) =>
        (await import("./web3-action.ts")).runWeb3Check(paths, options, command),
      ),
  )
  .addCommand(
    new Command("events")
      .description(
        "whether each state-changing function emits an event: the registry's contracts (--registry) and those compiled in PATHS",
      )
      .argument("[paths...]", "folders with compiler ASTs: Foundry out/, Hardhat artifacts/ (build-info)")
      .option("--registry", "the contracts of the latest registry snapshots, as analysed at import")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .option("-o, --out <file>", "write to a file instead of stdout")
      .addOption(
        new Option(
          "--fail-on <emission>",
          "exit 1 when a function emits no event (none), or none of its own (external_only); never to not fail",
        )
          .choices(["none", "external_only", "never"])
          .default("none"),
      )
      .action(async (paths, options, command) =>
        (await import("./web3-events-action.ts")).runWeb3Events(paths, options, command),
      ),
  );
