import {
  CHECK_RESULT,
  type CheckResult,
  type CheckResultValue,
} from "../../domains/compliance-checks/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { cisKubernetesFramework } from "../shared/cis-kubernetes.ts";
import { isObject, type Json, objects, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "kube-bench";

/**
 * kube-bench's statuses. WARN is a check kube-bench could not decide by
 * itself (a manual one, or an audit that needs a person): not checked.
 * INFO only reports a value: informational.
 */
const STATUS: Readonly<Record<string, CheckResultValue>> = {
  PASS: "pass",
  FAIL: "fail",
  WARN: "notchecked",
  INFO: "informational",
};

/**
 * `kube-bench --json`: `{"Controls": [...], "Totals": {...}}` (newer
 * releases) or a bare array of controls (older ones). Each
 * `Controls[].tests[].results[]` entry is a check result of the node the
 * run was on. The file names neither the node nor the time, so both come
 * from the import: `--target` and `--scanned-at`, without which the file
 * is refused.
 */
function* parseKubeBench(
  document: unknown,
  ctx: ImportContext,
  text: string,
): Iterable<RecordItem<CheckResult>> {
  const controls = controlsOf(document, ctx.file);
  const { target: asset, scannedAt: checkedAt } = ctx;
  if (asset === undefined || checkedAt === undefined)
    throw new InvalidInputError(
      ctx.file,
      [
        {
          line: 1,
          reason: `kube-bench JSON names no ${asset === undefined ? "node" : "time"}: give ${asset === undefined ? "the node with --target" : "the time of the run with --scanned-at"}`,
        },
      ],
      "import it as `secmetrics import --target NODE --scanned-at TIME kube-bench.json`",
    );
  const lines = new LineFinder(text);
  const seen = new Set<string>();
  for (const control of controls) {
    const version = str(control, "version");
    const framework = version === null ? null : cisKubernetesFramework(version);
    for (const result of objects(control, "tests").flatMap((test) => objects(test, "results"))) {
      const line = lines.next('"test_number"');
      const checkId = str(result, "test_number");
      const status = str(result, "status");
      const value = status === null ? undefined : STATUS[status];
      if (checkId === null) {
        yield { line, problem: "a result without test_number" };
        continue;
      }
      if (!value) {
        yield { line, problem: `${checkId}: status "${status ?? ""}" is not PASS, FAIL, WARN or INFO` };
        continue;
      }
      if (seen.has(checkId)) {
        yield { line, problem: `${checkId}: a second result for the same test` };
        continue;
      }
      seen.add(checkId);
      yield {
        line,
        record: {
          kind: CHECK_RESULT.kind,
          feed: FEED,
          external_id: `${asset}|${checkId}|${checkedAt}`,
          asset,
          check_id: checkId,
          result: value,
          checked_at: checkedAt,
          benchmark: framework,
          profile: str(control, "node_type"),
          severity: null,
          title: str(result, "test_desc"),
          controls: framework === null ? null : { [framework]: [checkId] },
          suppressed: false,
        },
      };
    }
  }
}

function controlsOf(document: unknown, file: string): Json[] {
  const list = Array.isArray(document) ? document : isObject(document) ? document.Controls : undefined;
  if (Array.isArray(list)) return list.filter(isObject);
  throw new InvalidInputError(file, [
    { line: 1, reason: 'not kube-bench JSON: expected {"Controls": [...]} or an array of controls' },
  ]);
}

/**
 * An array of controls, or an object whose first key is `Controls`, with a
 * control's `node_type` and `tests` in the sample: kube-bench's own keys.
 */
export function detectKubeBench(sample: InputSample): boolean {
  const head = sample.head.replace(/^\uFEFF/, "").trimStart();
  return (
    /^(\[\s*\{|\{\s*"Controls"\s*:\s*\[\s*\{)/.test(head) &&
    /"node_type"\s*:/.test(head) &&
    /"tests"\s*:\s*\[/.test(head)
  );
}

export const kubeBenchImporter = defineImporter({
  id: "kube-bench",
  title: "kube-bench JSON (kube-bench --json)",
  kinds: [CHECK_RESULT.kind],
  // Identical output from two nodes (a uniform cluster), or from one node on two days, is two runs.
  identityOptions: ["target", "scannedAt"],
  detect: detectKubeBench,
  read: jsonDocument(parseKubeBench),
});
