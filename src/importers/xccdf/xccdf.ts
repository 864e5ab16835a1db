import type { Readable } from "node:stream";
import sax from "sax";
import {
  CHECK_RESULT,
  CHECK_RESULTS,
  type CheckResult,
  type CheckResultValue,
} from "../../domains/compliance-checks/records.ts";
import { CHECK_SEVERITIES, type CheckSeverity } from "../../model/check-severity.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { stream } from "../shared/readers.ts";
import { streamXml } from "../shared/xml-stream.ts";

const XCCDF_NAMESPACES = new Set([
  "http://checklists.nist.gov/xccdf/1.1",
  "http://checklists.nist.gov/xccdf/1.2",
]);
const ARF_NAMESPACE = "http://scap.nist.gov/schema/asset-reporting-format/1.1";

/**
 * When a rule has several results in one TestResult (a rule checked per
 * instance, or listed twice), the one that says most against the asset
 * stands for the check: the first of this order.
 */
const PRECEDENCE: readonly CheckResultValue[] = [
  "fail",
  "error",
  "unknown",
  "fixed",
  "pass",
  "notchecked",
  "informational",
  "notapplicable",
  "notselected",
];

interface RuleResult {
  line: number;
  result: string;
  severity: string | null;
}

/** One `TestResult` being read: a scan of one target under one profile. */
interface TestResult {
  line: number;
  time: string | null;
  benchmark: string | null;
  profile: string | null;
  target: string | null;
  results: Map<string, RuleResult>;
}

/**
 * XCCDF 1.1 and 1.2 results (`oscap xccdf eval --results`, a bare
 * `TestResult`, or the results inside an ARF report collection from
 * `--results-arf`), streamed: result files run to several MB, most of it
 * the benchmark and OVAL content. Each `rule-result` of a `TestResult` is a
 * check result of its `target` at its `end-time` (else `start-time`); the
 * identity is (feed, asset|check|checked_at), so every scan is kept.
 * Elements are matched by local name in the XCCDF namespaces, whatever
 * their prefix. A rule-result without a severity takes its Rule's.
 */
export async function* parseXccdf(
  input: Readable,
  ctx: ImportContext,
): AsyncIterable<RecordItem<CheckResult>> {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const ruleSeverity = new Map<string, string>();
  const emitted = new Set<string>();
  const ready: RecordItem<CheckResult>[] = [];
  let benchmarkId: string | null = null;
  let testResult: TestResult | null = null;
  let rule: RuleResult | null = null;
  let ruleId: string | null = null;
  let text: string | null = null;
  let testResults = 0;

  const line = () => parser.line + 1;
  const attr = (tag: sax.QualifiedTag, name: string) => tag.attributes[name]?.value ?? null;

  // Open elements, for the name and namespace of the one that closes.
  const open: sax.QualifiedTag[] = [];
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    open.push(tag);
    if (!XCCDF_NAMESPACES.has(tag.uri)) return;
    switch (tag.local) {
      case "Benchmark":
        benchmarkId ??= attr(tag, "id");
        break;
      case "Rule": {
        const id = attr(tag, "id");
        const severity = attr(tag, "severity");
        if (id && severity) ruleSeverity.set(id, severity);
        break;
      }
      case "TestResult":
        testResult = {
          line: line(),
          time: attr(tag, "end-time") ?? attr(tag, "start-time"),
          benchmark: null,
          profile: null,
          target: null,
          results: new Map(),
        };
        break;
      case "benchmark":
        if (testResult) testResult.benchmark = attr(tag, "id") ?? attr(tag, "href");
        break;
      case "profile":
        if (testResult) testResult.profile = attr(tag, "idref");
        break;
      case "target":
        if (testResult && testResult.target === null) text = "";
        break;
      case "rule-result":
        if (testResult) {
          ruleId = attr(tag, "idref");
          rule = { line: line(), result: "", severity: attr(tag, "severity") };
        }
        break;
      case "result":
        if (rule) text = "";
        break;
    }
  };
  parser.ontext = (chunk) => {
    if (text !== null) text += chunk;
  };
  parser.oncdata = parser.ontext;
  parser.onclosetag = () => {
    const tag = open.pop();
    if (!tag || !XCCDF_NAMESPACES.has(tag.uri)) return;
    if (tag.local === "target" && testResult && text !== null) {
      testResult.target = text.trim() || null;
      text = null;
    } else if (tag.local === "result" && rule && text !== null) {
      rule.result = text.trim();
      text = null;
    } else if (tag.local === "rule-result" && testResult && rule) {
      if (ruleId === null) ready.push({ line: rule.line, problem: "a rule-result without idref" });
      else keepStronger(testResult.results, ruleId, rule);
      rule = null;
    } else if (tag.local === "TestResult" && testResult) {
      testResults++;
      ready.push(...checkResults(testResult, benchmarkId, ruleSeverity, emitted, ctx));
      testResult = null;
    }
  };

  yield* streamXml(input, ctx.file, parser, ready);
  if (testResults === 0)
    throw new InvalidInputError(
      ctx.file,
      [{ line: 1, reason: "no XCCDF TestResult: a benchmark or data stream without results" }],
      "import the results of a scan: `oscap xccdf eval --results results.xml` (or --results-arf)",
    );
}

function keepStronger(results: Map<string, RuleResult>, id: string, rule: RuleResult): void {
  const kept = results.get(id);
  const rank = (r: RuleResult) => {
    const at = PRECEDENCE.indexOf(r.result as CheckResultValue);
    return at < 0 ? -1 : at; // an unreadable result stays, to be reported
  };
  if (!kept || rank(rule) < rank(kept)) results.set(id, rule);
}

function checkResults(
  scan: TestResult,
  benchmarkId: string | null,
  ruleSeverity: ReadonlyMap<string, string>,
  emitted: Set<string>,
  ctx: ImportContext,
): RecordItem<CheckResult>[] {
  const asset = scan.target ?? ctx.target ?? null;
  const checkedAt = scan.time === null ? ctx.scannedAt : parseTimestamp(scan.time, ctx.timezone);
  if (asset === null)
    return [{ line: scan.line, problem: "a TestResult without target: give the asset with --target" }];
  if (checkedAt === undefined)
    return [
      {
        line: scan.line,
        problem:
          scan.time === null
            ? "a TestResult without end-time or start-time: give the scan time with --scanned-at"
            : `end-time "${scan.time}" is not an ISO 8601 timestamp`,
      },
    ];
  const items: RecordItem<CheckResult>[] = [];
  for (const [checkId, rule] of scan.results) {
    const result = CHECK_RESULTS.find((r) => r === rule.result);
    if (!result) {
      items.push({ line: rule.line, problem: `${checkId}: result "${rule.result}" is not an XCCDF result` });
      continue;
    }
    const external_id = `${asset}|${checkId}|${checkedAt}`;
    if (emitted.has(external_id)) {
      items.push({
        line: rule.line,
        problem: `${checkId}: a second result for ${asset} at the same end-time`,
      });
      continue;
    }
    emitted.add(external_id);
    items.push({
      line: rule.line,
      record: {
        kind: CHECK_RESULT.kind,
        feed: "xccdf",
        external_id,
        asset,
        check_id: checkId,
        result,
        checked_at: checkedAt,
        benchmark: scan.benchmark ?? benchmarkId,
        profile: scan.profile,
        severity: severityOf(rule.severity ?? ruleSeverity.get(checkId) ?? null),
        title: null,
        controls: null,
        suppressed: false,
      },
    });
  }
  return items;
}

/** XCCDF's severity; "unknown" (the default) and anything else is none. */
function severityOf(text: string | null): CheckSeverity | null {
  return CHECK_SEVERITIES.find((s) => s === text) ?? null;
}

/**
 * XML in an XCCDF namespace whose root is a Benchmark or a TestResult, or
 * an ARF report collection. A results file holds the whole benchmark before
 * its TestResult, often past the sample, so the root is what is looked at;
 * a benchmark without results is then refused by name. Other XML reports
 * (ZAP, nmap, JUnit) declare none of these namespaces.
 */
export function detectXccdf(sample: InputSample): boolean {
  const head = sample.head.replace(/^\uFEFF/, "").trimStart();
  if (!head.startsWith("<")) return false;
  const root = /<(?!\?|!)(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(
    head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""),
  );
  const name = root?.[1];
  if (name === "asset-report-collection") return head.includes(ARF_NAMESPACE);
  return (
    (name === "Benchmark" || name === "TestResult") &&
    [...XCCDF_NAMESPACES].some((namespace) => head.includes(namespace))
  );
}

export const xccdfImporter = defineImporter({
  id: "xccdf",
  title: "XCCDF 1.1/1.2 results or ARF (OpenSCAP and other SCAP scanners)",
  kinds: [CHECK_RESULT.kind],
  detect: detectXccdf,
  read: stream(parseXccdf),
});
