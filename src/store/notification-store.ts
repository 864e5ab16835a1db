import { type Generated, type Kysely, sql } from "kysely";
import { runExclusively } from "./exclusive-run.ts";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { Store } from "./store.ts";

export type DeliveryStatus = "sending" | "sent" | "failed";

/** One event's delivery to one webhook, as recorded. */
export interface Delivery {
  event_key: string;
  webhook: string;
  event_kind: string;
  status: DeliveryStatus;
  /** Attempts over every run, this one included. */
  attempts: number;
  claimed_at: number;
  sent_at: number | null;
  last_error: string | null;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type NotificationTables = {
  notification_deliveries: Delivery & { id: Generated<number> };
};

/**
 * How long a `sending` claim holds: a sender that died after claiming leaves
 * it behind, and another may take it over after this. Longer than the
 * longest delivery (4 attempts of 10 s and waits capped at 60 s), so a live
 * sender's claim is never taken over.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

export interface NotificationStore {
  deliveries(): Promise<Delivery[]>;
  /**
   * Claims the delivery of an event to a webhook before it is sent: true
   * when this caller may send it. The row's unique (event_key, webhook)
   * lets one caller win, across processes; a failed delivery, or a claim
   * older than `CLAIM_LEASE_MS`, may be claimed again.
   */
  claim(delivery: { event_key: string; webhook: string; event_kind: string }, now: number): Promise<boolean>;
  /** Records how a claimed delivery ended; `attempts` are this run's, added to the earlier ones. */
  finish(
    delivery: { event_key: string; webhook: string },
    outcome: { sent: boolean; attempts: number; at: number; error: string | null },
  ): Promise<void>;
  /**
   * Runs `work` unless another sender of this store is running: null then.
   * PostgreSQL: a session advisory lock, so one sender among every process
   * and server on the database. SQLite: one per process (the claims keep
   * two processes from sending one event twice).
   */
  asOnlySender<T>(work: () => Promise<T>): Promise<T | null>;
}

const SENDER_LOCK = "secmetrics.notifications.sender";

export function createNotificationStore(store: Store): NotificationStore {
  const db = databaseOf(store).withTables<NotificationTables>() as unknown as Kysely<NotificationTables>;
  const write = <T>(statement: () => Promise<T>) => writeWaitingForLock(store, statement);
  return {
    async deliveries() {
      return db.selectFrom("notification_deliveries").selectAll().orderBy("id").execute();
    },

    async claim(delivery, now) {
      const inserted = await write(() =>
        db
          .insertInto("notification_deliveries")
          .values({
            ...delivery,
            status: "sending",
            attempts: 0,
            claimed_at: now,
            sent_at: null,
            last_error: null,
          })
          .onConflict((conflict) => conflict.columns(["event_key", "webhook"]).doNothing())
          .executeTakeFirst(),
      );
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
      const retaken = await write(() =>
        db
          .updateTable("notification_deliveries")
          .set({ status: "sending", claimed_at: now })
          .where("event_key", "=", delivery.event_key)
          .where("webhook", "=", delivery.webhook)
          .where((row) =>
            row.or([
              row("status", "=", "failed"),
              row.and([row("status", "=", "sending"), row("claimed_at", "<", now - CLAIM_LEASE_MS)]),
            ]),
          )
          .executeTakeFirst(),
      );
      return Number(retaken.numUpdatedRows) === 1;
    },

    async finish(delivery, outcome) {
      await write(() =>
        db
          .updateTable("notification_deliveries")
          .set((row) => ({
            status: outcome.sent ? "sent" : "failed",
            attempts: sql<number>`${row.ref("attempts")} + ${outcome.attempts}`,
            sent_at: outcome.sent ? outcome.at : null,
            last_error: outcome.error,
          }))
          .where("event_key", "=", delivery.event_key)
          .where("webhook", "=", delivery.webhook)
          .execute(),
      );
    },

    asOnlySender(work) {
      return runExclusively(store, SENDER_LOCK, work);
    },
  };
}
