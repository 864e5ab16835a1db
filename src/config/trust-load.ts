import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as Yaml from "yaml";
import { InvalidInputError, SecmetricsError } from "../model/errors.ts";
import type { IsMetricId } from "./load.ts";
import { type TrustCenter, trustSchema } from "./trust-schema.ts";

const TRUST_FILE_NAME = "trust.yaml";

/** yaml is CommonJS under Node: `require` loads it only when a trust file is read, as for the config. */
const requireYaml = createRequire(import.meta.url);

/** A trust center as read from its file: relative document paths resolve against `dir`. */
export interface LoadedTrust {
  trust: TrustCenter;
  file: string;
  dir: string;
}

/**
 * The trust file: the one named (`--trust`), else `trust.yaml` beside the
 * config. Undefined when none was named and none lies beside the config.
 */
export function findTrust(
  named: string | undefined,
  configPath: string | undefined,
  isMetricId: IsMetricId,
): LoadedTrust | undefined {
  const file = named ?? join(dirname(configPath ?? "secmetrics.yaml"), TRUST_FILE_NAME);
  if (!existsSync(file)) {
    if (named) throw new SecmetricsError("invalid_config", `${file}: no such trust file`);
    return undefined;
  }
  return { trust: parseTrust(readFileSync(file, "utf8"), file, isMetricId), file, dir: dirname(file) };
}

/**
 * A trust file's text, validated. Every problem names the file, the line of
 * the key it is about and the reason, all at once. Without `isMetricId`
 * (an import, which only reads its security.txt), the published metric ids
 * go unchecked.
 */
export function parseTrust(text: string, file: string, isMetricId?: IsMetricId): TrustCenter {
  const { LineCounter, parseDocument, isNode } = requireYaml("yaml") as typeof Yaml;
  const lines = new LineCounter();
  const document = parseDocument(text.replace(/^\uFEFF/, ""), { lineCounter: lines });
  const [yamlError] = document.errors;
  if (yamlError)
    throw new InvalidInputError(file, [
      { line: yamlError.linePos?.[0].line ?? 1, reason: yamlError.message },
    ]);
  const result = trustSchema.safeParse(document.toJS() ?? {});
  const issues: { path: PropertyKey[]; message: string }[] = result.success
    ? result.data.metrics.flatMap((metric, index) =>
        isMetricId && !isMetricId(metric.id)
          ? [{ path: ["metrics", index, "id"], message: `no metric "${metric.id}"` }]
          : [],
      )
    : result.error.issues;
  if (result.success && issues.length === 0) return result.data;
  const problems = issues.map((issue) => {
    // The nearest node that exists: a missing key is reported at its parent.
    let line = 1;
    for (let depth = issue.path.length; depth >= 0; depth--) {
      const node = document.getIn(issue.path.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range) {
        line = lines.linePos(node.range[0]).line;
        break;
      }
    }
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { line, reason: `${where}${issue.message}` };
  });
  throw new InvalidInputError(
    file,
    problems,
    "the README's trust.yaml reference lists each key; `secmetrics catalog` the metric ids",
  );
}
