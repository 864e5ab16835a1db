import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Account, AuthEvent, HttpEvent, ProbeResult, TlsHandshake, Token } from "../model/events.ts";
import type { NormalizedRecord } from "../model/records.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import type { Store } from "./store.ts";

const T = Date.parse("2026-09-10T12:00:00Z");
const SEPT = { start: Date.parse("2026-09-01T00:00:00Z"), end: Date.parse("2026-10-01T00:00:00Z") };

function auth(n: number, outcome: AuthEvent["outcome"], ip: string | null, at = T): AuthEvent {
  return {
    kind: "auth_event",
    feed: "sshd",
    external_id: `a${n}`,
    at,
    outcome,
    method: "password",
    user: "root",
    invalid_user: false,
    source_ip: ip,
    host: "h",
    service: "sshd",
  };
}

function http(n: number, at: number, fields: Partial<HttpEvent>): HttpEvent {
  return {
    kind: "http_event",
    feed: "nginx",
    external_id: `h${n}`,
    at,
    status: null,
    method: null,
    path: null,
    client_ip: "10.0.0.1",
    host: null,
    user: null,
    rate_limited: false,
    source: "access",
    ...fields,
  };
}

function account(id: string, snapshotAt: number, privileged: boolean | null): Account {
  return {
    kind: "account",
    feed: "accounts",
    external_id: id,
    snapshot_at: snapshotAt,
    name: id,
    privileged,
    owner: null,
    owner_status: null,
    status: "active",
    created_at: null,
    last_used_at: null,
    mfa_active: null,
    attributes: { team: "ops" },
  };
}

function token(id: string, snapshotAt: number): Token {
  return {
    kind: "token",
    feed: "tokens",
    external_id: id,
    snapshot_at: snapshotAt,
    account_id: "alice",
    token_type: "token",
    active: true,
    created_at: T - 86_400_000,
    expires_at: null,
    last_rotated_at: null,
    last_used_at: null,
    attributes: {},
  };
}

function probe(target: string, checkedAt: number, drift: number | null, n: number): ProbeResult {
  return {
    kind: "probe_result",
    feed: "probe-headers",
    external_id: `headers|${target}|${checkedAt}|${n}`,
    probe: "headers",
    target,
    checked_at: checkedAt,
    status: drift === null ? "failed" : "ok",
    drift,
    result: { findings: [] },
  };
}

async function load(store: Store, name: string, records: NormalizedRecord[]): Promise<void> {
  await store.importRecords(
    { format: "test", feed: "test", file_name: name, sha256: name, imported_at: T },
    async (writer) => {
      for (const [index, record] of records.entries()) await writer.write(record, index + 1);
      return { skipped: 0 };
    },
  );
}

for (const engine of ENGINES) {
  describe(`event store on ${engine.name}`, () => {
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
        {
          kind: "ban_event",
          feed: "fail2ban",
          external_id: "b1",
          at: T,
          action: "ban",
          jail: "sshd",
          ip: "1.1.1.1",
          host: null,
        },
        {
          kind: "ban_event",
          feed: "fail2ban",
          external_id: "b2",
          at: T,
          action: "reban",
          jail: "sshd",
          ip: "1.1.1.1",
          host: null,
        },
        {
          kind: "ban_event",
          feed: "fail2ban",
          external_id: "b3",
          at: T,
          action: "restore_ban",
          jail: "nginx",
          ip: "2.2.2.2",
          host: null,
        },
        {
          kind: "ban_event",
          feed: "fail2ban",
          external_id: "b4",
          at: T,
          action: "unban",
          jail: "sshd",
          ip: "3.3.3.3",
          host: null,
        },
      ]);
      const aug = Date.parse("2026-08-15T00:00:00Z");
      await load(store, "accounts-aug.csv", [account("alice", aug, true), account("bob", aug, false)]);
      await load(store, "accounts-sep.csv", [account("alice", T, true)]);
      await load(store, "tokens.csv", [token("t1", aug), token("t1", T)]);
      await load(store, "probe-1", [probe("https://a", aug, 3, 1), probe("https://b", aug, 1, 2)]);
      await load(store, "probe-2", [probe("https://a", T, 2, 3)]);
      const handshake = (n: number, at: number, protocol: string | null, source: TlsHandshake["source"]) =>
        ({
          kind: "tls_handshake",
          feed: "nginx",
          external_id: `tls${n}`,
          at,
          protocol,
          refused: protocol === null,
          client_ip: "203.0.113.9",
          host: "0.0.0.0:443",
          source,
        }) satisfies TlsHandshake;
      await load(store, "tls.log", [
        handshake(1, T, null, "error"),
        handshake(2, T + 1, null, "error"),
        handshake(3, T, "TLSv1", "access"),
        handshake(4, SEPT.end, "TLSv1", "access"), // October
      ]);
    });

    it("groups logged handshakes below the minimum by protocol", async () => {
      expect(await store.tlsHandshakeTally(SEPT)).toEqual({
        by_protocol: expect.arrayContaining([
          { protocol: null, refused: true, handshakes: 2 },
          { protocol: "TLSv1", refused: false, handshakes: 1 },
        ]),
      });
      expect((await store.tlsHandshakeTally(SEPT)).by_protocol).toHaveLength(2);
      const listed = await store.events("tls_handshake", SEPT);
      expect(listed.map((h) => [h.external_id, h.refused, h.provenance.file_name])).toEqual([
        ["tls1", true, "tls.log"],
        ["tls3", false, "tls.log"],
        ["tls2", true, "tls.log"],
      ]);
    });
    afterAll(async () => dispose());

    it("counts authentications and the top failing sources in SQL", async () => {
      // failures a1–a4 (a6 is in October), success a5; 203.0.113.9 twice, 198.51.100.7 once, null left out
      expect(await store.authTally(SEPT, 10)).toEqual({
        failures: 4,
        successes: 1,
        top_sources: [
          { ip: "203.0.113.9", failures: 2 },
          { ip: "198.51.100.7", failures: 1 },
        ],
      });
      expect((await store.authTally(SEPT, 1)).top_sources).toHaveLength(1);
    });

    it("counts a rejection logged in both logs once", async () => {
      expect(await store.httpTally(SEPT)).toEqual({
        status_401: 1,
        status_403: 1,
        rate_limited_access: 3, // h4, h5, h7
        rate_limited_error: 4, // h6, h8–h10
        rate_limited: 5, // max(2, 1) + max(1, 3)
      });
    });

    it("counts distinct banned IPs", async () => {
      // 1.1.1.1 (ban + reban) and 2.2.2.2 (restore_ban); the unban of 3.3.3.3 is not a ban
      expect(await store.banTally(SEPT)).toEqual({
        distinct_ips: 2,
        bans: 3,
        by_jail: [
          { jail: "nginx", ips: 1 },
          { jail: "sshd", ips: 1 },
        ],
      });
    });

    it("keeps every snapshot and reads the latest before the end", async () => {
      const september = await store.snapshot("account", SEPT.end);
      expect(september.map((a) => [a.external_id, a.snapshot_at, a.privileged])).toEqual([
        ["alice", T, true],
      ]);
      expect(september[0]?.attributes).toEqual({ team: "ops" });
      expect(september[0]?.provenance.file_name).toBe("accounts-sep.csv");
      const august = await store.snapshot("account", SEPT.start);
      expect(august.map((a) => a.external_id)).toEqual(["alice", "bob"]);
      expect((await store.snapshot("token", SEPT.end)).map((t) => [t.external_id, t.active])).toEqual([
        ["t1", true],
      ]);
      expect(await store.snapshot("account", Date.parse("2026-01-01T00:00:00Z"))).toEqual([]);
    });

    it("lists events of a kind with filters and provenance", async () => {
      const failures = await store.events("auth_event", { ...SEPT, where: { outcome: ["failure"] } });
      expect(failures.map((e) => e.external_id)).toEqual(["a1", "a2", "a3", "a4"]);
      expect(failures[0]?.invalid_user).toBe(false);
      expect(failures[2]?.provenance).toMatchObject({ file_name: "auth.log", line: 3 });
      const denied = await store.events("http_event", {
        ...SEPT,
        where: { status: [401, 403], source: ["access"] },
      });
      expect(denied.map((e) => e.external_id)).toEqual(["h1", "h2"]);
      expect(await store.earliestRecord("auth_event")).toBe(T);
      expect(await store.earliestRecord("deployment")).toBeNull();
    });

    it("reads each target's latest probe result", async () => {
      const latest = await store.latestProbeResults("headers", SEPT.end);
      expect(latest.map((r) => [r.target, r.drift])).toEqual([
        ["https://a", 2],
        ["https://b", 1],
      ]);
      expect(latest[0]?.result).toEqual({ findings: [] });
    });
  });
}
