import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { daysUntil, latestSnapshot } from "./compute.ts";
import { SECURITY_TXT, type SecurityTxtSnapshot } from "./records.ts";

/** The security.txt snapshots in force at the period end; only the latest counts. */
export async function securityTxtDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const snapshots = await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, period.end);
  const latest = latestSnapshot(snapshots);
  return snapshots.slice(0, limit + 1).map((snapshot) =>
    recordRow(
      snapshot,
      snapshot.snapshot_at,
      {
        expires: iso(snapshot.expires_at),
        days_left: daysUntil(snapshot.expires_at, period.end),
        canonical: snapshot.canonical,
      },
      snapshot === latest,
      snapshot === latest ? null : "a later trust file was imported",
    ),
  );
}
