import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { type DetectionResponseTables, INCIDENT, type Incident } from "../detection-response/records.ts";
import { POSTMORTEM, type Postmortem } from "./records.ts";

/** Every folder's latest read: a post-mortem published on time stays so, whichever period asks. */
export function latestPostmortems(store: Store): Promise<Stored<Postmortem>[]> {
  return store.snapshot<Postmortem>(POSTMORTEM.kind, Number.MAX_SAFE_INTEGER);
}

/** The events of an incidents export detected in the period: near-misses and drills among them. */
export function incidentsOf(
  store: Store,
  period: { start: number; end: number },
): Promise<Stored<Incident>[]> {
  return store.records<Incident>(INCIDENT.kind, { start: period.start, end: period.end });
}

/**
 * When the first near-miss was detected, or null when none was ever
 * reported: an aggregate, since every `kpis` run asks it and a store
 * without near-misses would otherwise read every incident in time order.
 */
export async function firstNearMiss(store: Store): Promise<number | null> {
  const row = await store.read(({ db }) =>
    db
      .withTables<DetectionResponseTables>()
      .selectFrom("incidents")
      .select((eb) => eb.fn.min("detected_at").as("first"))
      .where("event_kind", "=", "near_miss")
      .executeTakeFirst(),
  );
  return row?.first == null ? null : Number(row.first);
}
