import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServeProcess } from "../../test-support/child-cli.ts";
import { runCli } from "../../test-support/cli.ts";

const secmetrics = runCli;

describe("secmetrics users, tokens, audit and serve", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-server-cli-"));
    db = join(dir, "store.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds users with a one-time password, lists and removes them", async () => {
    const added = await secmetrics(db, "users", "add", "alice", "--role", "admin");
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added alice \(admin\)\none-time password: [\w-]{22}\n/);
    expect((await secmetrics(db, "users", "add", "alice", "--role", "viewer")).code).toBe(73);
    const list = JSON.parse((await secmetrics(db, "users", "list", "--format", "json")).stdout);
    expect(list).toEqual([
      expect.objectContaining({ name: "alice", role: "admin", must_change_password: true }),
    ]);
    expect(JSON.stringify(list)).not.toContain("scrypt");
    expect((await secmetrics(db, "users", "remove", "nobody")).code).toBe(66);
  });

  it("creates a token printed once, lists it without the secret, revokes it", async () => {
    const created = await secmetrics(db, "tokens", "create", "--role", "viewer", "--name", "grafana");
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^smt_[\w-]{43}$/);
    const list = await secmetrics(db, "tokens", "list", "--format", "json");
    expect(list.stdout).not.toContain(secret);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        id: 1,
        name: "grafana",
        role: "viewer",
        last_used_at: null,
        revoked_at: null,
      }),
    ]);
    expect((await secmetrics(db, "tokens", "revoke", "grafana")).stdout).toContain(
      'revoked token #1 "grafana"',
    );
    expect((await secmetrics(db, "tokens", "revoke", "grafana")).code).toBe(66);
    const audit = JSON.parse((await secmetrics(db, "audit", "--format", "json")).stdout);
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual([
      "token.revoke",
      "token.create",
      "user.add",
    ]);
  });

  it("serves on the configured store until SIGTERM", async () => {
    const server = await startServeProcess(db);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/kpis`)).status).toBe(401);
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toContain("stopping");
  });

  it("refuses bad serve options", async () => {
    expect((await secmetrics(db, "serve", "--port", "99999")).code).toBe(64);
    expect((await secmetrics(db, "serve", "--tls-cert", "x.pem")).code).toBe(64);
  });
});
