import type { Readable } from "node:stream";
import sax from "sax";
import {
  CHECK_RESULT,
  CHECK_RESULTS,
  type CheckResult,
  type CheckResultValue,
  RESULT_PRECEDENCE,
} from "../../domains/compliance-checks/records.ts";
import { CHECK_SEVERITIES, type CheckSeverity } from "../../model/check-severity.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { stream } from "../shared/readers.ts";
import { streamXml } from "../shared/xml-stream.ts";
import { addControls, identFramework, referenceFramework } from "./frameworks.ts";

const XCCDF_NAMESPACES = new Set([
  "http://checklists.nist.gov/xccdf/1.1",
  "http://checklists.nist.gov/xccdf/1.2",
]);
const ARF_NAMESPACE = "http://scap.nist.gov/schema/asset-reporting-format/1.1";

interface RuleResult {
  line: number;
  result: string;
  severity: string | null;
  /** From the rule-result's `ident`s. */
  controls: Map<string, string[]>;
}

/** What the benchmark says of a Rule: its severity, title and the requirements it evidences. */
interface Rule {
  severity: string | null;
  title: string | null;
  controls: Map<string, string[]>;
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
 * their prefix. A rule-result without a severity takes its Rule's; its
 * title is its Rule's, and its controls its `ident`s and its Rule's
 * (`frameworks.ts`). The benchmark comes before the TestResult in a results
 * file and an ARF, so each Rule is known when its results are.
 */
export async function* parseXccdf(
  input: Readable,
  ctx: ImportContext,
): AsyncIterable<RecordItem<CheckResult>> {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const rules = new Map<string, Rule>();
  const emitted = new Set<string>();
  const ready: RecordItem<CheckResult>[] = [];
  let benchmarkId: string | null = null;
  let testResult: TestResult | null = null;
  let rule: Rule | null = null;
  let ruleResult: RuleResult | null = null;
  let ruleResultId: string | null = null;
  // The text of the element being read, given to `done` when it closes (the text of its children included).
  let capture: { depth: number; text: string; done: (text: string) => void } | null = null;
  let testResults = 0;

  const line = () => parser.line + 1;
  const attr = (tag: sax.QualifiedTag, name: string) => tag.attributes[name]?.value ?? null;
  const read = (done: (text: string) => void) => {
    capture = { depth: open.length, text: "", done };
  };

  // Open elements, for the name and namespace of the one that closes.
  const open: sax.QualifiedTag[] = [];
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const parent = open.at(-1);
    open.push(tag);
    if (!XCCDF_NAMESPACES.has(tag.uri) || capture) return;
    // The Rule whose own title, references and idents these are.
    const ofRule = parent?.local === "Rule" ? rule : null;
    switch (tag.local) {
      case "Benchmark":
        benchmarkId ??= attr(tag, "id");
        break;
      case "Rule": {
        const id = attr(tag, "id");
        rule = { severity: attr(tag, "severity"), title: null, controls: new Map() };
        if (id) rules.set(id, rule);
        break;
      }
      case "title":
        if (ofRule && ofRule.title === null) {
          const into = ofRule;
          read((text) => {
            into.title = text || null;
          });
        }
        break;
      case "reference": {
        const href = attr(tag, "href");
        // A reference without href is a book or a document, not a requirement.
        if (ofRule && href) {
          const into = ofRule;
          read((text) => addControls(into.controls, referenceFramework(href), text));
        }
        break;
      }
      case "ident": {
        const system = attr(tag, "system");
        const framework = system === null ? null : identFramework(system);
        const into = ofRule ? ofRule.controls : parent?.local === "rule-result" ? ruleResult?.controls : null;
        if (framework && into) read((text) => addControls(into, framework, text));
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
        if (testResult && testResult.target === null) {
          const into = testResult;
          read((text) => {
            into.target = text || null;
          });
        }
        break;
      case "rule-result":
        if (testResult) {
          ruleResultId = attr(tag, "idref");
          ruleResult = { line: line(), result: "", severity: attr(tag, "severity"), controls: new Map() };
        }
        break;
      case "result":
        if (ruleResult) {
          const into = ruleResult;
          read((text) => {
            into.result = text;
          });
        }
        break;
    }
  };
  parser.ontext = (chunk) => {
    if (capture) capture.text += chunk;
  };
  parser.oncdata = parser.ontext;
  parser.onclosetag = () => {
    if (capture && capture.depth === open.length) {
      capture.done(capture.text.trim());
      capture = null;
    }
    const tag = open.pop();
    if (!tag || !XCCDF_NAMESPACES.has(tag.uri)) return;
    if (tag.local === "Rule") {
      rule = null;
    } else if (tag.local === "rule-result" && testResult && ruleResult) {
      if (ruleResultId === null)
        ready.push({ line: ruleResult.line, problem: "a rule-result without idref" });
      else keepStronger(testResult.results, ruleResultId, ruleResult);
      ruleResult = null;
    } else if (tag.local === "TestResult" && testResult) {
      testResults++;
      ready.push(...checkResults(testResult, benchmarkId, rules, emitted, ctx));
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
    const at = RESULT_PRECEDENCE.indexOf(r.result as CheckResultValue);
    return at < 0 ? -1 : at; // an unreadable result stays, to be reported
  };
  if (!kept || rank(rule) < rank(kept)) results.set(id, rule);
}

function checkResults(
  scan: TestResult,
  benchmarkId: string | null,
  rules: ReadonlyMap<string, Rule>,
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
    const declared = rules.get(checkId);
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
        severity: severityOf(rule.severity ?? declared?.severity ?? null),
        title: declared?.title ?? null,
        controls: controlsOf(rule.controls, declared?.controls),
        suppressed: false,
      },
    });
  }
  return items;
}

/** The rule-result's idents and its Rule's references and idents, by framework; null when none. */
function controlsOf(
  own: ReadonlyMap<string, string[]>,
  declared: ReadonlyMap<string, string[]> | undefined,
): Record<string, string[]> | null {
  const all = new Map<string, string[]>();
  for (const source of [own, declared ?? new Map<string, string[]>()])
    for (const [framework, ids] of source) addControls(all, framework, ids.join(","));
  return all.size === 0 ? null : Object.fromEntries(all);
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
