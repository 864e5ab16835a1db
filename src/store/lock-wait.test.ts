import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../app/open-store.ts";
import { BusyError } from "../model/errors.ts";
import { describeError } from "../server/http-error.ts";
import { requireBuiltCli } from "../test-support/cli.ts";
import { ENGINES } from "../test-support/engines.ts";
import { buildImport, buildIncident } from "../test-support/records.ts";
import { Browser, buildTestServer } from "../test-support/server.ts";
import { createAuthStore } from "./auth-store.ts";
import type { LockWait } from "./lock-wait.ts";
import { withLockWait } from "./lock-wait.ts";
import type { Store } from "./store.ts";

const BUSY = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });

/** A write that answers busy `times` times, then `value`; counts its attempts. */
function busyFor<T>(times: number, value: T) {
  const write = async () => {
    write.attempts++;
    if (write.attempts <= times) throw BUSY;
    return value;
  };
  write.attempts = 0;
  return write;
}

describe("withLockWait", () => {
  it("runs a busy write again until it goes through, and says once that it waits", async () => {
    const write = busyFor(2, "done");
    let told = 0;
    const wait: LockWait = { timeoutMs: 20_000, onWait: () => told++ };
    expect(await withLockWait(write, wait, "store.db")).toBe("done");
    expect(write.attempts).toBe(3);
    expect(told).toBe(1);
  });

  it("gives up with a BusyError naming the store when its wait is over", async () => {
    const write = busyFor(1, "never");
    const error = await withLockWait(write, { timeoutMs: 0 }, "/data/store.db").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusyError);
    expect(error).toMatchObject({
      code: "unavailable",
      message: "another import is running on /data/store.db; wait for it or retry",
      retryAfterSeconds: 10,
    });
    expect(write.attempts).toBe(1);
  });

  it("does not run again a write that says it may not (an import that has begun reading its input)", async () => {
    const write = busyFor(1, "never");
    await expect(withLockWait(write, { timeoutMs: 20_000 }, "store.db", () => false)).rejects.toBeInstanceOf(
      BusyError,
    );
    expect(write.attempts).toBe(1);
  });

  it("passes any other error through at once", async () => {
    const failure = Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
    let attempts = 0;
    const write = async () => {
      attempts++;
      throw failure;
    };
    await expect(withLockWait(write, { timeoutMs: 20_000 }, "store.db")).rejects.toBe(failure);
    expect(attempts).toBe(1);
  });
});

/** An import in a child process that holds the store's write lock until released. */
async function holdImport(url: string, sha256: string): Promise<{ release(): Promise<string> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", resolve("src/test-support/hold-import.ts"), url, sha256],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  const exited = new Promise<number | null>((done) => child.on("exit", done));
  await new Promise<void>((holding, failed) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes("holding\n")) holding();
    });
    exited.then((code) => failed(new Error(`hold-import exited with ${code} before holding: ${output}`)));
  });
  return {
    async release() {
      child.stdin?.end();
      expect(await exited).toBe(0);
      return output;
    },
  };
}

/** Resolves when `onWait` is first called: a write found the lock held and is waiting. */
function waitSignal(timeoutMs: number): { lockWait: LockWait; waiting: Promise<void> } {
  let signal = () => {};
  const waiting = new Promise<void>((resolve) => {
    signal = resolve;
  });
  return { lockWait: { timeoutMs, onWait: () => signal() }, waiting };
}

describe("on SQLite, while an import of another process holds the write lock", () => {
  let dir: string;
  let url: string;
  let store: Store | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-lock-"));
    url = join(dir, "store.db");
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("a login and its audit entry wait for the import to commit, then both are stored", async () => {
    const { lockWait, waiting } = waitSignal(20_000);
    store = await openStore(url, lockWait);
    const server = await buildTestServer(store);
    const held = await holdImport(url, "held");
    const browser = new Browser(server.app);
    const login = browser.login("admin");
    await waiting;
    expect(await held.release()).toContain("committed");
    const response = await login;
    expect(response.status).toBe(303);
    expect((await browser.page("/")).status).toBe(200);
    const [entry] = await server.auth.auditLog({ limit: 1 });
    expect(entry).toMatchObject({ actor: "admin", action: "login" });
    expect((await store.listImports()).map((i) => i.file_name)).toEqual([
      "incidents.csv",
      "alerts.ndjson",
      "held.csv",
    ]);
  });

  it("a write that waits longer than its store allows fails with a BusyError (503 with Retry-After), writing nothing", async () => {
    store = await openStore(url, { timeoutMs: 0 });
    const server = await buildTestServer(store);
    const held = await holdImport(url, "held");
    try {
      const browser = new Browser(server.app);
      const response = await browser.login("admin");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      expect(response.headers.getSetCookie().some((c) => c.includes("secmetrics_session"))).toBe(false);
      expect(await response.text()).toContain("the store is busy with an import");
      const direct = await server.auth
        .audit({ at: 1, actor: "admin", action: "export", target: null, detail: null, ip: null })
        .catch((e: unknown) => e);
      expect(direct).toBeInstanceOf(BusyError);
      expect((direct as Error).message).toBe(`another import is running on ${url}; wait for it or retry`);
      expect(describeError(direct)).toMatchObject({ status: 503, retryAfter: 10, internal: false });
    } finally {
      await held.release();
    }
    // Neither the refused login nor the refused entry left anything behind.
    expect(await server.auth.auditLog({ limit: 10 })).toEqual([]);
  });

  it("a second CLI import of the same file waits for the first with a message, then reports it already imported", async () => {
    requireBuiltCli();
    const file = join(dir, "incidents.csv");
    copyFileSync(resolve("src/importers/incidents/fixtures/incidents.csv"), file);
    await (await openStore(url)).close();
    const held = await holdImport(url, createHash("sha256").update(readFileSync(file)).digest("hex"));
    const cli = spawn(process.execPath, [resolve("bin/secmetrics.js"), "--db", url, "import", file], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", SECMETRICS_DB: "" },
    });
    let stdout = "";
    let stderr = "";
    cli.stdout.on("data", (chunk: Buffer) => {
      stdout += String(chunk);
    });
    const exited = new Promise<number | null>((done) => cli.on("exit", done));
    await new Promise<void>((waiting) =>
      cli.stderr.on("data", (chunk: Buffer) => {
        stderr += String(chunk);
        if (stderr.includes("waiting for another import")) waiting();
      }),
    );
    await held.release();
    expect(await exited).toBe(0);
    expect(stderr).toBe(
      `waiting for another import on ${url} to finish (SQLite writes one at a time; up to 10 min)…\n`,
    );
    expect(stdout).toBe("incidents.csv: already imported as import #1 (incidents-csv); nothing changed\n");
    store = await openStore(url);
    expect((await store.listImports()).map((i) => [i.id, i.file_name])).toEqual([[1, "held.csv"]]);
  });
});

describe("on PostgreSQL, while an import of another connection is open", () => {
  it("a session and an audit entry are written at once: rows are locked, not the store", async () => {
    const engine = ENGINES.find((e) => e.name === "postgres");
    if (!engine) throw new Error("no postgres engine");
    const database = await engine.create();
    const importing = await openStore(database.url);
    const other = await openStore(database.url);
    try {
      const auth = createAuthStore(other);
      const user = await auth.addUser({ name: "ada", role: "admin", password_hash: "x", now: 1 });
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding = () => {};
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const open = importing.importRecords(buildImport("held", "incidents-csv", 1), async (writer) => {
        await writer.write(buildIncident({ external_id: "HELD-1", detected_at: 1 }), 2);
        holding();
        await released;
        return { skipped: 0 };
      });
      await held;
      await auth.audited(
        (tx) =>
          tx.createSession({ token_hash: "t", user_id: user.id, csrf_token: "c", now: 2, expires_at: 10 }),
        () => [{ at: 2, actor: "ada", action: "login", target: null, detail: null, ip: null }],
      );
      await auth.audit({ at: 2, actor: "ada", action: "logout", target: null, detail: null, ip: null });
      expect(await auth.findSession("t", 3)).toMatchObject({ user: { name: "ada" } });
      expect(await other.listImports()).toEqual([]);
      release();
      await open;
      expect((await other.listImports()).map((i) => i.sha256)).toEqual(["held"]);
    } finally {
      await importing.close();
      await other.close();
      await database.dispose();
    }
  });
});
