import { type Kysely, Migrator } from "kysely";
import { STORE_SCHEMA } from "../domains/registry.ts";
import { connect } from "../store/dialect.ts";
import { CORE_MIGRATIONS } from "../store/migrations/index.ts";

/** A store as it was before the migration `name`: every migration named before it, applied. */
export async function storeBefore(url: string, name: string): Promise<Kysely<unknown>> {
  const { db, dialect } = connect(url);
  const earlier = [...CORE_MIGRATIONS, ...STORE_SCHEMA.migrations].filter(([other]) => other < name);
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          earlier.map(([other, m]) => [other, { up: (d: Kysely<unknown>) => m.up(d, dialect) }]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return db as Kysely<unknown>;
}
