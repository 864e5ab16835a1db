import type { Config } from "../config/schema.ts";
import { scanTargetsAt } from "../domains/vulnerabilities/queries.ts";
import { recordRestore, recordRetirement } from "../domains/vulnerabilities/retirements.ts";
import { daysSinceLastScan, type ScanTarget, type TargetState } from "../domains/vulnerabilities/targets.ts";
import { closeNames } from "../model/close-names.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { AuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";

/** One scanner's view of one scan target, for `secmetrics targets list`. Times are ISO 8601. */
export interface ScanTargetRow {
  target: string;
  tool: string;
  first_scan_at: string;
  last_scan_at: string;
  scans: number;
  days_since_last_scan: number;
  state: TargetState;
  /** Open findings by severity; those of a retired target no longer count as open. */
  open_findings: number;
  open_by_severity: Record<string, number>;
  retired_at: string | null;
  retired_by: string | null;
  retire_reason: string | null;
}

export interface ScanTargetList {
  as_of: string;
  retire_after_days: number;
  targets: ScanTargetRow[];
}

/** Who acts, and when: recorded with the retirement and in the audit log. */
export interface TargetChange {
  name: string;
  actor: string;
  now: number;
}

export async function listScanTargets(store: Store, config: Config, now: number): Promise<ScanTargetList> {
  const targets = await targetsNow(store, config, now);
  return {
    as_of: iso(now),
    retire_after_days: config.scans.retire_after / 86_400,
    targets: targets.map((t) => ({
      target: t.target,
      tool: t.tool,
      first_scan_at: iso(t.first_scan_at),
      last_scan_at: iso(t.last_scan_at),
      scans: t.scans,
      days_since_last_scan: daysSinceLastScan(t, now),
      state: t.state,
      open_findings: t.open_total,
      open_by_severity: t.open,
      retired_at: t.retirement ? iso(t.retirement.retired_at) : null,
      retired_by: t.retirement?.retired_by ?? null,
      retire_reason: t.retirement?.reason ?? null,
    })),
  };
}

/**
 * Retires a scan target from `now`: its open findings stop counting as
 * open in every period judged after that instant, and stay counted in the
 * periods before it. A scan of the target after `now` ends the retirement.
 */
export async function retireTarget(
  store: Store,
  auth: AuthStore,
  change: TargetChange & { reason: string | null },
  config: Config,
): Promise<{ target: string; open_findings: number }> {
  const targets = await knownTarget(store, change.name, config, change.now);
  const current = targets[0]?.retirement;
  if (current) {
    throw new SecmetricsError(
      "conflict",
      `scan target "${change.name}" is already retired (since ${iso(current.retired_at)}, by ${current.retired_by})`,
      `secmetrics targets restore "${change.name}" undoes it`,
    );
  }
  await recordRetirement(store, {
    target: change.name,
    retired_at: change.now,
    retired_by: change.actor,
    reason: change.reason,
  });
  const openFindings = targets.reduce((sum, t) => sum + t.open_total, 0);
  await auth.audit({
    at: change.now,
    actor: change.actor,
    action: "target.retire",
    target: change.name,
    detail: { reason: change.reason, open_findings: openFindings },
    ip: null,
  });
  return { target: change.name, open_findings: openFindings };
}

/** Ends the retirement in effect: the target's open findings count as open again from `now`. */
export async function restoreTarget(
  store: Store,
  auth: AuthStore,
  change: TargetChange,
  config: Config,
): Promise<{ target: string; retired_at: number }> {
  const targets = await knownTarget(store, change.name, config, change.now);
  const current = targets[0]?.retirement;
  if (!current) {
    throw new SecmetricsError(
      "conflict",
      `scan target "${change.name}" is not retired`,
      "a retirement ends by itself when the target is scanned again",
    );
  }
  await recordRestore(store, current, { at: change.now, by: change.actor });
  await auth.audit({
    at: change.now,
    actor: change.actor,
    action: "target.restore",
    target: change.name,
    detail: { retired_at: iso(current.retired_at), retired_by: current.retired_by },
    ip: null,
  });
  return { target: change.name, retired_at: current.retired_at };
}

function targetsNow(store: Store, config: Config, now: number): Promise<ScanTarget[]> {
  return store.read((q) => scanTargetsAt(q, { asOf: now, retireAfterMs: config.scans.retire_after * 1000 }));
}

/** The scanners' views of target `name` at `now`; an unknown name is an error naming the close ones. */
async function knownTarget(store: Store, name: string, config: Config, now: number): Promise<ScanTarget[]> {
  const every = await targetsNow(store, config, now);
  const targets = every.filter((t) => t.target === name);
  if (targets.length > 0) return targets;
  const close = closeNames(name, [...new Set(every.map((t) => t.target))]);
  throw new SecmetricsError(
    "not_found",
    `no scan target "${name}"${close.length > 0 ? `; did you mean ${close.map((c) => `"${c}"`).join(", ")}?` : ""}`,
    "`secmetrics targets list` shows every scan target",
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
