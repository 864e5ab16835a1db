import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../app/open-store.ts";
import { ENGINES } from "../test-support/engines.ts";
import { CLAIM_LEASE_MS, createNotificationStore, type NotificationStore } from "./notification-store.ts";
import type { Store } from "./store.ts";

const NOW = Date.UTC(2026, 9, 20);
const delivery = (event_key: string, webhook = "secops") => ({
  event_key,
  webhook,
  event_kind: "source_stale",
});

for (const engine of ENGINES) {
  describe(`notification store on ${engine.name}`, () => {
    let stores: [Store, Store];
    let dispose: () => Promise<void>;
    let one: NotificationStore;
    let other: NotificationStore;

    beforeAll(async () => {
      const database = await engine.create();
      // Two stores on one database: two processes, as far as the claims can tell.
      stores = [await openStore(database.url), await openStore(database.url)];
      one = createNotificationStore(stores[0]);
      other = createNotificationStore(stores[1]);
      dispose = async () => {
        await Promise.all(stores.map((store) => store.close()));
        await database.dispose();
      };
    });
    afterAll(() => dispose());

    it("lets one of two concurrent claims of a delivery win", async () => {
      const claims = await Promise.all([one.claim(delivery("a"), NOW), other.claim(delivery("a"), NOW)]);
      expect(claims.sort()).toEqual([false, true]);
      // The same event to another webhook is another delivery.
      expect(await one.claim(delivery("a", "slack"), NOW)).toBe(true);
    });

    it("claims a failed delivery again and adds its attempts; never a sent one", async () => {
      expect(await one.claim(delivery("b"), NOW)).toBe(true);
      await one.finish(delivery("b"), { sent: false, attempts: 4, at: NOW, error: "HTTP 500" });
      expect(await other.claim(delivery("b"), NOW + 1)).toBe(true);
      await other.finish(delivery("b"), { sent: true, attempts: 1, at: NOW + 2, error: null });
      expect(await one.claim(delivery("b"), NOW + 3)).toBe(false);
      const row = (await one.deliveries()).find((d) => d.event_key === "b");
      expect(row).toMatchObject({ status: "sent", attempts: 5, sent_at: NOW + 2, last_error: null });
    });

    it("takes over a claim left sending for longer than the lease, not a younger one", async () => {
      expect(await one.claim(delivery("c"), NOW)).toBe(true);
      expect(await other.claim(delivery("c"), NOW + CLAIM_LEASE_MS)).toBe(false);
      expect(await other.claim(delivery("c"), NOW + CLAIM_LEASE_MS + 1)).toBe(true);
    });

    it("runs one sender at a time", async () => {
      let inner: string | null = "not run";
      const outer = await one.asOnlySender(async () => {
        // PostgreSQL: the other store's session cannot take the advisory lock; SQLite: the same store cannot.
        inner = await (engine.name === "postgres" ? other : one).asOnlySender(async () => "ran");
        return "outer";
      });
      expect([outer, inner]).toEqual(["outer", null]);
      expect(await other.asOnlySender(async () => "after")).toBe("after");
    });
  });
}
