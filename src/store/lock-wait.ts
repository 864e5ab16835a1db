import { setTimeout as sleep } from "node:timers/promises";
import { BusyError } from "../model/errors.ts";
import { isBusy } from "./engine-errors.ts";

/**
 * How long a write waits for SQLite's write lock. SQLite lets one connection
 * write at a time, and an import holds the lock for its whole transaction
 * (about 16 s per million rows). SQLite's own busy wait would stop the whole
 * process (better-sqlite3 is synchronous), so the connection's busy timeout
 * is short and a write waits here instead, between attempts, with the
 * process free to answer. PostgreSQL locks rows, not the database: a write
 * there waits on the rows it needs, and never comes here busy.
 */
export interface LockWait {
  /** The longest a write waits, in ms, before it gives up with a `BusyError`. */
  timeoutMs: number;
  /** Told once for each write that has to wait (the CLI says so on stderr). */
  onWait?: () => void;
}

/**
 * The store's default, and the server's: a session or an audit entry waits
 * out an import of a million rows or so, and gives up under the server's
 * 30 s request limit, so the client hears 503 with Retry-After, not a timeout.
 */
export const DEFAULT_LOCK_WAIT: LockWait = { timeoutMs: 20_000 };

const FIRST_PAUSE_MS = 25;
const LONGEST_PAUSE_MS = 1_000;
/** What a refused write suggests: long enough for a typical import to have moved on. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Runs `write` and, while SQLite answers busy, runs it again after a pause
 * (25 ms, doubling up to 1 s) until `wait.timeoutMs` has passed. `write`
 * must be safe to run again from the start: one statement, or a whole
 * transaction (a busy statement rolls it back). `mayRetry` says whether it
 * still is (an import whose records were being read is not).
 */
export async function withLockWait<T>(
  write: () => Promise<T>,
  wait: LockWait,
  store: string,
  mayRetry: () => boolean = () => true,
): Promise<T> {
  const started = Date.now();
  let pause = FIRST_PAUSE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (!mayRetry() || Date.now() - started + pause > wait.timeoutMs) throw busyError(store, wait);
      if (attempt === 0) wait.onWait?.();
      await sleep(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}

function busyError(store: string, wait: LockWait): BusyError {
  return new BusyError(
    `another import is running on ${store}; wait for it or retry`,
    `SQLite lets one process write at a time, and an import keeps the store until it commits; this waited ${formatWait(wait.timeoutMs)} for it`,
    RETRY_AFTER_SECONDS,
  );
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
