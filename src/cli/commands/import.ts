import { Command, Option } from "commander";
import { IMPORT_FORMATS } from "../help-values.ts";

export const importCommand = new Command("import")
  .description(
    "import tool output files into the store (each file atomically; the same file twice changes nothing)",
  )
  .argument(
    "<files...>",
    "files or directories to import (a directory: each file below it, unless its format reads a directory whole)",
  )
  .addOption(
    new Option("-f, --format <format>", "input format, or auto to detect it")
      .choices(["auto", ...IMPORT_FORMATS])
      .default("auto"),
  )
  .option("--feed <name>", "identity namespace of the records (keeps two tools' clashing ids apart)")
  .option("--skip-invalid", "import the valid rows and report the invalid ones instead of rejecting the file")
  .option("--strict", "refuse a log with any unreadable line instead of leaving those lines out")
  .option("--allow-empty", "record a file with no record in it (a source that really reported nothing)")
  .option("--target <name>", "what a scan was of, when the file does not say")
  .option("--scanned-at <time>", "when a scan ran (ISO 8601), when the file does not say")
  .option(
    "--covers-until <time>",
    "the file holds every record up to this instant (ISO 8601): a quiet stretch before it is not staleness",
  )
  .option("--year <year>", "year of log timestamps that carry none")
  .option("--log-format <format>", "nginx log_format string of an access log that is not combined")
  .option("--no-progress", "no progress bar")
  .action(async (files, options, command) =>
    (await import("./import-action.ts")).runImport(files, options, command),
  );
