import { countValue, emptyValue, type MetricValue } from "../metric-value.ts";
import type { SecurityTxtSnapshot } from "./records.ts";

const DAY_MS = 86_400_000;

/** Whole days from `at` to `expires_at`; 0 once expired (a lapsed file has no days left, not negative ones). */
export function daysUntil(expiresAt: number, at: number): number {
  return Math.max(0, Math.floor((expiresAt - at) / DAY_MS));
}

/** The days left at the period end of the security.txt published then: the latest snapshot's. */
export function securityTxtDaysLeft(snapshots: readonly SecurityTxtSnapshot[], end: number): MetricValue {
  const latest = latestSnapshot(snapshots);
  if (!latest) return emptyValue("no trust file imported before the period end");
  return countValue(daysUntil(latest.expires_at, end), {
    expires: new Date(latest.expires_at).toISOString(),
    canonical: latest.canonical,
    expired: latest.expires_at <= end,
  });
}

/** Of several feeds' snapshots (one trust file each, rarely more), the one taken last. */
export function latestSnapshot<T extends SecurityTxtSnapshot>(snapshots: readonly T[]): T | undefined {
  return snapshots.reduce<T | undefined>(
    (latest, snapshot) =>
      latest === undefined || snapshot.snapshot_at > latest.snapshot_at ? snapshot : latest,
    undefined,
  );
}
