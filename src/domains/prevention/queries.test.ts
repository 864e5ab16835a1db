import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorableRecord } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import {
  buildAuthEvent,
  buildBanEvent,
  buildHttpEvent,
  buildProbeResult,
  buildTlsHandshake,
} from "../../test-support/records.ts";
import { dataEndOf } from "../domain-pack.ts";
import { prevention } from "./pack.ts";
import {
  authTally,
  banTally,
  httpTally,
  lastProbe,
  latestProbeResults,
  SELECTIONS,
  tlsHandshakeTally,
} from "./queries.ts";
import type { AuthEvent, HttpEvent, ProbeResult, TlsHandshake } from "./records.ts";

const T = Date.parse("2026-09-10T12:00:00Z");
const SEPT = { start: Date.parse("2026-09-01T00:00:00Z"), end: Date.parse("2026-10-01T00:00:00Z") };

function auth(n: number, outcome: AuthEvent["outcome"], ip: string | null, at = T): AuthEvent {
  return buildAuthEvent({ external_id: `a${n}`, at, outcome, user: "root", source_ip: ip, host: "h" });
}

function http(n: number, at: number, fields: Partial<HttpEvent>): HttpEvent {
  return buildHttpEvent({ external_id: `h${n}`, at, client_ip: "10.0.0.1", ...fields });
}

function probe(target: string, checkedAt: number, drift: number | null, n: number): ProbeResult {
  return buildProbeResult({
    external_id: `headers|${target}|${checkedAt}|${n}`,
    target,
    checked_at: checkedAt,
    drift,
  });
}

async function load(store: Store, name: string, records: StorableRecord[]): Promise<void> {
  await store.importRecords(
    { format: "test", feed: "test", file_name: name, sha256: name, imported_at: T },
    async (writer) => {
      for (const [index, record] of records.entries()) await writer.write(record, index + 1);
      return { skipped: 0 };
    },
  );
}

for (const engine of ENGINES) {
  describe(`prevention queries on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await load(store, "auth.log", [
        auth(1, "failure", "203.0.113.9"),
        auth(2, "failure", "203.0.113.9"),
        auth(3, "failure", "198.51.100.7"),
        auth(4, "failure", null),
        auth(5, "success", "192.0.2.1"),
        auth(6, "failure", "203.0.113.9", SEPT.end), // next period: half-open interval
      ]);
      await load(store, "access-and-error.log", [
        http(1, T, { status: 401 }),
        http(2, T, { status: 403 }),
        http(3, T, { status: 403, source: "error" }), // error-log lines never count as 401/403
        // 10.0.0.1 in second T: 2 access 429s, 1 error line → 2 rejections
        http(4, T, { status: 429, rate_limited: true }),
        http(5, T + 400, { status: 429, rate_limited: true }),
        http(6, T + 900, { rate_limited: true, source: "error" }),
        // 10.0.0.2 in second T+5s: 1 access 429, 3 error lines → 3 rejections
        http(7, T + 5000, { status: 429, rate_limited: true, client_ip: "10.0.0.2" }),
        ...[8, 9, 10].map((n) =>
          http(n, T + 5000, { rate_limited: true, source: "error", client_ip: "10.0.0.2" }),
        ),
      ]);
      await load(store, "fail2ban.log", [
        buildBanEvent({ external_id: "b1", at: T, action: "ban", ip: "1.1.1.1" }),
        buildBanEvent({ external_id: "b2", at: T, action: "reban", ip: "1.1.1.1" }),
        buildBanEvent({ external_id: "b3", at: T, action: "restore_ban", jail: "nginx", ip: "2.2.2.2" }),
        buildBanEvent({ external_id: "b4", at: T, action: "unban", ip: "3.3.3.3" }),
      ]);
      const aug = Date.parse("2026-08-15T00:00:00Z");
      await load(store, "probe-1", [probe("https://a", aug, 3, 1), probe("https://b", aug, 1, 2)]);
      await load(store, "probe-2", [probe("https://a", T, 2, 3)]);
      await load(store, "probe-tls", [
        buildProbeResult({ external_id: "tls|a", target: "a:443", checked_at: aug, drift: 0, probe: "tls" }),
      ]);
      const handshake = (n: number, at: number, protocol: string | null, source: TlsHandshake["source"]) =>
        buildTlsHandshake({
          external_id: `tls${n}`,
          at,
          protocol,
          refused: protocol === null,
          client_ip: "203.0.113.9",
          host: "0.0.0.0:443",
          source,
        });
      await load(store, "tls.log", [
        handshake(1, T, null, "error"),
        handshake(2, T + 1, null, "error"),
        handshake(3, T, "TLSv1", "access"),
        handshake(4, SEPT.end, "TLSv1", "access"), // October
      ]);
    });

    it("groups logged handshakes below the minimum by protocol", async () => {
      expect(await store.read((q) => tlsHandshakeTally(q, SEPT))).toEqual({
        by_protocol: expect.arrayContaining([
          { protocol: null, refused: true, handshakes: 2 },
          { protocol: "TLSv1", refused: false, handshakes: 1 },
        ]),
      });
      expect((await store.read((q) => tlsHandshakeTally(q, SEPT))).by_protocol).toHaveLength(2);
      const listed = await store.records<TlsHandshake>("tls_handshake", SEPT);
      expect(listed.map((h) => [h.external_id, h.refused, h.provenance.file_name])).toEqual([
        ["tls1", true, "tls.log"],
        ["tls3", false, "tls.log"],
        ["tls2", true, "tls.log"],
      ]);
    });
    afterAll(async () => dispose());

    it("counts authentications and the top failing sources in SQL", async () => {
      // failures a1–a4 (a6 is in October), success a5; 203.0.113.9 twice, 198.51.100.7 once, null left out
      expect(await store.read((q) => authTally(q, SEPT, 10))).toEqual({
        failures: 4,
        successes: 1,
        top_sources: [
          { ip: "203.0.113.9", failures: 2 },
          { ip: "198.51.100.7", failures: 1 },
        ],
      });
      expect((await store.read((q) => authTally(q, SEPT, 1))).top_sources).toHaveLength(1);
    });

    it("counts a rejection logged in both logs once", async () => {
      expect(await store.read((q) => httpTally(q, SEPT))).toEqual({
        status_401: 1,
        status_403: 1,
        rate_limited_access: 3, // h4, h5, h7
        rate_limited_error: 4, // h6, h8–h10
        rate_limited: 5, // max(2, 1) + max(1, 3)
      });
    });

    it("counts distinct banned IPs", async () => {
      // 1.1.1.1 (ban + reban) and 2.2.2.2 (restore_ban); the unban of 3.3.3.3 is not a ban
      expect(await store.read((q) => banTally(q, SEPT))).toEqual({
        distinct_ips: 2,
        bans: 3,
        by_jail: [
          { jail: "nginx", ips: 1 },
          { jail: "sshd", ips: 1 },
        ],
      });
    });

    it("lists the events a metric's selection counts, with provenance", async () => {
      const failures = await store.records<AuthEvent>("auth_event", {
        ...SEPT,
        where: SELECTIONS.failed_logins,
      });
      expect(failures.map((e) => e.external_id)).toEqual(["a1", "a2", "a3", "a4"]);
      expect(failures[0]?.invalid_user).toBe(false);
      expect(failures[2]?.provenance).toMatchObject({ file_name: "auth.log", line: 3 });
      const denied = await store.records<HttpEvent>("http_event", {
        ...SEPT,
        where: SELECTIONS.unauthorized,
      });
      expect(denied.map((e) => e.external_id)).toEqual(["h1", "h2"]);
      expect(await store.earliestRecord("auth_event")).toBe(T);
      expect(await store.earliestRecord("deployment")).toBeNull();
    });

    it("reads each target's latest probe result", async () => {
      const latest = await store.read((q) => latestProbeResults(q, "headers", SEPT.end));
      expect(latest.map((r) => [r.target, r.drift])).toEqual([
        ["https://a", 2],
        ["https://b", 1],
      ]);
      expect(latest[0]?.result).toEqual({ findings: [] });
    });

    it("knows when each kind of probe last ran, apart from the other", async () => {
      // Header probes: Aug 15, then T (Sep 10); the one TLS probe: Aug 15.
      expect(await store.read((q) => lastProbe(q, "headers"))).toBe(T);
      expect(await store.read((q) => lastProbe(q, "tls"))).toBe(Date.parse("2026-08-15T00:00:00Z"));
    });

    it("ends the header family's data at its own probes, the TLS family's at the later of probe and handshake", async () => {
      const family = (id: string) => {
        const found = prevention.families.find((f) => f.metrics.includes(id));
        if (!found) throw new Error(`no family computes ${id}`);
        return found;
      };
      expect(await dataEndOf(family("security_header_drift"), store)).toEqual({
        at: T,
        record: "headers probe",
      });
      // The TLS probe ran Aug 15; the last handshake (tls4) is at Oct 1 00:00.
      expect(await dataEndOf(family("tls_downgrade_attempts"), store)).toEqual({
        at: SEPT.end,
        record: "TLS handshake",
      });
    });
  });
}
