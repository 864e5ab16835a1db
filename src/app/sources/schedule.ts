import type { SourceConfig } from "../../config/sources.ts";
import { cronSchedule } from "../../model/cron-schedule.ts";

/** The source's next scheduled instant strictly after `after`, in its zone (UTC unless it names one). */
export function nextRun(source: SourceConfig, after: number): number {
  return cronSchedule(source.schedule, source.timezone ?? "UTC").next(after);
}

/**
 * The instant a run is due for at `now` when the last one looked at was
 * `since`: the latest scheduled instant in (since, now], or null. Instants
 * missed in between (the server was busy or down) are one run, not a burst.
 */
export function dueInstant(source: SourceConfig, since: number, now: number): number | null {
  const schedule = cronSchedule(source.schedule, source.timezone ?? "UTC");
  let due: number | null = null;
  for (let next = schedule.next(since); next <= now; next = schedule.next(next)) due = next;
  return due;
}
