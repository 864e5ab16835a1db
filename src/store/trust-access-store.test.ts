import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { type AuthStore, createAuthStore } from "./auth-store.ts";
import { createTrustAccessStore, type TrustAccessStore } from "./trust-access-store.ts";

const NOW = Date.UTC(2026, 9, 20, 9);
const DAY = 86_400_000;
const entry = (action: string, target: string) => ({
  at: NOW,
  actor: "editor",
  action,
  target,
  detail: null,
  ip: "127.0.0.1",
});

for (const engine of ENGINES) {
  describe(`trust access store on ${engine.name}`, () => {
    let access: TrustAccessStore;
    let auth: AuthStore;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const created = await createTestStore(engine);
      access = createTrustAccessStore(created.store);
      auth = createAuthStore(created.store);
      dispose = created.dispose;
    });
    afterAll(() => dispose());

    it("records a request with its NDA acceptance, then a grant that works until it expires or is revoked", async () => {
      const request = await access.addRequest({
        company: "Acme",
        email: "ciso@acme.test",
        purpose: "vendor review",
        requested_at: NOW,
        nda_accepted_at: NOW,
        nda_accepted_ip: "198.51.100.7",
      });
      const grant = await access.approve(
        request.id,
        { token_hash: "hash-1", by: "editor", now: NOW, expires_at: NOW + 14 * DAY },
        (id) => entry("trust.approve", String(id)),
      );
      expect((await access.liveGrant("hash-1", NOW + DAY))?.request.email).toBe("ciso@acme.test");
      expect(await access.liveGrant("hash-1", NOW + 14 * DAY)).toBeUndefined();
      expect(await access.liveGrant("other", NOW)).toBeUndefined();

      await access.recordDownload({
        grant_id: grant.id,
        document: "soc2",
        at: NOW + DAY,
        ip: "198.51.100.7",
      });
      expect(await access.downloads(10)).toEqual([
        {
          at: NOW + DAY,
          document: "soc2",
          ip: "198.51.100.7",
          grant_id: grant.id,
          company: "Acme",
          email: "ciso@acme.test",
        },
      ]);

      await access.revoke(
        grant.id,
        { by: "editor", now: NOW + 2 * DAY },
        entry("trust.revoke", String(grant.id)),
      );
      expect(await access.liveGrant("hash-1", NOW + 2 * DAY)).toBeUndefined();
      const [listed] = await access.requests();
      expect(listed).toMatchObject({
        status: "approved",
        decided_by: "editor",
        nda_accepted_at: NOW,
        nda_accepted_ip: "198.51.100.7",
        grants: [{ id: grant.id, revoked_at: NOW + 2 * DAY, revoked_by: "editor" }],
      });
      const actions = (await auth.auditLog({ limit: 10 })).map((e) => e.action);
      expect(actions).toEqual(["trust.revoke", "trust.approve"]);
    });

    it("decides a request once, and writes nothing when it refuses", async () => {
      const request = await access.addRequest({
        company: "Initech",
        email: "sec@initech.test",
        purpose: "due diligence",
        requested_at: NOW,
        nda_accepted_at: NOW,
        nda_accepted_ip: "203.0.113.5",
      });
      await access.reject(request.id, { by: "editor", now: NOW }, entry("trust.reject", String(request.id)));
      await expect(
        access.approve(
          request.id,
          { token_hash: "hash-2", by: "editor", now: NOW, expires_at: NOW + DAY },
          (id) => entry("trust.approve", String(id)),
        ),
      ).rejects.toThrow("is not pending");
      expect(await access.liveGrant("hash-2", NOW)).toBeUndefined();
      const actions = (await auth.auditLog({ limit: 10 })).map((e) => e.action);
      expect(actions.filter((a) => a === "trust.approve")).toHaveLength(1);
      await expect(
        access.revoke(999, { by: "editor", now: NOW }, entry("trust.revoke", "999")),
      ).rejects.toThrow("no live access link");
    });
  });
}
