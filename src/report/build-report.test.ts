import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../app/import-file.ts";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildReport } from "./build-report.ts";

const ACCOUNTS_CSV = `id,name,privileged,owner,owner_status,status,last_used_at,snapshot_at
u-1,rmensah,true,rmensah@example.com,departed,active,2026-10-20T08:00:00Z,2026-10-31T00:00:00Z
u-2,alice,false,alice@example.com,active,active,2026-10-30T08:00:00Z,2026-10-31T00:00:00Z
`;
const CONFIG = parseConfig({ history: 3 });
const NOW = Date.parse("2026-11-02T00:00:00Z");

describe.each(ENGINES)("buildReport on $name", (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(engine));
    await importFile(store, {
      source: bufferSource("accounts.csv", ACCOUNTS_CSV),
      format: "accounts-csv",
      options: { timezone: "UTC" },
      now: Date.parse("2026-11-01T00:00:00Z"),
    });
  });
  afterAll(() => dispose());

  it("names the orphaned account through the metric's drill-down, in both reports alike", async () => {
    const ctx = { config: CONFIG, now: NOW };
    const iteration = await buildReport(store, "iteration", "2026-10", ctx);
    const scorecard = await buildReport(store, "scorecard", "2026-10", ctx);
    const orphaned = iteration.recommendations.find((r) => r.metric_id === "orphaned_accounts");
    // rmensah's owner departed (alice's is active): one orphaned account, target 0, missed for the
    // first time (no data before the snapshot) with a new baseline: 4 × 1 × 1 = 4, Medium.
    expect(orphaned).toMatchObject({
      id: "orphaned_accounts:missed_target",
      title: "Disable or reassign account rmensah",
      priority: "Medium",
      score: 4,
      records_total: 1,
      records: [
        {
          kind: "account",
          id: "u-1",
          label: "account rmensah",
          detail: "departed owner, privileged, last used 2026-10-20",
          days_overdue: null,
        },
      ],
    });
    expect(scorecard.recommendations).toEqual(iteration.recommendations);
    // Privileged accounts (1) and orphaned accounts (1) are the only values, both new.
    expect(iteration.posture.trend.text).toBe("baseline set");
    expect(scorecard.posture.trend).toEqual(iteration.posture.trend);
    expect(scorecard.posture.history).toEqual(iteration.posture.history);
    if (iteration.kind !== "iteration") throw new Error("not an iteration report");
    // The risk (Medium: orphaned accounts missed its target) rests on a metric no section shows.
    expect(iteration.posture.level).toBe("Medium");
    expect(iteration.other_risk_metrics.rows.map((row) => row.id)).toEqual(["orphaned_accounts"]);
  });
});
