import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { INCIDENT, type Incident } from "../detection-response/records.ts";
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

/** When the first near-miss was detected, or null when none was ever reported. */
export async function firstNearMiss(store: Store): Promise<number | null> {
  const [first] = await store.records<Incident>(INCIDENT.kind, {
    start: Number.MIN_SAFE_INTEGER,
    end: Number.MAX_SAFE_INTEGER,
    where: { event_kind: ["near_miss"] },
    limit: 1,
  });
  return first?.detected_at ?? null;
}
