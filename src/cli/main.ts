import { Command, CommanderError } from "commander";
import { type ErrorCode, InvalidInputError, SecmetricsError } from "../model/errors.ts";
import { terminalLines, terminalProblems } from "../report/terminal-text.ts";
import { auditCommand } from "./commands/audit.ts";
import { catalogCommand } from "./commands/catalog.ts";
import { drillCommand } from "./commands/drill.ts";
import { evidenceCommand } from "./commands/evidence.ts";
import { exceptionsCommand } from "./commands/exceptions.ts";
import { exportCommand } from "./commands/export.ts";
import { findingsCommand } from "./commands/findings.ts";
import { importCommand } from "./commands/import.ts";
import { importsCommand } from "./commands/imports.ts";
import { initCommand } from "./commands/init.ts";
import { kpisCommand } from "./commands/kpis.ts";
import { maturityCommand } from "./commands/maturity.ts";
import { notifyCommand } from "./commands/notify.ts";
import { postmortemCommand } from "./commands/postmortem.ts";
import { probeCommand } from "./commands/probe.ts";
import { pullCommand } from "./commands/pull.ts";
import { questionnaireCommand } from "./commands/questionnaire.ts";
import { recommendationsCommand } from "./commands/recommendations.ts";
import { reportCommand } from "./commands/report.ts";
import { reviewCommand } from "./commands/review.ts";
import { serveCommand } from "./commands/serve.ts";
import { sourcesCommand } from "./commands/sources.ts";
import { targetsCommand } from "./commands/targets.ts";
import { tokensCommand } from "./commands/tokens.ts";
import { trustCommand } from "./commands/trust.ts";
import { usersCommand } from "./commands/users.ts";
import { web3Command } from "./commands/web3.ts";

/** sysexits(3) codes, so scripts can tell bad data from bad usage from a broken store. */
export const EXIT_CODES: Record<ErrorCode | "internal", number> = {
  invalid_argument: 64,
  unknown_format: 64,
  invalid_input: 65,
  not_found: 66,
  forbidden: 77,
  unavailable: 69,
  conflict: 73,
  storage: 74,
  invalid_config: 78,
  internal: 70,
};

/**
 * Every command module only declares its command; its action imports
 * `<name>-action.ts`, and with it the store, config and renderers, when the
 * command runs. So --help, --version and usage errors load commander and little else.
 */
export function buildProgram(): Command {
  const program = new Command("secmetrics")
    .description("Security KPIs with owners, targets and trends from the raw output of your security tools")
    .version("0.1.0")
    .option("--db <url>", "SQLite file or postgres:// URL (env SECMETRICS_DB; default ./secmetrics.db)")
    .option("-c, --config <file>", "config file (default ./secmetrics.yaml, optional)")
    .addCommand(initCommand)
    .addCommand(importCommand)
    .addCommand(importsCommand)
    .addCommand(probeCommand)
    .addCommand(kpisCommand)
    .addCommand(reportCommand)
    .addCommand(recommendationsCommand)
    .addCommand(exportCommand)
    .addCommand(drillCommand)
    .addCommand(findingsCommand)
    .addCommand(targetsCommand)
    .addCommand(exceptionsCommand)
    .addCommand(web3Command)
    .addCommand(notifyCommand)
    .addCommand(catalogCommand)
    .addCommand(serveCommand)
    .addCommand(usersCommand)
    .addCommand(tokensCommand)
    .addCommand(auditCommand)
    .addCommand(sourcesCommand)
    .addCommand(reviewCommand)
    .addCommand(maturityCommand)
    .addCommand(evidenceCommand)
    .addCommand(questionnaireCommand)
    .addCommand(trustCommand)
    .addCommand(pullCommand)
    .addCommand(postmortemCommand);
  throwInsteadOfExiting(program);
  return program;
}

/**
 * Commands built on their own and attached with addCommand do not inherit
 * the program's settings, so usage errors anywhere in the tree reach the one
 * handler that maps them to exit code 64.
 */
function throwInsteadOfExiting(command: Command): void {
  command.exitOverride().showHelpAfterError();
  for (const sub of command.commands) throwInsteadOfExiting(sub);
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

/**
 * Messages quote file names and file content, so what reaches the terminal
 * goes through `terminal-text`: a rejected file's problems escaped part by
 * part, any other message line by line.
 */
function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CODES.invalid_argument;
  if (error instanceof SecmetricsError) {
    const message =
      error instanceof InvalidInputError
        ? `invalid input: ${terminalProblems(error.file, { first: error.problems, total: error.problemCount })}`
        : `error: ${terminalLines(error.message)}`;
    process.stderr.write(`${message}\n`);
    if (error.hint) process.stderr.write(`hint: ${terminalLines(error.hint)}\n`);
    return EXIT_CODES[error.code];
  }
  process.stderr.write(`internal error: ${terminalLines((error as Error).stack ?? String(error))}\n`);
  return EXIT_CODES.internal;
}
