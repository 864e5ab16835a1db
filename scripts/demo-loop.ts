/**
 * The loop closed on two of the demo's recommendations, as a GitHub sync
 * would have recorded it: the issues filed for the false-positive alert rate
 * (triage rules rewritten) and for the missed vulnerability SLAs (a patching
 * rota) were both seen closed by the sync of 1 August. By October the
 * iteration report judges the first effective and the second without effect,
 * and `secmetrics recommendations` shows both.
 */
import { openStore } from "../src/app/open-store.ts";
import { saveLink } from "../src/app/trackers/tracker-links.ts";

const SEEN_CLOSED_AT = Date.parse("2026-08-01T06:00:00Z");
const CLOSED_ISSUES = [
  { recommendation_id: "false_positive_rate:missed_target", issue: "41" },
  { recommendation_id: "vuln_sla_missed:missed_target", issue: "44" },
];

export async function recordDemoTrackerWork(db: string): Promise<void> {
  const store = await openStore(db);
  try {
    for (const { recommendation_id, issue } of CLOSED_ISSUES)
      await saveLink(store, {
        tracker: "github",
        recommendation_id,
        issue,
        url: `https://github.com/northwind/security/issues/${issue}`,
        state: "closed",
        fingerprint: "demo",
        cleared_at: null,
        updated_at: SEEN_CLOSED_AT,
      });
  } finally {
    await store.close();
  }
}
