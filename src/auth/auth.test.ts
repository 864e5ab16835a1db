import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { addUser, createToken, removeUser, revokeToken } from "./accounts.ts";
import { LoginLimiter } from "./rate-limit.ts";
import { hasRole } from "./roles.ts";
import { hashPassword, sha256, verifyPassword } from "./secrets.ts";

describe("passwords", () => {
  it("hashes with scrypt and a salt, and verifies", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery staple", a)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});

describe("roles", () => {
  it.each([
    ["viewer", "viewer", true],
    ["viewer", "editor", false],
    ["editor", "viewer", true],
    ["editor", "admin", false],
    ["admin", "editor", true],
  ] as const)("%s has %s: %s", (role, required, expected) => {
    expect(hasRole(role, required)).toBe(expected);
  });
});

describe("login limiter", () => {
  it("blocks an (IP, user) pair after 5 failures for the window, and a success clears it", () => {
    const limiter = new LoginLimiter({ perUser: 5, perIp: 50, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter("1.2.3.4", "alice", 1000)).toBe(0);
      limiter.fail("1.2.3.4", "alice", 1000);
    }
    expect(limiter.retryAfter("1.2.3.4", "alice", 2000)).toBe(59_000);
    expect(limiter.retryAfter("1.2.3.4", "ALICE", 2000)).toBe(59_000);
    expect(limiter.retryAfter("5.6.7.8", "alice", 2000)).toBe(0);
    expect(limiter.retryAfter("1.2.3.4", "alice", 61_000)).toBe(0);
    limiter.succeed("1.2.3.4", "alice");
  });

  it("blocks an IP that sprays many user names", () => {
    const limiter = new LoginLimiter({ perUser: 5, perIp: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) limiter.fail("9.9.9.9", `user${i}`, 0);
    expect(limiter.retryAfter("9.9.9.9", "someone-new", 1)).toBeGreaterThan(0);
  });
});

for (const engine of ENGINES) {
  describe(`auth store on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
    });
    afterAll(() => dispose());

    it("keeps users, sessions, tokens and the audit log", async () => {
      const auth = createAuthStore(store);
      const { user, password } = await addUser(auth, { name: "alice", role: "admin", actor: "test", now: 1 });
      expect(user.must_change_password).toBe(true);
      const stored = await auth.findUser("alice");
      expect(stored && (await verifyPassword(password, stored.password_hash))).toBe(true);
      await expect(addUser(auth, { name: "alice", role: "viewer", actor: "test", now: 2 })).rejects.toThrow(
        /exists/,
      );

      const login = (at: number) => ({
        at,
        actor: "alice",
        action: "login",
        target: null,
        detail: null,
        ip: null,
      });
      const session = (now: number) => ({
        token_hash: "h1",
        user_id: user.id,
        csrf_token: "c",
        now,
        expires_at: 100,
      });
      await auth.audited(
        (tx) => tx.createSession(session(10)),
        () => [login(10)],
      );
      expect((await auth.findSession("h1", 50))?.user.name).toBe("alice");
      // A change that fails (the session's token hash is taken) writes none of its audit entries.
      await expect(
        auth.audited(
          (tx) => tx.createSession(session(11)),
          () => [login(11)],
        ),
      ).rejects.toThrow();
      expect((await auth.auditLog({ limit: 10 })).filter((e) => e.action === "login")).toHaveLength(1);
      // An entry the store refuses undoes the change it belongs to.
      await expect(
        auth.audited(
          (tx) => tx.deleteSession("h1"),
          () => [{ ...login(12), action: null as unknown as string }],
        ),
      ).rejects.toThrow();
      expect((await auth.findSession("h1", 50))?.user.name).toBe("alice");
      expect(await auth.findSession("h1", 100)).toBeUndefined();

      const { token, secret } = await createToken(auth, {
        name: "grafana",
        role: "viewer",
        actor: "test",
        now: 3,
      });
      expect(secret).toMatch(/^smt_[\w-]{43}$/);
      expect((await auth.useToken(sha256(secret), 120_000))?.last_used_at).toBe(120_000);
      expect((await auth.listTokens())[0]?.last_used_at).toBe(120_000);
      await revokeToken(auth, { idOrName: String(token.id), actor: "test", now: 4 });
      expect(await auth.useToken(sha256(secret), 130_000)).toBeUndefined();

      await removeUser(auth, { name: "alice", actor: "test", now: 5 });
      expect(await auth.findUser("alice")).toBeUndefined();
      const log = await auth.auditLog({ limit: 10 });
      expect(log.map((e) => e.action)).toEqual([
        "user.remove",
        "token.revoke",
        "token.create",
        "login",
        "user.add",
      ]);
      expect(await store.dataVersion()).toBe("0:0");
    });
  });
}
