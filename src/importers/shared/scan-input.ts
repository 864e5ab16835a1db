import type { Finding, Scan, ScanImport, ScanItem, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseSeverity, type Severity } from "../../model/severity.ts";
import { parseTimestamp, toIso } from "../../model/time.ts";
import type { ImportContext, InputSample } from "../importer.ts";

/** What every scanner importer produces: scans, with their findings stored beside them. */
export const SCAN_KINDS = ["scan"] as const;

export function* scanItems(result: ScanImport): Iterable<ScanItem> {
  yield { line: 1, scan: result.scan };
  for (const finding of result.findings) yield { line: finding.line, finding };
  for (const problem of result.problems) yield { line: problem.line, problem: problem.reason };
  if (result.suppressed > 0) yield { line: 1, suppressed: result.suppressed };
}

/** Gathers streamed items back into whole scans (tests, small inputs). */
export async function collectScans(items: AsyncIterable<ScanItem>, file: string): Promise<ScanImport[]> {
  const scans: ScanImport[] = [];
  let current: ScanImport | undefined;
  const pending: ScanItem[] = [];
  for await (const item of items) {
    if ("scan" in item) {
      current = { scan: item.scan, findings: [], suppressed: 0, problems: [] };
      scans.push(current);
      continue;
    }
    if (current) addItem(current, item);
    else pending.push(item);
  }
  if (pending.length > 0) {
    if (!current) throw new InvalidInputError(file, [{ line: 1, reason: "no scan in the input" }]);
    for (const item of pending) if (!("scan" in item)) addItem(current, item);
  }
  return scans;
}

function addItem(scan: ScanImport, item: Exclude<ScanItem, { scan: Scan }>): void {
  if ("finding" in item) scan.findings.push(item.finding);
  else if ("problem" in item) scan.problems.push({ line: item.line, reason: item.problem });
  else scan.suppressed += item.suppressed;
}

/** A sample's text without byte-order mark and leading white space, for detection. */
export function sampleText(sample: InputSample): string {
  return sample.head.replace(/^\uFEFF/, "").trimStart();
}

/**
 * A scan needs a target and a time: from the file when it has them, else
 * from `--target` / `--scanned-at`; refusing beats inventing either.
 */
export function resolveScan(
  ctx: ImportContext,
  found: {
    tool: string;
    scan_type: ScanType;
    target: string | null;
    time: string | null;
    complete?: boolean;
  },
): Scan {
  const target = ctx.target ?? found.target;
  let scanned_at = ctx.scannedAt;
  if (scanned_at === undefined && found.time !== null) {
    scanned_at = parseTimestamp(found.time, ctx.timezone);
    if (scanned_at === undefined)
      throw new InvalidInputError(ctx.file, [
        { line: 1, reason: `scan time "${found.time}" is not a timestamp` },
      ]);
  }
  const missing = [
    target === null ? "a target (image, repository, host)" : null,
    scanned_at === undefined ? "a scan time" : null,
  ].filter((item) => item !== null);
  if (target === null || scanned_at === undefined) {
    throw new InvalidInputError(
      ctx.file,
      [{ line: 1, reason: `this ${found.tool} output does not say ${missing.join(" or ")}` }],
      "pass --target and/or --scanned-at",
    );
  }
  return {
    kind: "scan",
    feed: found.tool,
    external_id: `${found.tool}|${target}|${toIso(scanned_at)}`,
    tool: found.tool,
    scan_type: found.scan_type,
    target,
    scanned_at,
    complete: found.complete ?? true,
  };
}

/** Joins identity parts; empty parts stay as empty fields so positions never shift. */
export function identityOf(...parts: (string | null | undefined)[]): string {
  return parts.map((part) => part ?? "").join("|");
}

/** A tool's severity word, or a row problem naming it: unknown words are never guessed. */
export function severityWord(
  word: string,
  line: number,
  problems: { line: number; reason: string }[],
): Severity | null {
  const severity = parseSeverity(word);
  if (!severity) problems.push({ line, reason: `unknown severity "${word}"` });
  return severity ?? null;
}

/** Defaults for the finding fields most tools leave empty. */
export function finding(
  fields: Partial<Finding> & Pick<Finding, "identity" | "vulnerability_id" | "category" | "line">,
): Finding {
  return {
    title: null,
    severity: null,
    package_name: null,
    package_version: null,
    fixed_version: null,
    location: null,
    direct: null,
    status: "open",
    status_reason: null,
    own_lifecycle: null,
    attributes: {},
    ...fields,
  };
}
