import type { HttpEvent, TlsHandshake } from "../../domains/prevention/records.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { DEFAULT_MINIMUM_TLS, isBelowMinimum, normalizeTlsProtocol } from "../../model/tls-protocol.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { LogLineIds, ZoneClock } from "../shared/log-lines.ts";
import { lineLog } from "../shared/readers.ts";

const FEED = "nginx";
export const COMBINED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/** Tighter patterns for the variables we read; any other variable matches lazily up to the next literal. */
const VARIABLE_PATTERNS: Record<string, string> = {
  status: "(\\d{3})",
  time_local: "(\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})",
  time_iso8601: '(\\d{4}-\\d{2}-\\d{2}T[^\\s"]+)',
  msec: "(\\d+(?:\\.\\d+)?)",
  remote_addr: "(\\S+)",
  host: "(\\S+)",
  request: '((?:[^"\\\\]|\\\\.)*)',
  ssl_protocol: "(\\S+)",
};

interface AccessFormat {
  regex: RegExp;
  /** Capture-group index of each variable. */
  groups: Map<string, number>;
}

/**
 * Compiles an nginx `log_format` string into a line regex. The predefined
 * `combined` tolerates fields appended after the user agent, which many
 * deployments add; a custom format must match the whole line.
 */
export function compileLogFormat(format: string, trailing = false): AccessFormat {
  const groups = new Map<string, number>();
  let source = "^";
  let last = 0;
  for (const match of format.matchAll(/\$(?:\{(\w+)\}|(\w+))/g)) {
    source += escape(format.slice(last, match.index));
    const name = match[1] ?? match[2] ?? "";
    if (groups.has(name)) source += "(?:.*?)";
    else {
      groups.set(name, groups.size + 1);
      source += VARIABLE_PATTERNS[name] ?? "(.*?)";
    }
    last = match.index + match[0].length;
  }
  source += `${escape(format.slice(last))}${trailing ? "(?: .*)?" : ""}$`;
  if (!groups.has("status"))
    throw new SecmetricsError("invalid_argument", "the log format has no $status", `e.g. ${COMBINED}`);
  if (!["time_local", "time_iso8601", "msec"].some((name) => groups.has(name)))
    throw new SecmetricsError(
      "invalid_argument",
      "the log format has no $time_local, $time_iso8601 or $msec",
    );
  return { regex: new RegExp(source), groups };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `2015/10/29 20:01:02 [error] 256554#0: *99927 message`, maybe behind a syslog/journal `host nginx[pid]: `. */
const ERROR_LINE =
  /^(?:\S+ nginx\[\d+\]: )?(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] \d+#\d+: (?:\*\d+ )?(.*)$/;
const LIMITING =
  /^limiting (requests|connections)(, dry run)?\b.*?, client: ([^,]+), server: ([^,]*)(?:, request: "((?:[^"\\]|\\.)*)")?(?:, host: "([^"]*)")?/;
/**
 * The server refused the client's protocol: `unsupported protocol` (OpenSSL
 * 1.0 `SSL23_GET_CLIENT_HELLO`, 1.1 `tls_early_post_process_client_hello`,
 * 3.x with no function name) or `version too low` (OpenSSL 1.1.0, a client
 * offering SSLv3). `… to upstream` lines are nginx's own outgoing handshakes
 * and do not match.
 */
const REFUSED_HANDSHAKE =
  /^SSL_do_handshake\(\) failed \(SSL: error:[0-9A-Fa-f]+:SSL routines:[^:]*:(?:unsupported protocol|version too low)\) while SSL handshaking, client: ([^,]+)(?:, server: ([^,\s]*))?/;
const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/**
 * nginx access and error logs, in one file or apart. Access lines (the
 * `combined` format, or `ctx.logFormat`) become events when the status is
 * 400 or more — the requests security metrics look at (401/403 denied,
 * 429 rate-limited, 4xx scanning); 2xx/3xx lines are skipped to keep a
 * busy server's log from flooding the store. Error-log `limiting requests`
 * and `limiting connections` lines are rate-limit rejections; `delaying
 * request` and `dry run` lines reject nothing and are skipped, as are
 * other error-log messages.
 *
 * TLS: an error-log `SSL_do_handshake() failed (… unsupported protocol)`
 * or `(… version too low)` line is a handshake the server refused; an
 * access line whose format has `$ssl_protocol` below `ctx.minimumTls` is a
 * handshake made on an old protocol, whatever its status. Both become
 * `TlsHandshake`s; other access lines' protocols are not kept.
 */
export const nginx: Importer<RecordItem<HttpEvent | TlsHandshake>> = defineImporter({
  id: "nginx",
  title: "nginx access log (combined or --log-format) and error log",
  feed: FEED,
  kinds: ["http_event", "tls_handshake"],
  detect: (sample) => {
    const combined = compileLogFormat(COMBINED, true).regex;
    return sample.head
      .split("\n", 20)
      .some((line) => combined.test(line.replace(/\r$/, "")) || ERROR_LINE.test(line));
  },
  read: lineLog(async function* (chunks, ctx) {
    const format = ctx.logFormat ? compileLogFormat(ctx.logFormat) : compileLogFormat(COMBINED, true);
    const clock = new ZoneClock(ctx.timezone);
    const ids = new LogLineIds();
    for await (const { lines, unreadable } of chunks) {
      yield* unreadable;
      for (const { line, text } of lines) {
        if (text.trim() === "") continue;
        const access = format.regex.exec(text);
        if (access) {
          yield* accessEvent(line, text, access, format.groups, ctx, ids);
          continue;
        }
        const error = ERROR_LINE.exec(text);
        if (error) {
          yield* errorEvent(line, text, error, clock, ids);
          continue;
        }
        yield {
          line,
          skipped: ctx.logFormat
            ? "does not match the log format"
            : "not a combined access log or error log line",
        };
      }
    }
  }),
});

function* accessEvent(
  line: number,
  text: string,
  match: RegExpExecArray,
  groups: Map<string, number>,
  ctx: ImportContext,
  ids: LogLineIds,
): Iterable<RecordItem<HttpEvent | TlsHandshake>> {
  const get = (name: string): string | null => {
    const index = groups.get(name);
    const value = index === undefined ? undefined : match[index];
    return value === undefined || value === "" || value === "-" ? null : value;
  };
  const status = Number(get("status"));
  const sslProtocol = get("ssl_protocol");
  const protocol = sslProtocol === null ? null : normalizeTlsProtocol(sslProtocol);
  const oldProtocol = protocol !== null && isBelowMinimum(protocol, ctx.minimumTls ?? DEFAULT_MINIMUM_TLS);
  if (status < 400 && !oldProtocol) return;
  const at = accessTime(get("time_local"), get("time_iso8601"), get("msec"), ctx.timezone);
  if (at === undefined) {
    yield { line, skipped: "invalid request time" };
    return;
  }
  const host = get("host") ?? get("server_name");
  // One identity for the line: the two records live in different tables.
  const external_id = ids.next(host, at, text);
  if (oldProtocol) {
    yield {
      line,
      record: {
        kind: "tls_handshake",
        feed: FEED,
        external_id,
        at,
        protocol,
        refused: false,
        client_ip: get("remote_addr"),
        host,
        source: "access",
      },
    };
  }
  if (status < 400) return;
  const [method = null, path = null] = (get("request") ?? "").split(" ");
  const requestLike = method !== null && /^[A-Z]+$/.test(method);
  yield {
    line,
    record: {
      kind: "http_event",
      feed: FEED,
      external_id,
      at,
      status,
      method: requestLike ? method : null,
      path: requestLike ? path : null,
      client_ip: get("remote_addr"),
      host,
      user: get("remote_user"),
      rate_limited: status === 429,
      source: "access",
    },
  };
}

function accessTime(
  local: string | null,
  iso: string | null,
  msec: string | null,
  zone: string,
): number | undefined {
  if (local) {
    const m = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(local);
    const month = m ? MONTHS[m[2] ?? ""] : undefined;
    if (!m || month === undefined) return undefined;
    const day = Number(m[1]);
    const utc = Date.UTC(Number(m[3]), month, day, Number(m[4]), Number(m[5]), Number(m[6]));
    if (new Date(utc).getUTCDate() !== day || Number(m[4]) > 23) return undefined;
    const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === "-" ? -1 : 1);
    return utc - offset;
  }
  if (iso) return parseTimestamp(iso, zone);
  if (msec) return Math.round(Number(msec) * 1000);
  return undefined;
}

function* errorEvent(
  line: number,
  text: string,
  match: RegExpExecArray,
  clock: ZoneClock,
  ids: LogLineIds,
): Iterable<RecordItem<HttpEvent | TlsHandshake>> {
  const message = match[8] ?? "";
  const limiting = LIMITING.exec(message);
  const refused = limiting ? null : REFUSED_HANDSHAKE.exec(message);
  if (!(limiting && !limiting[2]) && !refused) return;
  const at = clock.numericDate(match);
  if (at === undefined) {
    yield { line, skipped: "invalid error-log time" };
    return;
  }
  if (!limiting) {
    // The client's version is not logged: only that the server refused it.
    const host = refused?.[2] || null;
    yield {
      line,
      record: {
        kind: "tls_handshake",
        feed: FEED,
        external_id: ids.next(host, at, text),
        at,
        protocol: null,
        refused: true,
        client_ip: refused?.[1] ?? null,
        host,
        source: "error",
      },
    };
    return;
  }
  const [method = null, path = null] = (limiting[5] ?? "").split(" ");
  const host = limiting[6] ?? (limiting[4] || null);
  yield {
    line,
    record: {
      kind: "http_event",
      feed: FEED,
      external_id: ids.next(host, at, text),
      at,
      status: null,
      method: method || null,
      path,
      client_ip: limiting[3] ?? null,
      host,
      user: null,
      rate_limited: true,
      source: "error",
    },
  };
}
