import {
  CHECK_RESULT,
  type CheckResult,
  type CheckResultValue,
  RESULT_PRECEDENCE,
} from "../../domains/compliance-checks/records.ts";
import type { CheckSeverity } from "../../model/check-severity.ts";
import { parseTimestamp } from "../../model/time.ts";
import type { ImportContext, RecordItem } from "../importer.ts";

/**
 * What Prowler's three outputs (JSON-OCSF, CSV, compliance CSV) share: the
 * meaning of its status and severity words, its compliance lists, its times,
 * and the rule that one scan holds one result per (resource, check).
 */

/** The feed of every Prowler output: they are views of the same scan, so a scan counts once whichever is imported. */
export const PROWLER_FEED = "prowler";

/**
 * Prowler's status → XCCDF result. MANUAL: a requirement Prowler cannot
 * check, so none was run (notchecked); INFO (Prowler 3): a check that only
 * informs (informational).
 */
const RESULT_BY_STATUS: Record<string, CheckResultValue> = {
  pass: "pass",
  fail: "fail",
  manual: "notchecked",
  info: "informational",
};

/**
 * Prowler 4.0 wrote MUTED in place of the status of a muted finding, losing
 * it: the result is unknown (which controls_health counts against the asset
 * unless an exception covers it) and suppressed.
 */
const MUTED_STATUS = "muted";

export interface Status {
  result: CheckResultValue;
  /** The status itself said the result is muted. */
  muted: boolean;
}

/** A Prowler status word, or a problem. */
export function prowlerStatus(text: string | null): Status | string {
  const word = text?.trim().toLowerCase() ?? "";
  if (word === MUTED_STATUS) return { result: "unknown", muted: true };
  const result = RESULT_BY_STATUS[word];
  if (result) return { result, muted: false };
  return text === null || word === ""
    ? "the status is empty (expected PASS, FAIL or MANUAL)"
    : `status "${text}" is not a Prowler status (PASS, FAIL, MANUAL, INFO or MUTED)`;
}

/**
 * Prowler's severity → the check scale (info, low, medium, high). The scale
 * tops at high, as XCCDF's does, so critical checks are high: tiers are given
 * by severity and a critical check belongs with the high ones.
 */
const SEVERITY: Record<string, CheckSeverity> = {
  critical: "high",
  high: "high",
  medium: "medium",
  low: "low",
  informational: "info",
  info: "info",
};

/** A severity word (any case), null when empty or OCSF's Unknown; a problem when it is none. */
export function prowlerSeverity(
  text: string | null,
): { severity: CheckSeverity | null } | { problem: string } {
  const word = text?.trim().toLowerCase() ?? "";
  if (word === "" || word === "unknown") return { severity: null };
  const severity = SEVERITY[word];
  return severity
    ? { severity }
    : {
        problem: `severity "${text}" is not a Prowler severity (critical, high, medium, low, informational)`,
      };
}

/** The CSV's COMPLIANCE column, `CIS-1.4: 1.20 | ISO27001: A.9.2, A.9.4`: requirement ids by framework. */
export function parseComplianceText(text: string | null): Record<string, string[]> | null {
  if (text === null || text.trim() === "") return null;
  const controls: Record<string, string[]> = {};
  for (const part of text.split("|")) {
    const colon = part.indexOf(":");
    if (colon < 0) continue;
    const framework = part.slice(0, colon).trim();
    const ids = part
      .slice(colon + 1)
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (framework !== "" && ids.length > 0) addControls(controls, { [framework]: ids });
  }
  return Object.keys(controls).length > 0 ? controls : null;
}

/** Adds `more` into `into`, each framework's ids once, in the order first seen. */
function addControls(into: Record<string, string[]>, more: Record<string, readonly string[]>): void {
  for (const [framework, ids] of Object.entries(more)) {
    const kept = into[framework] ?? [];
    for (const id of ids) if (!kept.includes(id)) kept.push(id);
    into[framework] = kept;
  }
}

/** Epoch numbers below this are seconds (as Prowler's OCSF `time` is), above it milliseconds. */
const SECONDS_BELOW = 1e11;

/**
 * A Prowler time: epoch seconds or milliseconds (number or digits), or an
 * ISO 8601 text; Prowler writes local time without an offset, read in
 * `--timezone`. Cut to the second, as OCSF's `time` is, so the CSV and
 * OCSF outputs of one scan give the same checked_at. Undefined when unreadable.
 */
export function prowlerTime(value: unknown, zone: string): number | undefined {
  let ms: number | undefined;
  if (typeof value === "number" || (typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value))) {
    const number = Number(value);
    if (Number.isFinite(number) && number >= 0) ms = number < SECONDS_BELOW ? number * 1000 : number;
  } else if (typeof value === "string") ms = parseTimestamp(value, zone);
  return ms === undefined ? undefined : Math.floor(ms / 1000) * 1000;
}

/** One (resource, check) result as read from a finding or a row, before it is merged with others of the scan. */
export interface CheckReading {
  line: number;
  asset: string;
  checkId: string;
  checkedAt: number;
  status: Status;
  /** The tool muted it (a MUTED column, OCSF status Suppressed), whatever the status says. */
  muted: boolean;
  benchmark: string | null;
  profile: string | null;
  severity: CheckSeverity | null;
  title: string | null;
  controls: Record<string, readonly string[]> | null;
}

const rank = (result: CheckResultValue) => RESULT_PRECEDENCE.indexOf(result);

/**
 * The results of one input, one per (asset, check, checked_at). Prowler
 * writes one finding per resource and check, but a compliance CSV lists a
 * check once under each requirement it evidences, and some checks report a
 * resource twice: the readings are merged, the result that says most against
 * the asset standing (fail before pass before manual), the requirement ids
 * gathered. Held until the input ends, as a check's rows may be far apart.
 */
export class ScanResults {
  private readonly byKey = new Map<string, CheckResult & { line: number }>();

  add(reading: CheckReading): void {
    const external_id = `${reading.asset}|${reading.checkId}|${reading.checkedAt}`;
    const suppressed = reading.muted || reading.status.muted;
    const kept = this.byKey.get(external_id);
    if (!kept) {
      const controls: Record<string, string[]> = {};
      if (reading.controls) addControls(controls, reading.controls);
      this.byKey.set(external_id, {
        line: reading.line,
        kind: CHECK_RESULT.kind,
        feed: PROWLER_FEED,
        external_id,
        asset: reading.asset,
        check_id: reading.checkId,
        result: reading.status.result,
        checked_at: reading.checkedAt,
        benchmark: reading.benchmark,
        profile: reading.profile,
        severity: reading.severity,
        title: reading.title,
        controls: Object.keys(controls).length > 0 ? controls : null,
        suppressed,
      });
      return;
    }
    if (rank(reading.status.result) < rank(kept.result)) {
      kept.result = reading.status.result;
      kept.suppressed = suppressed;
    } else if (reading.status.result === kept.result) kept.suppressed &&= suppressed;
    if (reading.controls) {
      const controls = kept.controls ?? {};
      addControls(controls, reading.controls);
      kept.controls = Object.keys(controls).length > 0 ? controls : null;
    }
    // A check under requirements of both CIS levels is a Level 1 check: Level 2 adds to Level 1.
    if (reading.profile !== null && (kept.profile === null || reading.profile < kept.profile))
      kept.profile = reading.profile;
    kept.benchmark ??= reading.benchmark;
    kept.severity ??= reading.severity;
    kept.title ??= reading.title;
  }

  /** The merged results, in the order of their first line. */
  *items(): Iterable<RecordItem<CheckResult>> {
    for (const { line, ...record } of this.byKey.values()) yield { line, record };
  }
}

/**
 * The asset a result is of: the resource, else the account (account-wide
 * checks), else `--target`.
 */
export function assetOf(resource: string | null, account: string | null, ctx: ImportContext): string | null {
  return resource ?? account ?? ctx.target ?? null;
}

/** The scan time, else `--scanned-at`; `what` names where the time was looked for. */
export function checkedAtOf(
  value: unknown,
  ctx: ImportContext,
  what: string,
): { at: number } | { problem: string } {
  if (value === undefined || value === null || value === "") {
    if (ctx.scannedAt !== undefined) return { at: Math.floor(ctx.scannedAt / 1000) * 1000 };
    return { problem: `no ${what}: give the scan time with --scanned-at` };
  }
  const at = prowlerTime(value, ctx.timezone);
  return at === undefined ? { problem: `${what} ${JSON.stringify(value)} is not a timestamp` } : { at };
}
