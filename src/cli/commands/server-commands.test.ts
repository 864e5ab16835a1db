import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { main } = await import(${JSON.stringify(join(process.cwd(), "src/cli/main.ts"))}); await main(process.argv.slice(0, 1).concat(["secmetrics", "--db", ${JSON.stringify(db)}, "serve", "--port", "0"]));`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
        const match = /dashboard on (http:\/\/[\d.:]+)\//.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", () => reject(new Error(`serve exited: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/kpis`)).status).toBe(401);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("stopping");
  });

  it("refuses bad serve options", async () => {
    expect((await secmetrics(db, "serve", "--port", "99999")).code).toBe(64);
    expect((await secmetrics(db, "serve", "--tls-cert", "x.pem")).code).toBe(64);
  });
});
