import type { Kysely } from "kysely";
import { STORE_SCHEMA } from "../domains/registry.ts";
import { connect } from "../store/dialect.ts";
import { applyMigrations } from "../store/kysely-store.ts";
import { CORE_MIGRATIONS } from "../store/migrations/index.ts";

/** A store as it was before the migration `name`: every migration named before it, applied. */
export async function storeBefore(url: string, name: string): Promise<Kysely<unknown>> {
  const { db, dialect } = connect(url);
  const earlier = [...CORE_MIGRATIONS, ...STORE_SCHEMA.migrations].filter(([other]) => other < name);
  await applyMigrations(db, dialect, earlier);
  return db as Kysely<unknown>;
}
