import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as Yaml from "yaml";
import { InvalidInputError, SecmetricsError } from "../../model/errors.ts";
import { type Period, type PeriodContext, parsePeriod } from "../../model/period.ts";
import { type EvidencePack, evidencePackSchema } from "./evidence-pack.ts";

/** The folder `secmetrics evidence build NAME` looks in for `NAME.yaml`. */
export const EVIDENCE_PACKS_DIR = "evidence-packs";

/** The YAML parser loads only when a pack is read, as for the config. */
const requireYaml = createRequire(import.meta.url);

/** A pack's YAML file from its name (`evidence-packs/NAME.yaml`) or its path. */
export function evidencePackPath(nameOrPath: string): string {
  if (/\.ya?ml$/.test(nameOrPath)) return nameOrPath;
  return join(EVIDENCE_PACKS_DIR, `${nameOrPath}.yaml`);
}

/**
 * Reads and validates a pack definition, its period included; each problem
 * names the line of the key it is about.
 */
export function readEvidencePack(
  file: string,
  periods: PeriodContext,
): { pack: EvidencePack; period: Period } {
  if (!existsSync(file))
    throw new SecmetricsError(
      "not_found",
      `no evidence pack ${file}`,
      `write one in ${EVIDENCE_PACKS_DIR}/ (see README, "Evidence packs")`,
    );
  const { LineCounter, isNode, parseDocument } = requireYaml("yaml") as typeof Yaml;
  const lines = new LineCounter();
  const document = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines, prettyErrors: false });
  const [error] = document.errors;
  if (error)
    throw new InvalidInputError(file, [{ line: lines.linePos(error.pos[0]).line, reason: error.message }]);
  // The deepest node of the path that exists: a missing key is reported at its parent.
  const lineOf = (keys: readonly PropertyKey[]) => {
    const path = keys.map(String);
    let node: unknown;
    while (!isNode(node) && path.length > 0) {
      node = document.getIn(path, true);
      if (!isNode(node)) path.pop();
    }
    return lines.linePos(isNode(node) ? (node.range?.[0] ?? 0) : 0).line;
  };
  const result = evidencePackSchema.safeParse(document.toJS() ?? {});
  if (!result.success)
    throw new InvalidInputError(
      file,
      result.error.issues.map((issue) => ({
        line: lineOf(issue.path),
        reason: `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
      })),
    );
  try {
    return { pack: result.data, period: parsePeriod(result.data.period, periods) };
  } catch (error) {
    if (!(error instanceof SecmetricsError)) throw error;
    throw new InvalidInputError(
      file,
      [{ line: lineOf(["period"]), reason: `period: ${error.message}` }],
      error.hint,
    );
  }
}
