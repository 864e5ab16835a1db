import type { Kysely } from "kysely";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { Store } from "./store.ts";

/**
 * Where one stream of a connector source stopped: `position` is the
 * connector's own mark (the latest `updated_at` it imported, or an API's
 * cursor token), `etag` the first page's ETag, sent back as
 * `If-None-Match` so an unchanged listing answers 304. Null: not known.
 */
export interface StreamCursor {
  position: string | null;
  etag: string | null;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type CursorTables = {
  connector_cursors: StreamCursor & { source: string; stream: string; updated_at: number };
};

export interface ConnectorCursorStore {
  /** The source's cursors by stream; a stream never pulled is absent. */
  read(source: string): Promise<Map<string, StreamCursor>>;
  /** Moves one stream's cursor, once what it pulled up to there is imported. */
  save(source: string, stream: string, cursor: StreamCursor, at: number): Promise<void>;
}

export function createConnectorCursorStore(store: Store): ConnectorCursorStore {
  const db = databaseOf(store).withTables<CursorTables>() as unknown as Kysely<CursorTables>;
  return {
    async read(source) {
      const rows = await db
        .selectFrom("connector_cursors")
        .select(["stream", "position", "etag"])
        .where("source", "=", source)
        .execute();
      return new Map(rows.map((row) => [row.stream, { position: row.position, etag: row.etag }]));
    },

    async save(source, stream, cursor, at) {
      const values = { position: cursor.position, etag: cursor.etag, updated_at: at };
      await writeWaitingForLock(store, () =>
        db
          .insertInto("connector_cursors")
          .values({ source, stream, ...values })
          .onConflict((conflict) => conflict.columns(["source", "stream"]).doUpdateSet(values))
          .execute(),
      );
    },
  };
}
