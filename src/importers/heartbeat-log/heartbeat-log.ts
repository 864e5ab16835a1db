import type { MonitorCheck } from "../../domains/monitor-health/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { RecordItem } from "../importer.ts";
import { lineLog } from "../shared/readers.ts";

const FEED = "heartbeat";
/** A file named after a dead man's switch: what tells a heartbeat log from any log of timestamps. */
const HEARTBEAT_NAME = /heartbeat|dead-?man|watchdog/i;
const FIRST_FIELD = /^(\S+)(?:\s+(\S+))?/;
const EPOCH_SECONDS = /^\d{9,10}(?:\.\d+)?$/;

/**
 * A dead man's switch's log (`heartbeat-log`): one line per heartbeat, its
 * first field the instant (ISO 8601, in the import's time zone when it
 * has no offset, or epoch seconds as `date +%s` writes), its second the
 * monitored target's name, else `--target`, else `heartbeat`: what `date
 * -Is >> heartbeat.log` on each Watchdog alert, or a cron job's ping,
 * leaves. A line without a readable instant is skipped and counted, as in
 * any log. Identity: `target|instant`: a rotated copy imports nothing twice.
 * Detected by a file named after heartbeats, a dead man's switch or a
 * watchdog whose first line begins with an instant.
 */
export const heartbeatLog = defineImporter({
  id: "heartbeat-log",
  title: "Heartbeat log of a dead man's switch (one line per heartbeat, its instant first)",
  feed: FEED,
  kinds: ["monitor_check"],
  identityOptions: ["target"],
  detect: (sample) => {
    const first = sample.head.split("\n", 1)[0]?.trim() ?? "";
    const instant = FIRST_FIELD.exec(first)?.[1] ?? "";
    return HEARTBEAT_NAME.test(sample.name) && instantOf(instant, "UTC") !== undefined;
  },
  read: lineLog(async function* (chunks, ctx): AsyncIterable<RecordItem<MonitorCheck>> {
    for await (const { lines, unreadable } of chunks) {
      yield* unreadable;
      for (const { line, text } of lines) {
        if (text.trim() === "") continue;
        const [, instant = "", name] = FIRST_FIELD.exec(text.trim()) ?? [];
        const at = instantOf(instant, ctx.timezone);
        if (at === undefined) {
          yield { line, skipped: `"${instant.slice(0, 40)}" is not an instant` };
          continue;
        }
        const target = ctx.target ?? name ?? "heartbeat";
        yield {
          line,
          record: {
            kind: "monitor_check",
            feed: FEED,
            external_id: `${target}|${at}`,
            at,
            target,
            up: true,
            source: "heartbeat",
          },
        };
      }
    }
  }),
});

function instantOf(text: string, zone: string): number | undefined {
  if (EPOCH_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text) ? parseTimestamp(text, zone) : undefined;
}
