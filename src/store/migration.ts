import type { Kysely } from "kysely";
import type { Dialect } from "./engines.ts";

export interface Migration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** A named migration: the store applies every one once, in the order of their names. */
export type NamedMigration = readonly [name: string, migration: Migration];
