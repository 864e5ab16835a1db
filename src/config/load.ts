import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { z } from "zod";
import { SecmetricsError } from "../model/errors.ts";
import { type Config, configSchema } from "./schema.ts";

export const DEFAULT_CONFIG_PATH = "secmetrics.yaml";

/**
 * The YAML parser loads only when there is a file to parse: a command run
 * without a config pays nothing for it. yaml is CommonJS under Node, so
 * `require` loads it as `import` would, and `loadConfig` stays synchronous.
 */
const requireYaml = createRequire(import.meta.url);

/**
 * Whether the catalog has a metric of this id. Config sits below the catalog,
 * so whoever loads it passes the catalog's answer in.
 */
export type IsMetricId = (id: string) => boolean;

/**
 * Reads and validates the config once at start-up. A missing file at the
 * default path means "all defaults"; a missing file the user named is an error.
 */
export function loadConfig(path: string | undefined, isMetricId: IsMetricId): Config {
  const file = path ?? DEFAULT_CONFIG_PATH;
  if (!existsSync(file)) {
    if (path) throw new SecmetricsError("invalid_config", `${file}: no such config file`);
    return parseConfig({}, file, isMetricId);
  }
  const { parseDocument } = requireYaml("yaml") as typeof Yaml;
  const document = parseDocument(readFileSync(file, "utf8"));
  const [yamlError] = document.errors;
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new SecmetricsError("invalid_config", `${file}${line ? `:${line}` : ""}: ${yamlError.message}`);
  }
  return parseConfig(document.toJS() ?? {}, file, isMetricId);
}

/** Without `isMetricId`, as for configs written in code, overrides of unknown metric ids go unnoticed. */
export function parseConfig(input: unknown, file = "config", isMetricId?: IsMetricId): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new SecmetricsError(
      "invalid_config",
      result.error.issues.map((i) => describeIssue(file, i)).join("\n"),
    );
  }
  const unknownIds = isMetricId ? Object.keys(result.data.metrics).filter((id) => !isMetricId(id)) : [];
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
