import { Command } from "commander";
import { DEFAULT_CONFIG_PATH } from "../help-values.ts";

export const initCommand = new Command("init")
  .description(`write a commented starter ${DEFAULT_CONFIG_PATH} and its JSON Schema for editors`)
  .option("--force", "overwrite existing files")
  .action(async (options) => (await import("./init-action.ts")).runInit(options));
