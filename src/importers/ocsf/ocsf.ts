/**
 * OCSF 1.x findings (https://schema.ocsf.io), as a JSON array or NDJSON.
 *
 * Incident Finding (class_uid 2005) becomes an Incident, Detection Finding
 * (2004) an Alert; any other class is a row problem. OCSF times are epoch
 * milliseconds, or RFC 3339 strings in the `_dt` siblings of the Date/Time
 * profile (read when the number is absent). OCSF records a finding's state,
 * not the history of its workflow, so this importer derives only what one
 * event can prove; MAPPING.md beside this file is the full table.
 *
 * Incident Finding → Incident
 * - external_id ← finding_info.uid (producers that describe the incident in a
 *   finding_info) else metadata.uid (the incident's uid according to the
 *   class's authors, ocsf-schema PR #903); neither is a row problem.
 * - title ← finding_info.title, desc, message, or the title of the only
 *   finding in finding_info_list.
 * - started_at ← start_time, else finding_info.first_seen_time, else the
 *   earliest finding_info_list[].first_seen_time.
 * - detected_at ← the earliest finding_info_list[].created_time (the first
 *   detection the incident aggregates), else finding_info.created_time, else
 *   time; none is a row problem.
 * - reported_at ← time: OCSF defines it as when the incident was opened.
 * - recovered_at ← only once status_id is Resolved (4) or Closed (5): the
 *   last modification (finding_info.modified_time, else the latest
 *   finding_info_list[].modified_time), i.e. when it was resolved at the
 *   latest. Never end_time: that is the last contributing activity, which
 *   usually precedes the incident's own creation.
 * - acknowledged_at, responded_at, closed_at ← null. Acknowledgement and
 *   containment are transitions between two events, and one event holds a
 *   single state; closed_at means "post-mortem done", which OCSF never says.
 * - synthetic ← verdict_id 6 (Test); owner ← assignee, else assignee_group.
 *
 * Detection Finding → Alert
 * - external_id ← finding_info.uid (required); created_at ←
 *   finding_info.created_time else time (required).
 * - disposition ← verdict_id (Incident profile): False Positive →
 *   false_positive; True Positive, Security Risk → true_positive; Benign,
 *   Disregard, Test → benign. Without a verdict, status_id Resolved (4:
 *   "remediated") → true_positive and Suppressed (3: "benign or a false
 *   positive") → benign, since only an explicit verdict counts as a false
 *   positive; anything else stays open. disposition_id is not used: it is
 *   what a security control did (Allowed, Blocked), not a triage outcome.
 * - triaged_at ← finding_info.modified_time once triaged (an upper bound).
 * - incident_id ← the uid of a finding_info.related_events[] entry whose
 *   type_uid is an Incident Finding (2005xx).
 * - rule ← finding_info.analytic.name else .uid; source ← metadata.product.name.
 *
 * Severity: severity_id 1–6 (Fatal → critical); 0 Unknown, 99 Other or no id
 * fall back to the `severity` caption through parseSeverity; "Unknown" or no
 * caption is null, any other unknown word a row problem.
 *
 * Authentication (3002) → AuthEvent, HTTP Activity (4002) → HttpEvent and
 * TlsHandshake: see `mapActivity`; like the nginx importer, only what the
 * KPIs count is kept (attempts with a known outcome, responses ≥ 400,
 * handshakes below the minimum TLS version).
 *
 * Prowler's Detection Findings are check results, passes included, not
 * alerts: a Prowler file is detected as prowler-ocsf, and a Prowler finding
 * given to this importer is a row problem naming that format.
 *
 * Timestamps below 1e11 are read as epoch seconds: as milliseconds they would
 * fall before March 1973, and real producers (Prowler 4.x, the Okta mapping
 * in ocsf/examples) write seconds. Larger values than milliseconds can hold
 * before year 5138 (microseconds) are a row problem.
 */
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { Alert, AlertDisposition, Incident } from "../../domains/detection-response/records.ts";
import type { AuthEvent, HttpEvent, TlsHandshake } from "../../domains/prevention/records.ts";
import { parseSeverity, type Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";
import { DEFAULT_MINIMUM_TLS, isBelowMinimum, normalizeTlsProtocol } from "../../model/tls-protocol.ts";
import { defineImporter } from "../define-importer.ts";
import type { ParsedItem } from "../importer.ts";
import { isProwlerEvent } from "../prowler/prowler-ocsf.ts";
import { field, type Json, list, objects, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { jsonRecords } from "../shared/readers.ts";

const DETECTION_FINDING = 2004;
const INCIDENT_FINDING = 2005;
const AUTHENTICATION = 3002;
const HTTP_ACTIVITY = 4002;
/** Authentication activity_id 2: ending a session is no login attempt. */
const LOGOFF = 2;
/** Authentication status_id: 1 Success, 2 Failure; 0 Unknown and 99 Other say nothing. */
const AUTH_STATUS = ["Unknown", "Success", "Failure"];

const SEVERITY_BY_ID: Record<number, Severity> = {
  1: "info",
  2: "low",
  3: "medium",
  4: "high",
  5: "critical",
  6: "critical",
};
/** OCSF's own captions, which parseSeverity does not know. */
const SEVERITY_CAPTIONS: Record<string, Severity> = { fatal: "critical" };

/** OCSF enum captions indexed by id; 99 (Other) is left out, as its caption is the source's own word. */
const INCIDENT_STATUS = ["Unknown", "New", "In Progress", "On Hold", "Resolved", "Closed"];
const FINDING_STATUS = ["Unknown", "New", "In Progress", "Suppressed", "Resolved", "Archived", "Deleted"];
const VERDICTS = [
  "Unknown",
  "False Positive",
  "True Positive",
  "Disregard",
  "Suspicious",
  "Benign",
  "Test",
  "Insufficient Data",
  "Security Risk",
  "Managed Externally",
  "Duplicate",
];
const PRIORITIES = ["Unknown", "Low", "Medium", "High", "Critical"];

const RESOLVED = 4;
const CLOSED = 5;
const SUPPRESSED = 3;
const VERDICT_TEST = 6;
const DISPOSITION_BY_VERDICT: Record<number, AlertDisposition> = {
  1: "false_positive",
  2: "true_positive",
  3: "benign",
  5: "benign",
  6: "benign",
  8: "true_positive",
};

/** Above this an epoch number is not milliseconds (year 5138); below SECONDS_BELOW it is seconds. */
const MILLIS_BELOW = 1e14;
const SECONDS_BELOW = 1e11;

export const ocsf = defineImporter({
  id: "ocsf",
  title: "OCSF 1.x Incident and Detection Findings, Authentication, HTTP Activity (JSON array or NDJSON)",
  kinds: ["incident", "alert", "auth_event", "http_event", "tls_handshake"],
  detect: (sample) => {
    const record = firstJsonRecord(sample.head);
    const version = field(record, "metadata.version");
    return (
      field(record, "class_uid") !== undefined &&
      typeof version === "string" &&
      version.startsWith("1.") &&
      !isProwlerEvent(record)
    );
  },
  read: jsonRecords(async function* (records, ctx) {
    for await (const item of records) {
      if ("problem" in item) yield item;
      else yield* mapEvent(item.line, new EventReader(item.value, ctx.timezone), ctx.minimumTls);
    }
  }),
});

function mapEvent(line: number, event: EventReader, minimumTls: string = DEFAULT_MINIMUM_TLS): ParsedItem[] {
  const classUid = event.integer("class_uid");
  if (classUid === null) return [{ line, problem: event.problems[0] ?? "class_uid is required" }];
  let records: (Incident | Alert | AuthEvent | HttpEvent | TlsHandshake)[];
  if (classUid === INCIDENT_FINDING) records = [toIncident(event)];
  else if (classUid === DETECTION_FINDING && event.isProwler()) return [{ line, problem: PROWLER_FINDING }];
  else if (classUid === DETECTION_FINDING) records = [toAlert(event)];
  else if (classUid === AUTHENTICATION) records = toAuthEvents(event);
  else if (classUid === HTTP_ACTIVITY) records = toHttpRecords(event, minimumTls);
  else return [{ line, problem: unsupportedClass(classUid, event.text("class_name")) }];
  // A field read twice (time is both a fallback and reported_at) reports its problem once.
  const problems = [...new Set(event.problems)];
  if (problems.length > 0) return [{ line, problem: problems.join("; ") }];
  return records.map((record) => ({ line, record }));
}

const PROWLER_FINDING =
  "a Prowler check result (metadata.product.name Prowler), not an alert: import the file with --format prowler-ocsf";

function unsupportedClass(classUid: number, className: string | null): string {
  const name = className ? ` (${className})` : "";
  return `class_uid ${classUid} is not supported${name}: the ocsf format imports Incident Finding (2005), Detection Finding (2004), Authentication (3002) and HTTP Activity (4002)`;
}

/** An event's identity: metadata.uid, else a digest of the event, so a re-import finds the same one. */
function eventId(event: EventReader): string {
  return event.text("metadata.uid") ?? `sha1:${createHash("sha1").update(event.json()).digest("hex")}`;
}

/** A caption unless it is OCSF's Unknown or Other, which say nothing about the method. */
function knownCaption(event: EventReader, name: string): string | null {
  const text = event.text(name);
  return text === null || /^(unknown|other)$/i.test(text) ? null : text;
}

/**
 * Authentication → AuthEvent: one attempt with a known outcome (status_id
 * 1 Success or 2 Failure, else the caption). Logoffs and attempts whose
 * outcome is Unknown, Other or absent are not attempts we can count: none.
 */
function toAuthEvents(event: EventReader): AuthEvent[] {
  const at = event.requiredTime(["time"], "time is required");
  const status = event.enumId("status", AUTH_STATUS);
  if (event.integer("activity_id") === LOGOFF || status === null) return [];
  return [
    {
      kind: "auth_event",
      feed: "ocsf",
      external_id: eventId(event),
      at: at.value ?? 0,
      outcome: status === 1 ? "success" : "failure",
      method: knownCaption(event, "auth_protocol") ?? knownCaption(event, "logon_type") ?? "unknown",
      user: event.text("user.name") ?? event.text("user.uid"),
      invalid_user: false,
      source_ip: event.ip("src_endpoint.ip"),
      host: event.text("dst_endpoint.hostname") ?? event.ip("dst_endpoint.ip"),
      service: event.text("service.name") ?? event.text("metadata.product.name") ?? "ocsf",
    },
  ];
}

/**
 * HTTP Activity → an HttpEvent when http_response.code is 400 or more (as
 * the nginx importer keeps access lines), and a TlsHandshake when
 * tls.version is below the minimum; anything else is not kept.
 */
function toHttpRecords(event: EventReader, minimumTls: string): (HttpEvent | TlsHandshake)[] {
  const at = event.requiredTime(["time"], "time is required");
  const status = event.integer("http_response.code");
  const version = event.text("tls.version");
  const protocol = version === null ? null : normalizeTlsProtocol(version);
  if (version !== null && protocol === null)
    event.problems.push(`tls.version: "${version}" is not a TLS version`);
  const external_id = eventId(event);
  const client_ip = event.ip("src_endpoint.ip");
  const host = event.text("http_request.url.hostname") ?? event.text("dst_endpoint.hostname");
  const records: (HttpEvent | TlsHandshake)[] = [];
  if (protocol !== null && isBelowMinimum(protocol, minimumTls))
    records.push({
      kind: "tls_handshake",
      feed: "ocsf",
      external_id,
      at: at.value ?? 0,
      protocol,
      refused: false,
      client_ip,
      host,
      source: "ocsf",
    });
  if (status !== null && status >= 400)
    records.push({
      kind: "http_event",
      feed: "ocsf",
      external_id,
      at: at.value ?? 0,
      status,
      method: event.text("http_request.http_method"),
      path: event.text("http_request.url.path"),
      client_ip,
      host,
      user: event.text("actor.user.name") ?? event.text("actor.user.uid"),
      rate_limited: status === 429,
      // An OCSF HTTP Activity is a request log, read like an access log line.
      source: "access",
    });
  return records;
}

function toIncident(event: EventReader): Incident {
  const findings = event.objects("finding_info_list");
  const external_id = event.text("finding_info.uid") ?? event.text("metadata.uid");
  if (external_id === null) event.problems.push("finding_info.uid or metadata.uid is required");
  const onlyFinding = findings.length === 1 ? event.text("finding_info_list.0.title") : null;

  const started = event.firstTime([
    "start_time",
    "finding_info.first_seen_time",
    ...event.earliest("first_seen_time"),
  ]);
  const detected = event.requiredTime(
    [...event.earliest("created_time"), "finding_info.created_time", "time"],
    "finding_info_list[].created_time, finding_info.created_time or time is required",
  );
  const statusId = event.enumId("status", INCIDENT_STATUS);
  const resolved = statusId === RESOLVED || statusId === CLOSED;
  const recovered = resolved
    ? event.firstTime(["finding_info.modified_time", ...event.latest("modified_time")])
    : NO_TIME;
  event.order("started_at", started, "detected_at", detected);
  event.order("detected_at", detected, "recovered_at", recovered);
  const verdictId = event.enumId("verdict", VERDICTS);

  return {
    kind: "incident",
    feed: "ocsf",
    external_id: external_id ?? "",
    title: event.text("finding_info.title") ?? event.text("desc") ?? event.text("message") ?? onlyFinding,
    severity: event.severity(),
    status: event.caption("status", INCIDENT_STATUS),
    started_at: started.value,
    detected_at: detected.value ?? 0,
    reported_at: event.time("time"),
    acknowledged_at: null,
    responded_at: null,
    recovered_at: recovered.value,
    closed_at: null,
    event_kind: "incident",
    synthetic: verdictId === VERDICT_TEST,
    root_cause: null,
    root_cause_category: null,
    service: null,
    reported_by: null,
    owner:
      event.text("assignee.name") ??
      event.text("assignee.display_name") ??
      event.text("assignee.email_addr") ??
      event.text("assignee.uid") ??
      event.text("assignee_group.name") ??
      event.text("assignee_group.uid"),
    attributes: compact({
      ...commonAttributes(event, "Incident Finding"),
      verdict: event.caption("verdict", VERDICTS),
      priority: event.caption("priority", PRIORITIES),
      src_url: event.text("src_url") ?? event.text("finding_info.src_url"),
      // Which detections the incident aggregates: the link back from alerts to incidents.
      finding_uids: findings.length > 0 ? JSON.stringify(event.uids(findings)) : null,
    }),
  };
}

function toAlert(event: EventReader): Alert {
  const external_id = event.text("finding_info.uid");
  if (external_id === null) event.problems.push("finding_info.uid is required");
  const created = event.requiredTime(
    ["finding_info.created_time", "time"],
    "finding_info.created_time or time is required",
  );
  const disposition = alertDisposition(event);
  const triaged = disposition === "open" ? NO_TIME : event.firstTime(["finding_info.modified_time"]);
  event.order("created_at", created, "triaged_at", triaged);

  return {
    kind: "alert",
    feed: "ocsf",
    external_id: external_id ?? "",
    created_at: created.value ?? 0,
    severity: event.severity(),
    source: event.text("metadata.product.name"),
    rule: event.text("finding_info.analytic.name") ?? event.text("finding_info.analytic.uid"),
    disposition,
    triaged_at: triaged.value,
    incident_id: relatedIncident(event),
    attributes: compact({
      ...commonAttributes(event, "Detection Finding"),
      title: event.text("finding_info.title"),
      status: event.caption("status", FINDING_STATUS),
      verdict: event.caption("verdict", VERDICTS),
      src_url: event.text("finding_info.src_url"),
    }),
  };
}

function alertDisposition(event: EventReader): AlertDisposition {
  const verdict = DISPOSITION_BY_VERDICT[event.enumId("verdict", VERDICTS) ?? -1];
  if (verdict) return verdict;
  const status = event.enumId("status", FINDING_STATUS);
  if (status === RESOLVED) return "true_positive";
  if (status === SUPPRESSED) return "benign";
  return "open";
}

function relatedIncident(event: EventReader): string | null {
  const related = event.objects("finding_info.related_events");
  for (let index = 0; index < related.length; index++) {
    const typeUid = Number(field(related[index], "type_uid"));
    if (Math.floor(typeUid / 100) === INCIDENT_FINDING) {
      const uid = event.text(`finding_info.related_events.${index}.uid`);
      if (uid !== null) return uid;
    }
  }
  return null;
}

/** What a drill-down needs to tell sources apart; never the whole event. */
function commonAttributes(event: EventReader, className: string): Record<string, string | null> {
  return {
    ocsf_class: className,
    ocsf_version: event.text("metadata.version"),
    product: event.text("metadata.product.name"),
    vendor: event.text("metadata.product.vendor_name"),
    activity: event.text("activity_name"),
  };
}

function compact(values: Record<string, string | null>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== null) kept[key] = value;
  return kept;
}

/** `finding_info_list.0.created_time` as OCSF documents write it: `finding_info_list[0].created_time`. */
function display(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** A derived timestamp and the OCSF attribute it came from, for problem messages. */
interface Sourced {
  value: number | null;
  from: string;
}
const NO_TIME: Sourced = { value: null, from: "" };

/**
 * Reads typed values out of one nested OCSF event by dotted path (array
 * indexes as numbers) and collects every problem, so a bad row is reported
 * whole, once.
 */
class EventReader {
  readonly problems: string[] = [];

  constructor(
    private readonly event: Json,
    private readonly zone: string,
  ) {}

  json(): string {
    return JSON.stringify(this.event);
  }

  isProwler(): boolean {
    return isProwlerEvent(this.event);
  }

  text(path: string): string | null {
    return str(this.event, path);
  }

  /** An IP address field; Windows events mapped to OCSF write `-` for "none", which is no address. */
  ip(path: string): string | null {
    const value = this.text(path);
    return value !== null && isIP(value) !== 0 ? value : null;
  }

  integer(path: string): number | null {
    const value = field(this.event, path);
    if (value === undefined || value === null) return null;
    const number = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number === "number" && Number.isInteger(number)) return number;
    this.problems.push(`${path}: ${JSON.stringify(value)} is not an integer`);
    return null;
  }

  objects(path: string): Json[] {
    return objects(this.event, path);
  }

  /** The epoch number at `path`, else its `_dt` sibling; null when both are absent. */
  time(path: string): number | null {
    const value = field(this.event, path);
    if (value !== undefined && value !== null) return this.epoch(path, value);
    const text = this.text(`${path}_dt`);
    if (text === null) return null;
    const ms = parseTimestamp(text, this.zone);
    if (ms === undefined) this.problems.push(`${display(path)}_dt: "${text}" is not an ISO 8601 timestamp`);
    return ms ?? null;
  }

  /** The first of `paths` that holds a time. */
  firstTime(paths: readonly string[]): Sourced {
    for (const path of paths) {
      const value = this.time(path);
      if (value !== null) return { value, from: path };
    }
    return NO_TIME;
  }

  /** Like firstTime; `missing` is the problem when none is there (an invalid one already is). */
  requiredTime(paths: readonly string[], missing: string): Sourced {
    const before = this.problems.length;
    const found = this.firstTime(paths);
    if (found.value === null && this.problems.length === before) this.problems.push(missing);
    return found;
  }

  /** Paths of `field` in each finding of finding_info_list that has it, earliest first. */
  earliest(field: string): string[] {
    return this.ranked(field, (a, b) => a - b);
  }

  latest(field: string): string[] {
    return this.ranked(field, (a, b) => b - a);
  }

  uids(items: readonly Json[]): string[] {
    return items.map((item) => item.uid).filter((uid): uid is string => typeof uid === "string");
  }

  /** An enum's id, or the id its caption names when the id is missing, 0 or 99. */
  enumId(name: string, captions: readonly string[]): number | null {
    const id = this.integer(`${name}_id`);
    if (id !== null && id > 0 && id < captions.length) return id;
    const caption = this.text(name)?.toLowerCase();
    const index = captions.findIndex((c) => c.toLowerCase() === caption);
    return index > 0 ? index : null;
  }

  /** The caption the event gives, else the one its id stands for. */
  caption(name: string, captions: readonly string[]): string | null {
    const text = this.text(name);
    if (text !== null) return text;
    const id = this.integer(`${name}_id`);
    return id === null ? null : (captions[id] ?? null);
  }

  severity(): Severity | null {
    const id = this.integer("severity_id");
    if (id !== null && SEVERITY_BY_ID[id]) return SEVERITY_BY_ID[id];
    if (id !== null && id !== 0 && id !== 99) {
      this.problems.push(`severity_id: ${id} is not an OCSF severity (0-6 or 99)`);
      return null;
    }
    const caption = this.text("severity");
    if (caption === null || caption.toLowerCase() === "unknown") {
      if (id === 99) this.problems.push("severity_id 99 (Other) needs a severity caption");
      return null;
    }
    const severity = SEVERITY_CAPTIONS[caption.toLowerCase()] ?? parseSeverity(caption);
    if (!severity) {
      this.problems.push(
        `severity: unknown severity "${caption}" (expected critical, high, medium, low, info, SEVn or Pn)`,
      );
    }
    return severity ?? null;
  }

  /** An end that precedes its start is a data error, never a negative duration. */
  order(startName: string, start: Sourced, endName: string, end: Sourced): void {
    if (start.value !== null && end.value !== null && end.value < start.value) {
      this.problems.push(`${endName} (${display(end.from)}) is before ${startName} (${display(start.from)})`);
    }
  }

  private ranked(name: string, compare: (a: number, b: number) => number): string[] {
    const count = list(this.event, "finding_info_list").length;
    const timed: { path: string; value: number }[] = [];
    for (let index = 0; index < count; index++) {
      const path = `finding_info_list.${index}.${name}`;
      const value = this.time(path);
      if (value !== null) timed.push({ path, value });
    }
    return timed.sort((a, b) => compare(a.value, b.value)).map((t) => t.path);
  }

  private epoch(path: string, value: unknown): number | null {
    const number = typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof number === "number" && Number.isFinite(number) && number >= 0 && number < MILLIS_BELOW) {
      return Math.round(number < SECONDS_BELOW ? number * 1000 : number);
    }
    if (typeof value === "string") {
      const ms = parseTimestamp(value, this.zone);
      if (ms !== undefined) return ms;
    }
    this.problems.push(`${display(path)}: ${JSON.stringify(value)} is not a timestamp in epoch milliseconds`);
    return null;
  }
}
