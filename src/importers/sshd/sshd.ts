import { isIP } from "node:net";
import type { AuthEvent } from "../../domains/prevention/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { LogLineIds, SYSLOG_TIME, SyslogTimes } from "../shared/log-lines.ts";
import { lineLog } from "../shared/readers.ts";

const FEED = "sshd";
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)(?= )/;
/**
 * ` host process[pid]: message` after the timestamp. Red Hat and Fedora's old
 * PAM tagged its lines with the module: `sshd(pam_unix)[pid]: authentication failure; …`.
 */
const HEADER = /^ (\S+) ([\w.-]+?)(?:\((\w+)\))?(?:\[(\d+)\])?: (.*)$/;
const SSHD = /^sshd(?:-session|-auth)?$/;

/**
 * OpenSSH's `auth_log()`: `Failed METHOD[/SUBMETHOD] for [invalid user ]USER from ADDR port N ssh2[: INFO]`,
 * INFO being the key (`RSA SHA256:…`, `ED25519 …`, `ECDSA 0e:ff:…`) or the hostbased client.
 * Older versions end in `ssh1`, or stop after the port or the address. The user is
 * matched lazily and the tail must be exactly that grammar, so a user name or a
 * key comment that contains ` from ADDR port N` cannot move the source address.
 */
const FAILED =
  /^Failed (\S+) for (invalid user )?(.*?) from (\S+)(?: port \d+(?: ssh[12](?:: .*)?)?)?(?: \[preauth\])?$/;
const ACCEPTED = /^Accepted (\S+) for (.*?) from (\S+) port \d+(?: ssh[12](?:: .*)?)?(?: \[preauth\])?$/;
/** Solaris and macOS syslog put the message id before sshd's text: `[ID 800047 auth.info] Failed …`. */
const SOLARIS_ID = /^\[ID \d+ [\w.]+\] /;
const REPEATED = /^message repeated (\d+) times: \[ ?(.*)\]$/;
const INVALID_USER = /^Invalid user (.*?) from (\S+)(?: port \d+)?$/;
const PAM_FAILURE = /^pam_unix\(sshd:auth\): authentication failure;(.*)$/;
/** The old tag's message carries no `pam_unix(sshd:auth): ` of its own. */
const OLD_PAM_FAILURE = /^authentication failure;/;
/** Lines after which the connection's unmatched PAM/invalid-user attempts are final. */
const CONNECTION_END =
  /^(Connection closed|Received disconnect|Disconnected from|Disconnecting|Connection reset|Timeout before authentication)/;
/** Messages that claim to be an auth result: if they do not parse, the line is malformed. */
const AUTH_KEYWORD =
  /^(Failed |Accepted |message repeated |Invalid user |pam_unix\(sshd:auth\): authentication failure)/;
/** A connection's attempt seen only through PAM or `Invalid user`, waiting for sshd's own verdict. */
interface Pending {
  line: number;
  text: string;
  at: number;
  host: string | null;
  service: string;
  user: string | null;
  invalid_user: boolean;
  source_ip: string | null;
  method: string;
}

const MAX_OPEN_CONNECTIONS = 10_000;

/**
 * OpenSSH auth log (syslog or ISO/journal timestamps; `sshd`, `sshd-session`).
 * Counting rules, so each attempt counts once:
 * - `Failed <method> for …` is one failed attempt (`message repeated N times` is N);
 * - PAM `authentication failure` and `Invalid user` lines are held per
 *   connection (pid): the next `Failed` line of the same user is the same
 *   attempt and absorbs them; if the connection ends (or the file ends) without
 *   one, each becomes one failure of method `pam`/`unknown`;
 * - `Failed none` is the client probing, not an attempt: it only marks the held one;
 * - `Accepted …` is a success; held PAM failures of the same user were the PAM
 *   stack trying modules (gh-2070 in fail2ban) and are dropped, others count.
 * Lines of other processes, and other sshd messages, are skipped.
 */
export const sshd: Importer<RecordItem<AuthEvent>> = defineImporter({
  id: "sshd",
  title: "OpenSSH auth log (syslog or journal)",
  feed: FEED,
  kinds: ["auth_event"],
  detect: (sample) =>
    sample.head
      .split("\n", 50)
      .some((line) =>
        / sshd(?:-session)?\[\d+\]: (Failed|Accepted|Invalid user|pam_unix\(sshd)| sshd\(pam_unix\)\[\d+\]: authentication failure/.test(
          line,
        ),
      ),
  read: lineLog(async function* (chunks, ctx) {
    const parser = new SshdParser(ctx);
    // Items are collected per chunk of lines, not yielded per line: most
    // lines of an auth log are noise, and a generator step per line was
    // most of the parse time on a large log.
    const out: RecordItem<AuthEvent>[] = [];
    for await (const { lines, unreadable } of chunks) {
      yield* unreadable;
      for (const { line, text } of lines) parser.line(line, text, out);
      if (out.length > 0) {
        yield* out;
        out.length = 0;
      }
    }
    parser.end(out);
    yield* out;
  }),
});

class SshdParser {
  private readonly times: SyslogTimes;
  private readonly ids = new LogLineIds();
  private readonly open = new Map<string, Pending[]>();

  constructor(private readonly ctx: ImportContext) {
    this.times = new SyslogTimes(ctx);
  }

  line(line: number, text: string, out: RecordItem<AuthEvent>[]): void {
    if (text.trim() === "" || text.startsWith("-- ")) return;
    const syslog = SYSLOG_TIME.exec(text);
    const iso = syslog ? null : ISO_TIME.exec(text);
    const stamp = syslog ?? iso;
    if (!stamp) {
      out.push({ line, skipped: "not a syslog or journal line (no timestamp)" });
      return;
    }
    const header = HEADER.exec(text.slice(stamp[0].length));
    if (!header) {
      // Another program's odd tag (`syslogd 1.4.1: restart.`) is not ours to read.
      if (text.includes("sshd"))
        out.push({ line, skipped: "not a syslog or journal line (no host and process)" });
      return;
    }
    const [, host = null, process = "", module, pid = "", tagged = ""] = header;
    if (!SSHD.test(process)) return;
    const untagged = tagged.replace(SOLARIS_ID, "");
    // The old PAM tag says what the modern message says itself.
    const message =
      module === "pam_unix" && OLD_PAM_FAILURE.test(untagged) ? `pam_unix(sshd:auth): ${untagged}` : untagged;
    // Its other lines (`check pass; user unknown` before the failure, sessions) are no attempt.
    if (module !== undefined && message === untagged) return;
    const at = syslog ? this.times.parse(syslog, line) : parseTimestamp(iso?.[1] ?? "", this.ctx.timezone);
    if (at === undefined) {
      out.push({ line, skipped: `invalid timestamp "${stamp[0]}"` });
      return;
    }
    const event = { line, text, at, host, service: process };
    const connection = `${host}|${pid}`;

    const repeated = REPEATED.exec(message);
    if (repeated) {
      const count = Number(repeated[1]);
      const inner = repeated[2]?.trim() ?? "";
      if (FAILED.test(inner) || ACCEPTED.test(inner)) this.verdict(event, connection, inner, count, out);
      else if (AUTH_KEYWORD.test(inner))
        out.push({ line, skipped: `malformed repeated sshd message: ${inner}` });
      return;
    }
    if (FAILED.test(message) || ACCEPTED.test(message)) {
      this.verdict(event, connection, message, 1, out);
      return;
    }
    const invalid = INVALID_USER.exec(message);
    if (invalid) {
      this.hold(connection, {
        ...event,
        user: invalid[1] ?? null,
        invalid_user: true,
        source_ip: ip(invalid[2]),
        method: "unknown",
      });
      this.capOpen(out);
      return;
    }
    const pam = PAM_FAILURE.exec(message);
    if (pam) {
      const fields = pamFields(pam[1] ?? "");
      const held = this.open.get(connection) ?? [];
      const last = held[held.length - 1];
      // A second PAM module, or the PAM echo of an `Invalid user` line: the same attempt.
      const same = held.find((p) => p.user === fields.user) ?? (fields.user === null ? last : undefined);
      if (same) same.method = same.method === "unknown" ? "pam" : same.method;
      else
        this.hold(connection, {
          ...event,
          user: fields.user,
          invalid_user: false,
          source_ip: ip(fields.rhost),
          method: "pam",
        });
      this.capOpen(out);
      return;
    }
    if (CONNECTION_END.test(message)) {
      this.flush(connection, out);
      return;
    }
    if (AUTH_KEYWORD.test(message)) out.push({ line, skipped: `malformed sshd message: ${message}` });
  }

  end(out: RecordItem<AuthEvent>[]): void {
    for (const connection of [...this.open.keys()]) this.flush(connection, out);
  }

  private verdict(
    event: { line: number; text: string; at: number; host: string | null; service: string },
    connection: string,
    message: string,
    count: number,
    out: RecordItem<AuthEvent>[],
  ): void {
    const failed = FAILED.exec(message);
    if (failed) {
      const [, method = "", invalidUser, user = "", source] = failed;
      const held = this.open.get(connection) ?? [];
      const index = held.findIndex((p) => p.user === user || p.user === null);
      if (method === "none") {
        // The client asking which methods exist: not an attempt, but it names the user.
        const attempt = held[index];
        if (attempt) attempt.method = "none";
        else
          this.hold(connection, {
            ...event,
            user,
            invalid_user: invalidUser !== undefined,
            source_ip: ip(source),
            method: "none",
          });
        return;
      }
      if (index >= 0) held.splice(index, 1);
      if (held.length === 0) this.open.delete(connection);
      const ids = this.ids.many(event.host, event.at, message, count);
      for (const id of ids) {
        out.push({
          line: event.line,
          record: auth(event, id, "failure", method, user, invalidUser !== undefined, ip(source)),
        });
      }
      return;
    }
    const accepted = ACCEPTED.exec(message);
    if (!accepted) return;
    const [, method = "", user = "", source] = accepted;
    const held = (this.open.get(connection) ?? []).filter((p) => p.user !== user && p.user !== null);
    this.open.set(connection, held);
    this.flush(connection, out);
    for (const id of this.ids.many(event.host, event.at, message, count)) {
      out.push({ line: event.line, record: auth(event, id, "success", method, user, false, ip(source)) });
    }
  }

  private hold(connection: string, pending: Pending): void {
    const held = this.open.get(connection);
    if (held) held.push(pending);
    else this.open.set(connection, [pending]);
  }

  /** A connection that never ends in the log must not grow memory without bound. */
  private capOpen(out: RecordItem<AuthEvent>[]): void {
    if (this.open.size <= MAX_OPEN_CONNECTIONS) return;
    const oldest = this.open.keys().next().value;
    if (oldest !== undefined) this.flush(oldest, out);
  }

  private flush(connection: string, out: RecordItem<AuthEvent>[]): void {
    const held = this.open.get(connection) ?? [];
    this.open.delete(connection);
    for (const p of held) {
      const id = this.ids.next(p.host, p.at, p.text);
      out.push({
        line: p.line,
        record: auth(p, id, "failure", p.method, p.user, p.invalid_user, p.source_ip),
      });
    }
  }
}

function auth(
  event: { at: number; host: string | null; service: string },
  external_id: string,
  outcome: AuthEvent["outcome"],
  method: string,
  user: string | null,
  invalid_user: boolean,
  source_ip: string | null,
): AuthEvent {
  return {
    kind: "auth_event",
    feed: FEED,
    external_id,
    at: event.at,
    outcome,
    method,
    user: user === "" ? null : user,
    invalid_user,
    source_ip,
    host: event.host,
    service: event.service,
  };
}

/** `rhost` is often a reverse-DNS name; only an address is a source IP. */
function ip(text: string | undefined): string | null {
  if (!text) return null;
  return isIP(text) ? text : null;
}

function pamFields(text: string): { user: string | null; rhost: string | undefined } {
  const user = /\buser=(\S+)/.exec(text)?.[1] ?? /\bruser=(\S+)/.exec(text)?.[1];
  return { user: user ?? null, rhost: /\brhost=(\S+)/.exec(text)?.[1] };
}
