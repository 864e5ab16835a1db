import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildAlert, buildImport } from "../../test-support/records.ts";
import { alertTallies, selectedAlerts } from "./queries.ts";
import type { Alert } from "./records.ts";

const T0 = Date.parse("2026-09-01T00:00:00Z");
const MINUTE = 60_000;

function alert(id: string, createdAt: number, extra: Partial<Alert> = {}): Alert {
  return buildAlert({ external_id: id, created_at: createdAt, ...extra });
}

const meta = (sha256: string, format: string) => buildImport(sha256, format, T0);

for (const engine of ENGINES) {
  describe(`detection and response queries on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => dispose());

    it("tallies alerts of a half-open interval in SQL", async () => {
      await store.importRecords(meta("f", "alerts-csv"), async (writer) => {
        await writer.write(alert("A1", T0 - 1, { incident_id: "INC-0" }), 2); // before the interval
        await writer.write(alert("A2", T0, { incident_id: "INC-1", disposition: "true_positive" }), 3);
        await writer.write(alert("A3", T0 + 1, { disposition: "false_positive" }), 4);
        await writer.write(alert("A4", T0 + 2, { disposition: "benign" }), 5);
        await writer.write(alert("A5", T0 + 3), 6);
        await writer.write(alert("A6", T0 + MINUTE, { disposition: "false_positive" }), 7); // at the end: excluded
        return { skipped: 0 };
      });
      // In [T0, T0+1min): A2..A5 = 4 alerts; escalated A2 = 1; triaged A2, A3, A4 = 3; false positive A3 = 1.
      const intervals = [
        { start: T0, end: T0 + MINUTE },
        { start: 0, end: 1 },
      ];
      expect(await store.read((q) => alertTallies(q, intervals))).toEqual([
        { total: 4, escalated: 1, triaged: 3, false_positive: 1 },
        { total: 0, escalated: 0, triaged: 0, false_positive: 0 },
      ]);
      const fps = await store.read((q) =>
        selectedAlerts(q, { start: T0, end: T0 + 2 * MINUTE }, "false_positive", 1000),
      );
      expect(fps.map((a) => [a.external_id, a.provenance.line])).toEqual([
        ["A3", 4],
        ["A6", 7],
      ]);
      const escalated = await store.read((q) => selectedAlerts(q, { start: 0, end: T0 * 2 }, "escalated", 1));
      expect(escalated.map((a) => a.external_id)).toEqual(["A1"]);
    });
  });
}
