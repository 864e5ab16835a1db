import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exceptionCounts } from "../domains/exceptions/compute.ts";
import { EXCEPTION, type RiskException } from "../domains/exceptions/records.ts";
import { bufferSource } from "../importers/file-source.ts";
import { type AuthStore, createAuthStore } from "../store/auth-store.ts";
import { databaseOf } from "../store/kysely-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { changeException, DASHBOARD_FEED } from "./exception-change.ts";
import { exceptionRegister } from "./exception-register.ts";
import type { ExceptionAction } from "./exception-rules.ts";
import { importFile } from "./import-file.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 2, 8);
const at = (actor: string, now: number) => ({ actor, now, ip: null });

/** One imported register: its exception is the file's, read-only on the dashboard. */
const REGISTER_CSV = `id,type,status,decision,title,controls,checks,assets,findings,owner,requested_by,approved_by,approved_at,expires_at,compensating_controls,ticket,snapshot_at
EX-001,risk,approved,accept,Legacy admin accounts,AC-2,,web-1,,alice,alice,ciso,2026-03-01,2026-12-31,,GRC-101,2026-09-30T00:00:00Z
`;

const REQUEST: ExceptionAction = {
  action: "request",
  request: {
    type: "compliance",
    title: "TLS 1.1 on the partner gateway",
    scope: { controls: ["SC-8"], checks: [], assets: ["gw-partner"], findings: [] },
    owner: "network team",
    expires_at: T0 + 60 * DAY,
  },
};

for (const engine of ENGINES) {
  describe(`changeException on ${engine.name}`, () => {
    let store: Store;
    let auth: AuthStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      auth = createAuthStore(store);
      await importFile(store, {
        source: bufferSource("register.csv", REGISTER_CSV),
        options: { timezone: "UTC" },
        now: T0 - DAY,
      });
    });
    afterAll(() => dispose());

    const dashboardAt = async (end: number) =>
      (await store.snapshot<RiskException>(EXCEPTION.kind, end)).filter((e) => e.feed === DASHBOARD_FEED);

    it("writes a new snapshot of the dashboard feed per action, each with its audit entry", async () => {
      const requested = await changeException(store, REQUEST, at("alice", T0));
      expect(requested).toMatchObject({ id: "DASH-0001", before: null, snapshot_at: T0 });
      const approved = await changeException(
        store,
        { action: "approve", id: "DASH-0001", note: "ok" },
        at("bob", T0 + DAY),
      );
      expect(approved.after).toMatchObject({
        status: "approved",
        approved_by: "bob",
        expires_at: T0 + 60 * DAY,
      });

      // History stays: just after the request the register held it as requested, then approved.
      expect((await dashboardAt(T0 + 1)).map((e) => e.status)).toEqual(["requested"]);
      expect((await dashboardAt(T0 + DAY + 1)).map((e) => e.status)).toEqual(["approved"]);
      expect(await dashboardAt(T0)).toEqual([]);

      // The pack counts it with no change: at T0 + 2 d, EX-001 (to 2026-12-31) and DASH-0001 are open.
      const inForce = await store.snapshot<RiskException>(EXCEPTION.kind, T0 + 2 * DAY);
      expect(exceptionCounts(inForce, T0 + 2 * DAY).open_exceptions.value).toBe(2);

      const log = await auth.auditLog({ limit: 10 });
      expect(log.map((entry) => [entry.action, entry.actor, entry.target])).toEqual([
        ["exception.approve", "bob", "DASH-0001"],
        ["exception.request", "alice", "DASH-0001"],
      ]);
      expect(log[0]?.detail).toMatchObject({
        import_id: approved.import_id,
        note: "ok",
        before: { status: "requested", approved_by: null },
        after: { status: "approved", approved_by: "bob", expires_at: new Date(T0 + 60 * DAY).toISOString() },
      });
    });

    it("lists the register in force: imported entries read-only with their file, the soonest expiry first", async () => {
      const register = await exceptionRegister(store, T0 + 2 * DAY);
      expect(register.exceptions.map((e) => [e.id, e.feed, e.state, e.editable, e.source.file_name])).toEqual(
        [
          ["DASH-0001", "dashboard", "open", true, "exceptions register: approve DASH-0001 by bob"],
          ["EX-001", "exceptions", "open", false, "register.csv"],
        ],
      );
      // 2026-12-01 08:00 - 2026-10-04 08:00 = 58 days.
      expect(register.exceptions[0]?.days_left).toBe(58);
      const expiring = await exceptionRegister(store, T0 + 40 * DAY, { expiring: true });
      expect(expiring.exceptions.map((e) => e.id)).toEqual(["DASH-0001"]);
      expect((await exceptionRegister(store, T0 + 2 * DAY, { status: "requested" })).exceptions).toEqual([]);
    });

    it("refuses one's own approval and leaves no snapshot and no entry", async () => {
      await changeException(store, REQUEST, at("carol", T0 + 3 * DAY));
      const imports = (await store.listImports()).length;
      const entries = (await auth.auditLog({ limit: 100 })).length;
      await expect(
        changeException(store, { action: "approve", id: "DASH-0002" }, at("cli:carol", T0 + 4 * DAY)),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect((await store.listImports()).length).toBe(imports);
      expect((await auth.auditLog({ limit: 100 })).length).toBe(entries);
    });

    it("refuses to change an imported exception, naming its file", async () => {
      await expect(
        changeException(store, { action: "revoke", id: "EX-001" }, at("bob", T0 + 5 * DAY)),
      ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("register.csv") });
    });

    it("writes neither the snapshot nor the entry when the audit entry cannot be written", async () => {
      const db = databaseOf(store);
      const imports = (await store.listImports()).length;
      const before = await dashboardAt(T0 + 10 * DAY);
      await sql`alter table audit_log rename to audit_log_away`.execute(db);
      try {
        await expect(
          changeException(store, { action: "reject", id: "DASH-0002" }, at("bob", T0 + 6 * DAY)),
        ).rejects.toThrow();
      } finally {
        await sql`alter table audit_log_away rename to audit_log`.execute(db);
      }
      expect((await store.listImports()).length).toBe(imports);
      expect(await dashboardAt(T0 + 10 * DAY)).toEqual(before);
      // And the same action goes through once the log can take its entry.
      const rejected = await changeException(
        store,
        { action: "reject", id: "DASH-0002" },
        at("bob", T0 + 6 * DAY),
      );
      expect(rejected.after.status).toBe("rejected");
    });

    it("keeps two changes in one millisecond as one snapshot at that instant holding both", async () => {
      const now = T0 + 7 * DAY;
      const [first, second] = await Promise.all([
        changeException(store, REQUEST, at("dan", now)),
        changeException(store, REQUEST, at("erin", now)),
      ]);
      expect(new Set([first?.id, second?.id])).toEqual(new Set(["DASH-0003", "DASH-0004"]));
      expect([first?.snapshot_at, second?.snapshot_at]).toEqual([now, now]);
      expect((await dashboardAt(now + 1)).map((e) => e.external_id)).toEqual([
        "DASH-0001",
        "DASH-0002",
        "DASH-0003",
        "DASH-0004",
      ]);
    });
  });
}
