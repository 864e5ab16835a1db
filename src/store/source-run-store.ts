import type { Generated, Kysely } from "kysely";
import { runExclusively } from "./exclusive-run.ts";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { Store } from "./store.ts";

/** `skipped_busy`: another run of the store's sources held it for the whole time the run was due. */
export type SourceRunOutcome = "ok" | "failed" | "skipped_busy";

/** What one run of a source did: how many inputs it imported, found unchanged, and their records. */
export interface SourceRunCounts {
  imported: number;
  unchanged: number;
  records: number;
}

/** One run of a configured source, as recorded; `outcome` is null while it runs. */
export interface SourceRun extends SourceRunCounts {
  id: number;
  source: string;
  /** The scheduled instant it ran for; null for a run by hand. */
  due_at: number | null;
  started_at: number;
  finished_at: number | null;
  outcome: SourceRunOutcome | null;
  error: string | null;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type SourceRunTables = {
  source_runs: Omit<SourceRun, "id"> & { id: Generated<number> };
};

export interface SourceRunStore {
  /**
   * Records that a run starts: its id, or null when a run of this source for
   * this due instant is already recorded (another server of the store took it).
   */
  claim(source: string, dueAt: number | null, startedAt: number): Promise<number | null>;
  finish(
    id: number,
    result: SourceRunCounts & { outcome: SourceRunOutcome; finished_at: number; error: string | null },
  ): Promise<void>;
  /** The latest runs first. */
  list(limit: number): Promise<SourceRun[]>;
  /** Each source's latest run, by source name. */
  latest(): Promise<Map<string, SourceRun>>;
  /** Each source's latest run that succeeded (`ok`), by source name: a failed run checked nothing. */
  latestSuccessful(): Promise<Map<string, SourceRun>>;
  /** Per source, the latest scheduled instant a run is recorded for (runs by hand have none). */
  latestDue(): Promise<Map<string, number>>;
  /**
   * Runs `work` unless a run of this store's sources is under way: null then
   * (see `runExclusively`: across every server on PostgreSQL, within the
   * process on SQLite, where the claims keep two processes from running one
   * due instant twice).
   */
  asOnlyRunner<T>(work: () => Promise<T>): Promise<T | null>;
}

const RUNNER_LOCK = "secmetrics.sources.runner";

export function createSourceRunStore(store: Store): SourceRunStore {
  const db = databaseOf(store).withTables<SourceRunTables>() as unknown as Kysely<SourceRunTables>;
  const write = <T>(statement: () => Promise<T>) => writeWaitingForLock(store, statement);
  const decode = (row: SourceRun): SourceRun => ({
    ...row,
    id: Number(row.id),
    due_at: row.due_at === null ? null : Number(row.due_at),
    started_at: Number(row.started_at),
    finished_at: row.finished_at === null ? null : Number(row.finished_at),
    imported: Number(row.imported),
    unchanged: Number(row.unchanged),
    records: Number(row.records),
  });
  /** Each source's latest run, or latest run with that outcome. */
  const latestRuns = async (outcome?: SourceRunOutcome) => {
    const rows = await db
      .selectFrom("source_runs")
      .selectAll()
      .where("id", "in", (q) => {
        const latestIds = q.selectFrom("source_runs").select((eb) => eb.fn.max("id").as("id"));
        return (outcome ? latestIds.where("outcome", "=", outcome) : latestIds).groupBy("source");
      })
      .execute();
    return new Map(rows.map((row) => [row.source, decode(row)]));
  };
  return {
    async claim(source, dueAt, startedAt) {
      const row = await write(() =>
        db
          .insertInto("source_runs")
          .values({
            source,
            due_at: dueAt,
            started_at: startedAt,
            finished_at: null,
            outcome: null,
            imported: 0,
            unchanged: 0,
            records: 0,
            error: null,
          })
          .onConflict((conflict) => conflict.columns(["source", "due_at"]).doNothing())
          .returning("id")
          .executeTakeFirst(),
      );
      return row ? Number(row.id) : null;
    },

    async finish(id, result) {
      await write(() => db.updateTable("source_runs").set(result).where("id", "=", id).execute());
    },

    async list(limit) {
      const rows = await db
        .selectFrom("source_runs")
        .selectAll()
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map(decode);
    },

    latest: () => latestRuns(),
    latestSuccessful: () => latestRuns("ok"),

    async latestDue() {
      const rows = await db
        .selectFrom("source_runs")
        .select((eb) => ["source", eb.fn.max("due_at").as("due_at")])
        .where("due_at", "is not", null)
        .groupBy("source")
        .execute();
      return new Map(rows.map((row) => [row.source, Number(row.due_at)]));
    },

    asOnlyRunner(work) {
      return runExclusively(store, RUNNER_LOCK, work);
    },
  };
}
