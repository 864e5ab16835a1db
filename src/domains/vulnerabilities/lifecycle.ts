import type { Severity } from "../../model/severity.ts";
import type { Finding, FindingStatus, Scan, ScanType } from "./records.ts";

const DAY_MS = 86_400_000;

/** Default remediation SLAs in days; info has none. */
export const DEFAULT_SLA_DAYS: Readonly<Record<Severity, number | null>> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 120,
  info: null,
};

/** Days allowed to fix a finding of this severity on this target; null means no due date. */
export type SlaPolicy = (severity: Severity | null, target: string) => number | null;

export interface SlaPolicyOptions {
  days?: Partial<Record<Severity, number | null>>;
  /** Per product/team: the first group whose `matches` accepts the target wins. */
  groups?: readonly {
    matches: (target: string) => boolean;
    days: Partial<Record<Severity, number | null>>;
  }[];
}

export function createSlaPolicy(options: SlaPolicyOptions = {}): SlaPolicy {
  const base = { ...DEFAULT_SLA_DAYS, ...options.days };
  return (severity, target) => {
    if (severity === null) return null;
    const group = options.groups?.find((candidate) => candidate.matches(target));
    const days = group?.days[severity];
    return days !== undefined ? days : base[severity];
  };
}

export interface ScanWithFindings {
  scan: Scan;
  findings: readonly Finding[];
}

/** One stretch of time a finding was present: first sighting to the scan that no longer had it. */
export interface FindingOccurrence {
  target: string;
  tool: string;
  identity: string;
  /** 1 for the first time it was seen; 2+ after each fix. */
  occurrence: number;
  /** Seen again after having been fixed (`repeat_findings`). */
  reintroduced: boolean;
  first_seen_at: number;
  last_seen_at: number;
  fixed_at: number | null;
  /** Frozen when first seen, so later policy edits do not rewrite history. */
  due_at: number | null;
  /** Severity when first seen (the one the due date was set from). */
  severity: Severity | null;
  category: ScanType;
  /** As of the latest sighting: accepted risk etc. leave the denominators. */
  status: FindingStatus;
  status_reason: string | null;
  /** The latest copy of the finding (title, package, location). */
  finding: Finding;
  /** Scan that first saw it, for drill-down. */
  first_scan: string;
}

export interface LifecycleOptions {
  sla?: SlaPolicy;
}

/**
 * Derives every finding occurrence from all scans of any targets, given in
 * any order: per (target, tool), scans are ordered by time; a finding is
 * fixed by the first later *complete* scan of the same target by the same
 * tool that lacks it. Incomplete scans (failed, or listings such as
 * Dependabot's) add sightings but never fix anything. Findings that carry
 * their own lifecycle (Dependabot) use their own timestamps.
 */
export function computeLifecycle(
  scans: readonly ScanWithFindings[],
  options: LifecycleOptions = {},
): FindingOccurrence[] {
  const sla = options.sla ?? createSlaPolicy();
  const groups = new Map<string, ScanWithFindings[]>();
  const seenScans = new Set<string>();
  for (const entry of scans) {
    // The same scan imported twice is one scan.
    const scanKey = `${entry.scan.feed}\u0000${entry.scan.external_id}`;
    if (seenScans.has(scanKey)) continue;
    seenScans.add(scanKey);
    const key = `${entry.scan.target}\u0000${entry.scan.tool}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }

  const occurrences: FindingOccurrence[] = [];
  for (const group of [...groups.values()].sort((a, b) => compareKeys(a[0]?.scan, b[0]?.scan))) {
    group.sort(
      (a, b) => a.scan.scanned_at - b.scan.scanned_at || compare(a.scan.external_id, b.scan.external_id),
    );
    occurrences.push(...scanDerived(group, sla), ...ownLifecycle(group, sla));
  }
  return occurrences;
}

function scanDerived(group: readonly ScanWithFindings[], sla: SlaPolicy): FindingOccurrence[] {
  const all: FindingOccurrence[] = [];
  const open = new Map<string, FindingOccurrence>();
  const seenBefore = new Map<string, number>();
  for (const { scan, findings } of group) {
    const present = new Set<string>();
    for (const finding of findings) {
      if (finding.own_lifecycle) continue;
      present.add(finding.identity);
      const current = open.get(finding.identity);
      if (current) {
        current.last_seen_at = scan.scanned_at;
        current.finding = finding;
        current.status = finding.status;
        current.status_reason = finding.status_reason;
        continue;
      }
      const previous = seenBefore.get(finding.identity) ?? 0;
      const occurrence = newOccurrence(scan, finding, scan.scanned_at, previous + 1, sla);
      seenBefore.set(finding.identity, previous + 1);
      open.set(finding.identity, occurrence);
      all.push(occurrence);
    }
    if (!scan.complete) continue;
    for (const [identity, occurrence] of open) {
      if (present.has(identity)) continue;
      occurrence.fixed_at = scan.scanned_at;
      open.delete(identity);
    }
  }
  return all;
}

/** The latest copy of each self-tracked finding wins; its own timestamps are used as given. */
function ownLifecycle(group: readonly ScanWithFindings[], sla: SlaPolicy): FindingOccurrence[] {
  const latest = new Map<string, { scan: Scan; finding: Finding }>();
  for (const { scan, findings } of group) {
    for (const finding of findings)
      if (finding.own_lifecycle) latest.set(finding.identity, { scan, finding });
  }
  return [...latest.values()].map(({ scan, finding }) => {
    const own = finding.own_lifecycle;
    const occurrence = newOccurrence(scan, finding, own?.created_at ?? scan.scanned_at, 1, sla);
    occurrence.fixed_at = own?.fixed_at ?? null;
    return occurrence;
  });
}

function newOccurrence(
  scan: Scan,
  finding: Finding,
  firstSeen: number,
  occurrence: number,
  sla: SlaPolicy,
): FindingOccurrence {
  const days = sla(finding.severity, scan.target);
  return {
    target: scan.target,
    tool: scan.tool,
    identity: finding.identity,
    occurrence,
    reintroduced: occurrence > 1,
    first_seen_at: firstSeen,
    last_seen_at: scan.scanned_at,
    fixed_at: null,
    due_at: days === null ? null : firstSeen + days * DAY_MS,
    severity: finding.severity,
    category: finding.category,
    status: finding.status,
    status_reason: finding.status_reason,
    finding,
    first_scan: scan.external_id,
  };
}

function compareKeys(a: Scan | undefined, b: Scan | undefined): number {
  return compare(a?.target ?? "", b?.target ?? "") || compare(a?.tool ?? "", b?.tool ?? "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
