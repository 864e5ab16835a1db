import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildAlert, buildImport, buildIncident } from "../../test-support/records.ts";
import { alertTallies, incidentTimelines, selectedAlerts } from "./queries.ts";
import type { Alert, Incident } from "./records.ts";

const T0 = Date.parse("2026-09-01T00:00:00Z");
const MINUTE = 60_000;

function alert(id: string, createdAt: number, extra: Partial<Alert> = {}): Alert {
  return buildAlert({ external_id: id, created_at: createdAt, ...extra });
}

function incident(id: string, detectedAt: number, extra: Partial<Incident> = {}): Incident {
  return buildIncident({ external_id: id, detected_at: detectedAt, ...extra });
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

    it("reads each interval's incidents oldest first, ties as stored, with the columns the metrics use", async () => {
      await store.importRecords(meta("i", "incidents-csv"), async (writer) => {
        await writer.write(
          incident("I1", T0 + 2 * MINUTE, {
            severity: "high",
            started_at: T0,
            acknowledged_at: T0 + 3 * MINUTE,
          }),
          2,
        );
        await writer.write(
          incident("I2", T0 + MINUTE, {
            event_kind: "drill",
            synthetic: true,
            recovered_at: T0 + 5 * MINUTE,
          }),
          3,
        );
        await writer.write(
          incident("I0", T0 + 2 * MINUTE, { severity: "critical", responded_at: T0 + 4 * MINUTE }),
          4,
        );
        await writer.write(incident("N1", T0 + MINUTE, { event_kind: "near_miss" }), 5); // not an incident
        await writer.write(incident("I4", T0 - 1), 6); // before the first interval: the second's
        await writer.write(incident("I5", T0 + 10 * MINUTE), 7); // at the first interval's end: excluded
        return { skipped: 0 };
      });
      const none = { started_at: null, acknowledged_at: null, responded_at: null, recovered_at: null };
      const intervals = [
        { start: T0, end: T0 + 10 * MINUTE },
        { start: T0 - MINUTE, end: T0 },
        { start: 0, end: 1 },
      ];
      // First interval: I2 (T0+1min), then I1 and I0 (both T0+2min) in the order they were stored
      // (not by external id nor by severity, which would put I0 first).
      expect(await store.read((q) => incidentTimelines(q, intervals))).toEqual([
        [
          {
            ...none,
            severity: null,
            synthetic: true,
            detected_at: T0 + MINUTE,
            recovered_at: T0 + 5 * MINUTE,
          },
          {
            ...none,
            severity: "high",
            synthetic: false,
            started_at: T0,
            detected_at: T0 + 2 * MINUTE,
            acknowledged_at: T0 + 3 * MINUTE,
          },
          {
            ...none,
            severity: "critical",
            synthetic: false,
            detected_at: T0 + 2 * MINUTE,
            responded_at: T0 + 4 * MINUTE,
          },
        ],
        [{ ...none, severity: null, synthetic: false, detected_at: T0 - 1 }],
        [],
      ]);
    });
  });
}
