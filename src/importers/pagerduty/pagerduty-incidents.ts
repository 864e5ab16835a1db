import type { Incident } from "../../domains/detection-response/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseSeverity, type Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { isObject, type Json, objects, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "pagerduty";

/**
 * PagerDuty's default priority scheme, P1 the most urgent (unlike the
 * generic incident export, where P0 is): what a priority name means when the
 * document's `severities` map does not name it.
 */
const DEFAULT_PRIORITIES: Readonly<Record<string, Severity>> = {
  P1: "critical",
  P2: "high",
  P3: "medium",
  P4: "low",
  P5: "info",
};

/**
 * A PagerDuty REST v2 listing of incidents with the log entries that time
 * them: `{"incidents": [...], "log_entries": [...]}`, the bodies of
 * `GET /incidents` and `GET /log_entries` side by side (what `secmetrics
 * pull` writes; an incident may carry its own `log_entries` instead, as
 * `GET /incidents/{id}/log_entries` returns them). Detected is the
 * incident's `created_at`; acknowledged the first `acknowledge_log_entry`
 * (else the earliest `acknowledgements[].at`); recovered, for a resolved
 * incident, its `resolve_log_entry` (else `resolved_at`). Severity is the
 * priority's name, else `urgency:high|low`, looked up in the document's
 * `severities` map, then in PagerDuty's default P1–P5 scheme, then as a
 * severity word; an incident with neither priority nor a mapped urgency has
 * none.
 */
function* parsePagerDuty(
  document: unknown,
  ctx: ImportContext,
  text: string,
): Iterable<RecordItem<Incident>> {
  const { incidents, entries, severities } = listing(document, ctx.file);
  const lines = new LineFinder(text);
  lines.seek('"incidents"');
  for (const incident of incidents) {
    const id = isObject(incident) ? str(incident, "id") : null;
    const line = lines.next(id === null ? '"created_at"' : JSON.stringify(id));
    if (!isObject(incident)) yield { line, problem: "an incident that is not a JSON object" };
    else if (id === null) yield { line, problem: "an incident without id" };
    else {
      const own = objects(incident, "log_entries");
      const read = incidentRecord(incident, id, [...own, ...(entries.get(id) ?? [])], severities, ctx);
      yield typeof read === "string" ? { line, problem: read } : { line, record: read };
    }
  }
}

interface Listing {
  incidents: unknown[];
  /** Log entries by the id of their incident. */
  entries: Map<string, Json[]>;
  severities: Readonly<Record<string, string>>;
}

function listing(document: unknown, file: string): Listing {
  const incidents = isObject(document) ? document.incidents : undefined;
  if (!Array.isArray(incidents))
    throw new InvalidInputError(file, [
      { line: 1, reason: 'not a PagerDuty incident listing: expected {"incidents": [...]}' },
    ]);
  const entries = new Map<string, Json[]>();
  for (const entry of objects(document, "log_entries")) {
    const incident = str(entry, "incident.id");
    if (incident !== null) entries.set(incident, [...(entries.get(incident) ?? []), entry]);
  }
  const map = isObject(document) && isObject(document.severities) ? document.severities : {};
  const severities = Object.fromEntries(
    Object.entries(map).filter((pair): pair is [string, string] => typeof pair[1] === "string"),
  );
  return { incidents, entries, severities };
}

function incidentRecord(
  incident: Json,
  id: string,
  entries: readonly Json[],
  severities: Readonly<Record<string, string>>,
  ctx: ImportContext,
): Incident | string {
  const time = (value: string | null) => (value === null ? undefined : parseTimestamp(value, ctx.timezone));
  const createdText = str(incident, "created_at");
  const detected = time(createdText);
  if (detected === undefined)
    return `incident ${id}: created_at ${JSON.stringify(createdText)} is not a timestamp`;
  const ofType = (type: string) =>
    entries
      .filter((entry) => str(entry, "type") === type)
      .map((entry) => time(str(entry, "created_at")))
      .filter((at): at is number => at !== undefined)
      .sort((a, b) => a - b);
  const acknowledgements = objects(incident, "acknowledgements")
    .map((ack) => time(str(ack, "at")))
    .filter((at): at is number => at !== undefined)
    .sort((a, b) => a - b);
  const acknowledged = ofType("acknowledge_log_entry")[0] ?? acknowledgements[0] ?? null;
  const status = str(incident, "status");
  const resolved =
    status === "resolved"
      ? (ofType("resolve_log_entry").at(-1) ?? time(str(incident, "resolved_at")) ?? null)
      : null;
  if (status === "resolved" && resolved === null)
    return `incident ${id}: resolved, but neither a resolve_log_entry nor resolved_at says when`;
  for (const [name, at] of [
    ["acknowledged", acknowledged],
    ["resolved", resolved],
  ] as const)
    if (at !== null && at < detected) return `incident ${id}: ${name} before it was created`;
  const severity = severityOf(incident, severities);
  if (typeof severity === "object" && severity !== null) return `incident ${id}: ${severity.problem}`;
  return {
    kind: "incident",
    feed: FEED,
    external_id: id,
    title: str(incident, "title") ?? str(incident, "summary"),
    severity,
    status,
    started_at: null,
    detected_at: detected,
    reported_at: null,
    acknowledged_at: acknowledged,
    responded_at: null,
    recovered_at: resolved,
    closed_at: null,
    event_kind: "incident",
    synthetic: false,
    root_cause: null,
    root_cause_category: null,
    service: str(incident, "service.summary"),
    owner: str(objects(incident, "teams")[0], "summary"),
    reported_by: null,
    attributes: attributesOf(incident),
  };
}

/** The severity, null when the incident names none that is mapped, or a problem. */
function severityOf(
  incident: Json,
  severities: Readonly<Record<string, string>>,
): Severity | null | { problem: string } {
  const priority = str(incident, "priority.summary") ?? str(incident, "priority.name");
  const urgency = str(incident, "urgency");
  const key = priority ?? (urgency === null ? null : `urgency:${urgency}`);
  if (key === null) return null;
  const mapped = severities[key];
  if (mapped !== undefined)
    return (
      parseSeverity(mapped) ?? {
        problem: `severities maps ${JSON.stringify(key)} to ${JSON.stringify(mapped)}, not a severity`,
      }
    );
  if (priority === null) return null;
  return (
    DEFAULT_PRIORITIES[priority] ??
    parseSeverity(priority) ?? {
      problem: `priority ${JSON.stringify(priority)} is not a severity: map it in severities`,
    }
  );
}

function attributesOf(incident: Json): Record<string, string> {
  const values: Record<string, string | null> = {
    incident_number: str(incident, "incident_number"),
    urgency: str(incident, "urgency"),
    priority: str(incident, "priority.summary"),
    escalation_policy: str(incident, "escalation_policy.summary"),
    html_url: str(incident, "html_url"),
  };
  return Object.fromEntries(
    Object.entries(values).filter((pair): pair is [string, string] => pair[1] !== null),
  );
}

/** A PagerDuty incident listing starts with its `incidents` array of objects typed `incident`. */
export function detectPagerDutyIncidents(sample: InputSample): boolean {
  const head = sample.head.replace(/^\uFEFF/, "").trimStart();
  return /^\{\s*"incidents"\s*:\s*\[/.test(head) && /"type"\s*:\s*"incident"/.test(head);
}

export const pagerdutyIncidents = defineImporter({
  id: "pagerduty-incidents",
  title: "PagerDuty incidents with their log entries (REST v2 JSON, as `secmetrics pull` writes it)",
  feed: FEED,
  kinds: ["incident"],
  detect: detectPagerDutyIncidents,
  read: jsonDocument(parsePagerDuty),
});
