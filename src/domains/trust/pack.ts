import type { DomainPack } from "../domain-pack.ts";
import { latestSnapshot, securityTxtDaysLeft } from "./compute.ts";
import { securityTxtDrill } from "./drill.ts";
import { TRUST_METRICS } from "./metrics.ts";
import { MIGRATIONS } from "./migrations.ts";
import { SECURITY_TXT, type SecurityTxtSnapshot } from "./records.ts";

/** The public trust center's own promises, from the trust files imported. */
export const trust: DomainPack = {
  id: "trust",
  recordKinds: [SECURITY_TXT],
  migrations: MIGRATIONS,
  metrics: TRUST_METRICS,
  families: [
    {
      metrics: ["security_txt_days_left"],
      kinds: [SECURITY_TXT.kind],
      // A published security.txt speaks for itself until it expires: its data ends there, not at its import.
      async dataEnd(store) {
        const latest = latestSnapshot(
          await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, Number.MAX_SAFE_INTEGER),
        );
        return latest
          ? { at: Math.max(latest.expires_at, latest.snapshot_at), record: "security.txt" }
          : null;
      },
      async compute(store, { period }) {
        const snapshots = await store.snapshot<SecurityTxtSnapshot>(SECURITY_TXT.kind, period.end);
        return { security_txt_days_left: securityTxtDaysLeft(snapshots, period.end) };
      },
      drill: securityTxtDrill,
    },
  ],
};
