import { isIP } from "node:net";
import type { BanAction, BanEvent } from "../../domains/prevention/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { LogLineIds, SYSLOG_TIME, SyslogTimes, ZoneClock } from "../shared/log-lines.ts";
import { lineLog } from "../shared/readers.ts";

const FEED = "fail2ban";
/** fail2ban's own `2014-08-10 06:49:27,446 ` prefix (local time). */
const NATIVE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:,(\d{3}))? /;
/** `[jail] Ban 1.2.3.4` as logged by `fail2ban.actions` (or `fail2ban.server.actions` in 0.9). */
const ACTION =
  /fail2ban\.(?:server\.)?actions\s*(?:\[\d+\])?:\s+[A-Z]+\s+\[([^\]]+)\]\s+(Restore Ban|Reban|Ban|Unban)\s+(\S*?)(?:,.*)?$/;
/** Anything fail2ban would log about a ban action, to tell a malformed action line from other lines. */
const ACTION_LIKE = /\]\s+(Restore Ban|Reban|Ban|Unban)\b/;
const SYSLOG_HOST = /^ (\S+) /;

const ACTIONS: Record<string, BanAction> = {
  Ban: "ban",
  Unban: "unban",
  "Restore Ban": "restore_ban",
  Reban: "reban",
};

/**
 * fail2ban.log (its own format, or the same lines through syslog/journal):
 * `Ban`, `Unban`, `Restore Ban` (re-applied from its database at start-up)
 * and `Reban` per jail. `already banned`, filter `Found` lines and the
 * continuation lines of multi-line action errors are not ban events.
 */
export const fail2ban: Importer<RecordItem<BanEvent>> = defineImporter({
  id: "fail2ban",
  title: "fail2ban log",
  feed: FEED,
  kinds: ["ban_event"],
  detect: (sample) =>
    /fail2ban\.(?:server\.)?[a-z]+\s*(?:\[\d+\])?: /.test(sample.head.split("\n", 20).join("\n")),
  read: lineLog(async function* (chunks, ctx) {
    const syslogTimes = new SyslogTimes(ctx);
    const clock = new ZoneClock(ctx.timezone);
    const ids = new LogLineIds();
    for await (const { lines, unreadable } of chunks) {
      yield* unreadable;
      for (const { line, text } of lines) {
        const action = ACTION.exec(text);
        if (!action) {
          if (ACTION_LIKE.test(text) && /fail2ban/.test(text) && !/already banned/.test(text))
            yield { line, skipped: "malformed fail2ban action line" };
          continue;
        }
        const [, jail = "", verb = "", ip = ""] = action;
        let at: number | undefined;
        let host: string | null = null;
        const native = NATIVE_TIME.exec(text);
        const syslog = native ? null : SYSLOG_TIME.exec(text);
        if (native) {
          at = clock.numericDate(native, Number(native[7] ?? 0));
        } else if (syslog) {
          at = syslogTimes.parse(syslog, line);
          host = SYSLOG_HOST.exec(text.slice(syslog[0].length))?.[1] ?? null;
        } else {
          yield { line, skipped: "fail2ban action line without a timestamp" };
          continue;
        }
        if (at === undefined) {
          yield { line, skipped: `invalid timestamp in "${text.slice(0, 23)}"` };
          continue;
        }
        if (isIP(ip) === 0) {
          yield { line, skipped: `"${ip}" is not an IP address` };
          continue;
        }
        const record: BanEvent = {
          kind: "ban_event",
          feed: FEED,
          external_id: ids.next(host, at, text),
          at,
          action: ACTIONS[verb] ?? "ban",
          jail,
          ip,
          host,
        };
        yield { line, record };
      }
    }
  }),
});
