import { existsSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { findMetric } from "../catalog/metrics.ts";
import { SecmetricsError } from "../model/errors.ts";
import { type Config, configSchema } from "./schema.ts";

export const DEFAULT_CONFIG_PATH = "secmetrics.yaml";

/**
 * Reads and validates the config once at start-up. A missing file at the
 * default path means "all defaults"; a missing file the user named is an error.
 */
export function loadConfig(path: string | undefined): Config {
  const file = path ?? DEFAULT_CONFIG_PATH;
  if (!existsSync(file)) {
    if (path) throw new SecmetricsError("invalid_config", `${file}: no such config file`);
    return parseConfig({}, file);
  }
  const document = parseDocument(readFileSync(file, "utf8"));
  const [yamlError] = document.errors;
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new SecmetricsError("invalid_config", `${file}${line ? `:${line}` : ""}: ${yamlError.message}`);
  }
  return parseConfig(document.toJS() ?? {}, file);
}

export function parseConfig(input: unknown, file = "config"): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new SecmetricsError(
      "invalid_config",
      result.error.issues.map((i) => describeIssue(file, i)).join("\n"),
    );
  }
  const unknownIds = Object.keys(result.data.metrics).filter((id) => !findMetric(id));
  if (unknownIds.length > 0) {
    throw new SecmetricsError(
      "invalid_config",
      `${file}: metrics.${unknownIds[0]}: no such metric`,
      "`secmetrics catalog` lists the metric ids",
    );
  }
  return result.data;
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  return `${file}: ${where}: ${issue.message}`;
}
