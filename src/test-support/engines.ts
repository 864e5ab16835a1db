import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore } from "../app/open-store.ts";
import type { Store } from "../store/store.ts";

/**
 * The engines every store test runs on. PostgreSQL tests create a fresh
 * database per store on the server in SECMETRICS_TEST_PG (default: the local
 * trust-auth server); they fail loudly when it is unreachable, because a
 * store suite that silently skips an engine proves nothing.
 */
const ADMIN_URL = process.env.SECMETRICS_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestEngine {
  name: "sqlite" | "postgres";
  /** A store URL of a new, empty database and a function that removes it. */
  create(): Promise<{ url: string; dispose(): Promise<void> }>;
}

let sequence = 0;

export const ENGINES: readonly TestEngine[] = [
  {
    name: "sqlite",
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "secmetrics-test-"));
      return {
        url: join(dir, "store.db"),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async create() {
      const name = `secmetrics_test_${process.pid}_${Date.now()}_${sequence++}`;
      await admin(`create database ${name}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      return { url: url.toString(), dispose: () => admin(`drop database if exists ${name} with (force)`) };
    },
  },
];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message}); start it or set SECMETRICS_TEST_PG`,
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Opens a migrated store on a fresh database of `engine`; `dispose` closes it and removes the database. */
export async function createTestStore(
  engine: TestEngine,
): Promise<{ store: Store; dispose(): Promise<void> }> {
  const database = await engine.create();
  const store = await openStore(database.url);
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.dispose();
    },
  };
}
