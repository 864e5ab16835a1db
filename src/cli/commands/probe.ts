import { Command, Option } from "commander";
import { TLS_VERSIONS } from "../../model/tls-protocol.ts";

const TIMEOUT = new Option("--timeout <ms>", "per URL or handshake, in milliseconds");
const FORMAT = new Option("--format <format>", "table or json").default("table");

const headersCommand = new Command("headers")
  .description(
    "fetch each URL and compare its security headers with the OWASP baseline (and config overrides)",
  )
  .argument("[urls...]", "URLs (default: probes.urls in the config)")
  .action(async (urls, _options, command) =>
    (await import("./probe-action.ts")).runProbeHeaders(urls, command),
  );

const tlsCommand = new Command("tls")
  .description(
    "try each TLS version (1.0 to 1.3) against each endpoint; below the minimum is a downgrade exposure",
  )
  .argument("[endpoints...]", "HOST:PORT endpoints (default: probes.endpoints in the config)")
  .option(
    "--minimum <version>",
    `lowest acceptable version (${TLS_VERSIONS.join(", ")}; default probes.minimum_tls)`,
  )
  .action(async (endpoints, _options, command) =>
    (await import("./probe-action.ts")).runProbeTls(endpoints, command),
  );

export const probeCommand = new Command("probe")
  .description(
    "run the security-header and TLS probes and store each run like an import (without a subcommand: both, from the config); --format and --timeout go before the subcommand",
  )
  .addOption(TIMEOUT)
  .addOption(FORMAT)
  .action(async (options, command) => (await import("./probe-action.ts")).runProbe(options, command))
  .addCommand(headersCommand)
  .addCommand(tlsCommand);
