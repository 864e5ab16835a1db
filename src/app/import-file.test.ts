import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Alert, Incident } from "../domains/detection-response/records.ts";
import { bufferSource, fileSource } from "../importers/file-source.ts";
import { InvalidInputError } from "../model/errors.ts";
import { NO_PROBLEMS } from "../model/problem-collector.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { type ImportRequest, importFile } from "./import-file.ts";

const IMPORTERS = join(import.meta.dirname, "..", "importers");
const INCIDENTS_CSV = join(IMPORTERS, "incidents", "fixtures", "incidents.csv");
const INCIDENTS_BAD_ROWS = join(IMPORTERS, "incidents", "fixtures", "incidents-bad-rows.csv");
const INCIDENTS_TRUNCATED = join(IMPORTERS, "incidents", "fixtures", "incidents-truncated.json");
const OCSF_DETECTIONS = join(IMPORTERS, "ocsf", "fixtures", "detection-findings.json");
const NGINX_ACCESS = join(IMPORTERS, "nginx", "fixtures", "access-beats.log");

const EVERYTHING = { start: 0, end: 2 ** 52 };
const NOW = Date.parse("2026-04-01T12:00:00Z");
const LATER = Date.parse("2026-04-02T12:00:00Z");
const OPTIONS = { timezone: "Europe/Berlin" };

function request(source: ImportRequest["source"], extra: Partial<ImportRequest> = {}): ImportRequest {
  return { source, options: OPTIONS, now: NOW, ...extra };
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

for (const engine of ENGINES) {
  describe(`importFile on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterEach(async () => {
      await dispose();
    });

    it("imports a file and counts its records", async () => {
      const outcome = await importFile(store, request(fileSource(INCIDENTS_CSV)));
      expect(outcome).toMatchObject({
        status: "imported",
        format: "incidents-csv",
        skipped: NO_PROBLEMS,
        import: {
          format: "incidents-csv",
          feed: "incidents",
          file_name: "incidents.csv",
          records: 4,
          skipped: 0,
        },
      });
      expect(await store.listImports()).toEqual([outcome.import]);
      const incidents = await store.records<Incident>("incident", EVERYTHING);
      expect(incidents.map((i) => i.external_id)).toEqual(["INC-1", "INC-2", "INC-3", "INC-4"]);
    });

    it("changes nothing when the same file comes again", async () => {
      const first = await importFile(store, request(fileSource(INCIDENTS_CSV)));
      const again = await importFile(store, request(fileSource(INCIDENTS_CSV), { now: LATER }));
      expect(again).toEqual({
        status: "unchanged",
        format: "incidents-csv",
        import: first.import,
        skipped: NO_PROBLEMS,
        unreadable: NO_PROBLEMS,
        leftOut: NO_PROBLEMS,
      });
      expect(await store.listImports()).toHaveLength(1);
      expect(await store.records<Incident>("incident", EVERYTHING)).toHaveLength(4);
    });

    it("updates the records of a later export of the same ids instead of adding them", async () => {
      const open = [
        '{"id":"INC-7","severity":"SEV2","status":"open","detected_at":"2026-03-02T10:00:00Z"}',
        '{"id":"INC-8","severity":"SEV3","status":"open","detected_at":"2026-03-03T10:00:00Z"}',
      ].join("\n");
      const resolved = [
        '{"id":"INC-8","severity":"SEV3","status":"resolved","detected_at":"2026-03-03T10:00:00Z","recovered_at":"2026-03-03T12:00:00Z"}',
        '{"id":"INC-7","severity":"SEV2","status":"resolved","detected_at":"2026-03-02T10:00:00Z","acknowledged_at":"2026-03-02T10:05:00Z","recovered_at":"2026-03-02T11:00:00Z"}',
      ].join("\n");
      await importFile(store, request(bufferSource("monday.ndjson", open)));
      const later = await importFile(
        store,
        request(bufferSource("tuesday.ndjson", resolved), { now: LATER }),
      );
      expect(later.import.records).toBe(2);

      const incidents = await store.records<Incident>("incident", EVERYTHING);
      expect(incidents).toHaveLength(2);
      expect(incidents[0]).toMatchObject({
        external_id: "INC-7",
        status: "resolved",
        acknowledged_at: Date.parse("2026-03-02T10:05:00Z"),
        recovered_at: Date.parse("2026-03-02T11:00:00Z"),
        provenance: { import_id: later.import.id, file_name: "tuesday.ndjson", line: 2, imported_at: LATER },
      });
      expect(incidents[1]).toMatchObject({
        external_id: "INC-8",
        recovered_at: Date.parse("2026-03-03T12:00:00Z"),
        provenance: { file_name: "tuesday.ndjson", line: 1 },
      });
      expect(await store.listImports()).toHaveLength(2);
    });

    it("rejects a file with bad rows and leaves the store unchanged", async () => {
      const error = await importFile(store, request(fileSource(INCIDENTS_BAD_ROWS))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toBe(
        [
          'incidents-bad-rows.csv:2: detected_at: "yesterday" is not an ISO 8601 timestamp',
          "incidents-bad-rows.csv:3: recovered_at is before detected_at",
          'incidents-bad-rows.csv:4: severity: unknown severity "urgent" (expected critical, high, medium, low, info, SEVn or Pn)',
          'incidents-bad-rows.csv:5: detected_at is before started_at; synthetic: "maybe" is not true or false',
          "incidents-bad-rows.csv:6: id is required",
        ].join("\n"),
      );
      expect((error as InvalidInputError).hint).toContain("--skip-invalid");
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Incident>("incident", EVERYTHING)).toEqual([]);
    });

    it("rejects a truncated file", async () => {
      const error = await importFile(store, request(fileSource(INCIDENTS_TRUNCATED))).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toBe(
        "incidents-truncated.json:4: unexpected end of file: the JSON array is not closed",
      );
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Incident>("incident", EVERYTHING)).toEqual([]);
    });

    // More rows than one insert batch, so some are in the database when the error comes.
    const MANY = 1200;
    const incident = (n: number) => `{"id":"BULK-${n}","detected_at":"2026-03-02T10:00:00Z"}`;

    it("rolls back the batches already written when the file turns out truncated", async () => {
      const rows = Array.from({ length: MANY }, (_, n) => incident(n));
      const cut = `[\n${rows.join(",\n")},\n{"id":"BULK-X","detec`;
      const error = await importFile(store, request(bufferSource("bulk.json", cut))).catch((e: unknown) => e);
      expect((error as InvalidInputError).message).toBe(
        `bulk.json:${MANY + 2}: unexpected end of file: the JSON array is not closed`,
      );
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Incident>("incident", EVERYTHING)).toEqual([]);
    });

    it("rolls back the batches already written when the last row is bad", async () => {
      const rows = Array.from({ length: MANY }, (_, n) => incident(n));
      rows.push('{"id":"BULK-X","detected_at":"soon"}');
      const error = await importFile(store, request(bufferSource("bulk.ndjson", rows.join("\n")))).catch(
        (e: unknown) => e,
      );
      expect((error as InvalidInputError).message).toBe(
        `bulk.ndjson:${MANY + 1}: detected_at: "soon" is not an ISO 8601 timestamp`,
      );
      expect(await store.listImports()).toEqual([]);
      expect(await store.records<Incident>("incident", EVERYTHING)).toEqual([]);
    });

    it("imports the good rows with skipInvalid and returns the bad ones with their lines", async () => {
      const outcome = await importFile(store, request(fileSource(INCIDENTS_BAD_ROWS), { skipInvalid: true }));
      expect(outcome.status).toBe("imported");
      expect(outcome.import).toMatchObject({ records: 1, skipped: 5 });
      expect(outcome.skipped.total).toBe(5);
      expect(outcome.skipped.first).toEqual([
        { line: 2, reason: 'detected_at: "yesterday" is not an ISO 8601 timestamp' },
        { line: 3, reason: "recovered_at is before detected_at" },
        {
          line: 4,
          reason:
            'severity: unknown severity "urgent" (expected critical, high, medium, low, info, SEVn or Pn)',
        },
        { line: 5, reason: 'detected_at is before started_at; synthetic: "maybe" is not true or false' },
        { line: 6, reason: "id is required" },
      ]);
      const incidents = await store.records<Incident>("incident", EVERYTHING);
      expect(incidents.map((i) => [i.external_id, i.provenance.line])).toEqual([["INC-25", 7]]);
    });

    it("imports a real log with an odd line, and counts and returns the line it left out", async () => {
      const outcome = await importFile(store, request(fileSource(NGINX_ACCESS)));
      expect(outcome.status).toBe("imported");
      // awk 'NR != 13 && $9 >= 400' access-beats.log | wc -l → 8 (404s); line 13 starts with a `$host`
      // (awk 'NR==13{print $1}' → a host name, not an address): not the combined format.
      expect(outcome.import).toMatchObject({ format: "nginx", records: 8, skipped: 1 });
      expect(outcome.unreadable).toEqual({
        first: [{ line: 13, reason: "not a combined access log or error log line" }],
        total: 1,
      });
      expect(outcome.skipped).toEqual(NO_PROBLEMS);
    });

    // 250 bad rows on lines 3-252 after one good alert: more than the 100 problems kept.
    const ALERT = "A-0,2026-03-02T10:00:00Z,open";
    const BAD_ROWS = Array.from({ length: 250 }, (_, n) => `A-${n + 1},soon,open`);
    const MANY_BAD = ["id,created_at,disposition", ALERT, ...BAD_ROWS].join("\n");
    const badRow = (line: number) => ({ line, reason: 'created_at: "soon" is not an ISO 8601 timestamp' });

    it("refuses a file of many bad rows naming the first 100 and counting them all", async () => {
      const error = await importFile(store, request(bufferSource("many.csv", MANY_BAD))).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      const { problems, problemCount, message } = error as InvalidInputError;
      expect(problems).toEqual(Array.from({ length: 100 }, (_, n) => badRow(n + 3)));
      expect(problemCount).toBe(250);
      expect(message.split("\n")).toHaveLength(101);
      expect(message.split("\n").at(-1)).toBe("… and 150 more");
      expect(await store.listImports()).toEqual([]);
    });

    it("skips many bad rows keeping the first 100 and the exact count on the import", async () => {
      const outcome = await importFile(
        store,
        request(bufferSource("many.csv", MANY_BAD), { skipInvalid: true }),
      );
      expect(outcome.skipped).toEqual({
        first: Array.from({ length: 100 }, (_, n) => badRow(n + 3)),
        total: 250,
      });
      expect(outcome.import).toMatchObject({ records: 1, skipped: 250 });
    });

    it("leaves many unreadable log lines out, keeping the first 100 and counting them all", async () => {
      const notFound =
        '77.179.66.156 - - [25/Oct/2016:14:50:44 +0200] "GET /adsasd HTTP/1.1" 404 571 "-" "curl/8.0"';
      // Line 1 is read; lines 2-301 are not log lines at all.
      const log = [notFound, ...Array.from({ length: 300 }, (_, n) => `garbage ${n}`)].join("\n");
      const outcome = await importFile(store, request(bufferSource("access.log", log), { format: "nginx" }));
      expect(outcome.unreadable.total).toBe(300);
      expect(outcome.unreadable.first.map((p) => p.line)).toEqual(
        Array.from({ length: 100 }, (_, n) => n + 2),
      );
      expect(outcome.import).toMatchObject({ records: 1, skipped: 300 });
    });

    it("refuses a file of which nothing is read and lines are unreadable: the wrong format", async () => {
      const error = await importFile(store, request(fileSource(INCIDENTS_CSV), { format: "sshd" })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      // Retrying with the right format must not find the file "already imported".
      expect(await store.listImports()).toEqual([]);
    });

    it("keeps two tools' identical ids apart with a feed override", async () => {
      const export_ = [
        "id,created_at,severity,rule,disposition",
        "A-1,2026-03-02T10:00:00Z,high,Brute force,open",
      ].join("\n");
      const edr = await importFile(store, request(bufferSource("edr.csv", export_), { feed: "edr" }));
      const ndr = await importFile(store, request(bufferSource("ndr.csv", export_), { feed: "ndr" }));
      // the same bytes under another feed are another tool's data, not a re-import
      expect([edr.status, ndr.status]).toEqual(["imported", "imported"]);
      expect([edr.import.feed, ndr.import.feed]).toEqual(["edr", "ndr"]);

      const alerts = await store.records<Alert>("alert", EVERYTHING);
      expect(alerts.map((a) => [a.feed, a.external_id, a.provenance.file_name])).toEqual([
        ["edr", "A-1", "edr.csv"],
        ["ndr", "A-1", "ndr.csv"],
      ]);
      expect(
        (await importFile(store, request(bufferSource("edr.csv", export_), { feed: "edr" }))).status,
      ).toBe("unchanged");
    });

    it("records where every stored record came from", async () => {
      // The file's third finding is Prowler's, a check result the ocsf format refuses: left out.
      const outcome = await importFile(store, request(fileSource(OCSF_DETECTIONS), { skipInvalid: true }));
      expect(outcome).toMatchObject({ format: "ocsf", import: { feed: "ocsf", records: 2 } });
      const alerts = await store.records<Alert>("alert", EVERYTHING);
      const provenance = {
        import_id: outcome.import.id,
        file_name: "detection-findings.json",
        sha256: sha256(OCSF_DETECTIONS),
        imported_at: NOW,
      };
      expect(alerts.map((a) => [a.source, a.provenance])).toEqual([
        ["GuardDuty", { ...provenance, line: 2 }],
        ["Okta System Log", { ...provenance, line: 61 }],
      ]);
      expect(alerts[0]).toMatchObject({
        feed: "ocsf",
        created_at: Date.parse("2023-09-19T15:05:22.487Z"),
        attributes: { vendor: "Amazon", ocsf_version: "1.1.0" },
      });
    });
  });
}
