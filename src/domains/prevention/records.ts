import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * Log events and probe results. Same conventions as every record: instants
 * are epoch milliseconds (UTC), snake_case fields, and every record has an
 * identity `(feed, external_id)` so re-importing the same input never counts
 * twice.
 *
 * Log-line identity: `external_id` is `host|at|sha1(line)|n`, where `n` is how
 * many identical lines (same host, same instant, same text) came before it in
 * the same file. Re-importing a log, or a rotated copy that overlaps it, gives
 * the same ids; two genuinely identical lines in the same second stay two
 * events, because they are two attempts. The price: a file that starts in the
 * middle of such a burst numbers it differently — rare, and it over-counts by
 * at most the size of the burst. Expanded `message repeated N times` lines use
 * the same scheme (the line text plus 0..N-1).
 */
export const AUTH_OUTCOMES = ["failure", "success"] as const;
export type AuthOutcome = (typeof AUTH_OUTCOMES)[number];

/** One authentication attempt (sshd, later OCSF 3002). */
export interface AuthEvent extends RecordIdentity {
  kind: "auth_event";
  at: number;
  outcome: AuthOutcome;
  /** `password`, `publickey`, `keyboard-interactive/pam`, … or `pam`/`unknown` when only PAM or an invalid-user line told us. */
  method: string;
  user: string | null;
  /** The user does not exist on the host (`Invalid user …`). */
  invalid_user: boolean;
  source_ip: string | null;
  /** The host that wrote the log line. */
  host: string | null;
  /** The process that authenticated, e.g. `sshd`. */
  service: string;
}

export const BAN_ACTIONS = ["ban", "unban", "restore_ban", "reban"] as const;
export type BanAction = (typeof BAN_ACTIONS)[number];

/** An IP banned or unbanned by an intrusion-prevention tool (fail2ban). */
export interface BanEvent extends RecordIdentity {
  kind: "ban_event";
  at: number;
  action: BanAction;
  jail: string;
  ip: string;
  host: string | null;
}

/**
 * A security-relevant HTTP request: an access-log line with status >= 400, or
 * an error-log line saying the request was rejected by a rate limit.
 */
export interface HttpEvent extends RecordIdentity {
  kind: "http_event";
  at: number;
  /** Null for error-log lines, which do not carry the status sent. */
  status: number | null;
  method: string | null;
  path: string | null;
  client_ip: string | null;
  /** Virtual host (`$host`, or the error log's `host:`), when the log has it. */
  host: string | null;
  user: string | null;
  /** 429, or an error-log `limiting requests`/`limiting connections` rejection. */
  rate_limited: boolean;
  /** Which log it came from: an access line and an error line may describe the same rejection. */
  source: "access" | "error";
}

/**
 * A TLS handshake below the minimum protocol, seen in a log: an nginx error
 * line saying the client's protocol was refused (`unsupported protocol`,
 * `version too low`), an access line whose `$ssl_protocol` is below the
 * minimum, or an OCSF HTTP Activity whose `tls.version` is. Handshakes at or
 * above the minimum in force at import are not stored.
 */
export interface TlsHandshake extends RecordIdentity {
  kind: "tls_handshake";
  at: number;
  /** `SSLv3`, `TLSv1`, `TLSv1.1`, …; null when the log says only that the server refused the client's version. */
  protocol: string | null;
  /** The server refused the handshake; false when the log shows it went through on an old protocol. */
  refused: boolean;
  client_ip: string | null;
  /** The virtual host, or the listening `server:` address of an error line. */
  host: string | null;
  /** Which log said so: nginx's access or error log, or an OCSF event. */
  source: "access" | "error" | "ocsf";
}

export const PROBES = ["headers", "tls"] as const;
export type ProbeKind = (typeof PROBES)[number];

/**
 * One target's result in one probe run (`secmetrics probe`): a URL's
 * security headers or an endpoint's TLS versions. Identity
 * `(feed, external_id)` is `probe|target|checked_at`, so every run is kept and
 * drift is a trend; metrics read each target's latest result before the
 * period end.
 */
export interface ProbeResult extends RecordIdentity {
  kind: "probe_result";
  probe: ProbeKind;
  /** The URL, or `host:port`. */
  target: string;
  checked_at: number;
  /** `failed`: unreachable or incomplete; its drift is unknown, never zero. */
  status: "ok" | "failed";
  /** Headers: missing or deviating headers; TLS: 1 when a version below the minimum is accepted. Null when failed. */
  drift: number | null;
  /** The probe's own result for the target (findings, attempts), as JSON. */
  result: Record<string, unknown>;
}

/** Failed and successful authentications of one period, counted by the store. */
export interface AuthTally {
  failures: number;
  successes: number;
  /** Source IPs with the most failures, most first (ties by IP). */
  top_sources: { ip: string; failures: number }[];
}

/** HTTP denials and rate-limit rejections of one period, counted by the store. */
export interface HttpTally {
  status_401: number;
  status_403: number;
  /** Rate-limited lines of the access log (429). */
  rate_limited_access: number;
  /** `limiting requests`/`limiting connections` lines of the error log. */
  rate_limited_error: number;
  /** Rejections, each counted once: per client IP and second, the larger of the two logs' counts. */
  rate_limited: number;
}

/** Ban events of one period, counted by the store. */
export interface BanTally {
  /** Distinct IPs with a `ban`, `restore_ban` or `reban`. */
  distinct_ips: number;
  bans: number;
  by_jail: { jail: string; ips: number }[];
}

/** Logged handshakes below the minimum of one period, grouped by the store; the KPI applies the minimum. */
export interface TlsHandshakeTally {
  /** Per protocol (null: refused, version not logged) and whether it was refused. */
  by_protocol: { protocol: string | null; refused: boolean; handshakes: number }[];
}

export const AUTH_EVENT = defineRecordKind({
  kind: "auth_event",
  table: "auth_events",
  time: "at",
  booleans: ["invalid_user"],
});
export const BAN_EVENT = defineRecordKind({ kind: "ban_event", table: "ban_events", time: "at" });
export const HTTP_EVENT = defineRecordKind({
  kind: "http_event",
  table: "http_events",
  time: "at",
  booleans: ["rate_limited"],
});
export const TLS_HANDSHAKE = defineRecordKind({
  kind: "tls_handshake",
  table: "tls_handshakes",
  time: "at",
  booleans: ["refused"],
});
export const PROBE_RESULT = defineRecordKind({
  kind: "probe_result",
  table: "probe_results",
  time: "checked_at",
  json: ["result"],
});

export interface AuthEventsTable extends RecordColumns {
  at: number;
  outcome: string;
  method: string;
  user: string | null;
  invalid_user: number;
  source_ip: string | null;
  host: string | null;
  service: string;
}
export interface BanEventsTable extends RecordColumns {
  at: number;
  action: string;
  jail: string;
  ip: string;
  host: string | null;
}
export interface HttpEventsTable extends RecordColumns {
  at: number;
  status: number | null;
  method: string | null;
  path: string | null;
  client_ip: string | null;
  host: string | null;
  user: string | null;
  rate_limited: number;
  source: string;
}
export interface TlsHandshakesTable extends RecordColumns {
  at: number;
  protocol: string | null;
  refused: number;
  client_ip: string | null;
  host: string | null;
  source: string;
}
export interface ProbeResultsTable extends RecordColumns {
  probe: string;
  target: string;
  checked_at: number;
  status: string;
  drift: number | null;
  /** JSON object. */
  result: string;
}

export type PreventionTables = {
  auth_events: AuthEventsTable;
  ban_events: BanEventsTable;
  http_events: HttpEventsTable;
  tls_handshakes: TlsHandshakesTable;
  probe_results: ProbeResultsTable;
};
