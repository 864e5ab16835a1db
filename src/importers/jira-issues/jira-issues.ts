import { type JiraMapping, jiraMappingSchema } from "../../config/jira.ts";
import type { Incident } from "../../domains/detection-response/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { isObject, type Json, list, num, objects, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "jira";

/** A status change of the changelog: when, and into which status. */
interface Transition {
  at: number;
  to: string;
}

/**
 * `jira-issues`: a page of Jira Cloud's issue search (`POST
 * /rest/api/3/search/jql` with `expand: changelog`), as saved from the API
 * or pulled by a `jira` source. Issues of the mapping's incident types are
 * incidents: detected when created, acknowledged at the first transition
 * into an acknowledging status, responded at the first into a responding
 * status (else when recovered), recovered at the last transition into a
 * resolved status when the issue is in one now, closed at `resolutiondate`.
 * Identity: the issue key.
 */
export const jiraIssues: Importer<RecordItem<Incident>> = defineImporter({
  id: "jira-issues",
  title: "Jira Cloud issues (REST API v3 search with changelog, JSON)",
  feed: FEED,
  kinds: ["incident"],
  detect: (sample) => /"issues"\s*:\s*\[/.test(sample.head) && /\/rest\/api\/[23]\/issue\//.test(sample.head),
  read: jsonDocument(function* (document, ctx, text) {
    const mapping = ctx.jira ?? jiraMappingSchema.parse(undefined);
    if (!isObject(document) || !Array.isArray(document.issues)) {
      yield { line: 1, problem: 'expected a Jira search response: an object with an "issues" array' };
      return;
    }
    const lines = new LineFinder(text);
    for (const issue of objects(document, "issues")) {
      const key = str(issue, "key");
      const line = lines.next(key === null ? '"key"' : JSON.stringify(key));
      const type = str(issue, "fields.issuetype.name");
      if (type !== null && !includes(mapping.incident_types, type)) {
        yield {
          line,
          leftOut: `${key}: issue type ${type} is not an incident type (jira_incidents.incident_types)`,
        };
        continue;
      }
      const problems: string[] = [];
      const incident = incidentOf(issue, mapping, ctx.timezone, problems);
      yield problems.length > 0 || incident === null
        ? { line, problem: problems.join("; ") }
        : { line, record: incident };
    }
  }),
});

function incidentOf(issue: Json, mapping: JiraMapping, zone: string, problems: string[]): Incident | null {
  const key = str(issue, "key");
  if (key === null) problems.push("key is required");
  if (str(issue, "fields.issuetype.name") === null) problems.push("fields.issuetype.name is required");
  const time = (path: string) => {
    const text = str(issue, path);
    if (text === null) return null;
    const ms = parseTimestamp(text, zone);
    if (ms === undefined) problems.push(`${path}: "${text}" is not an ISO 8601 timestamp`);
    return ms ?? null;
  };
  const created = time("fields.created");
  if (str(issue, "fields.created") === null) problems.push("fields.created is required");
  const status = str(issue, "fields.status.name");
  const transitions = statusTransitions(issue, zone, problems);
  const acknowledged = transitions.find((t) => includes(mapping.acknowledged_statuses, t.to))?.at ?? null;
  const resolved =
    status !== null && includes(mapping.resolved_statuses, status)
      ? (transitions.findLast((t) => includes(mapping.resolved_statuses, t.to))?.at ?? null)
      : null;
  const responded = transitions.find((t) => includes(mapping.responded_statuses, t.to))?.at ?? resolved;
  const closed = time("fields.resolutiondate");
  for (const [name, at] of [
    ["acknowledged", acknowledged],
    ["responded", responded],
    ["recovered", resolved],
    ["resolutiondate", closed],
  ] as const)
    if (created !== null && at !== null && at < created) problems.push(`${name} is before fields.created`);
  if (key === null || created === null || problems.length > 0) return null;
  return {
    kind: "incident",
    feed: FEED,
    external_id: key,
    title: str(issue, "fields.summary"),
    severity: severityOf(issue, mapping, problems),
    status,
    started_at: null,
    detected_at: created,
    reported_at: null,
    acknowledged_at: acknowledged,
    responded_at: responded,
    recovered_at: resolved,
    closed_at: closed,
    event_kind: "incident",
    synthetic: false,
    root_cause: null,
    root_cause_category: null,
    service: str(list(issue, "fields.components")[0], "name"),
    owner: str(issue, "fields.assignee.displayName"),
    // The roster finds people by e-mail; Jira shows it only where the profile allows, else the account id.
    reported_by: str(issue, "fields.reporter.emailAddress") ?? str(issue, "fields.reporter.accountId"),
    attributes: Object.fromEntries(
      [
        ["issue_type", str(issue, "fields.issuetype.name")],
        ["project", str(issue, "fields.project.key")],
        ["resolution", str(issue, "fields.resolution.name")],
      ].filter((entry): entry is [string, string] => entry[1] !== null),
    ),
  };
}

/**
 * The status changes, oldest first. A changelog cut short by the search
 * (`total` above the histories held) would give wrong times: refused, as the
 * `jira` source fetches the rest through `/issue/{key}/changelog`.
 */
function statusTransitions(issue: Json, zone: string, problems: string[]): Transition[] {
  const histories = objects(issue, "changelog.histories");
  const total = num(issue, "changelog.total") ?? histories.length;
  if (total > histories.length)
    problems.push(
      `changelog: ${histories.length} of ${total} changes: the rest is at /rest/api/3/issue/{key}/changelog (a jira source fetches it)`,
    );
  const transitions: Transition[] = [];
  for (const history of histories) {
    const created = str(history, "created");
    const at = created === null ? undefined : parseTimestamp(created, zone);
    for (const item of objects(history, "items")) {
      if (str(item, "field") !== "status") continue;
      const to = str(item, "toString");
      if (at === undefined) problems.push(`changelog: "${created}" is not an ISO 8601 timestamp`);
      else if (to !== null) transitions.push({ at, to });
    }
  }
  return transitions.sort((a, b) => a.at - b.at);
}

/** The severity field's value: a priority or option object's name or value, or a plain text. */
function severityOf(issue: Json, mapping: JiraMapping, problems: string[]): Incident["severity"] {
  const field = `fields.${mapping.severity_field}`;
  const value = str(issue, `${field}.name`) ?? str(issue, `${field}.value`) ?? str(issue, field);
  if (value === null) return null;
  const entry = Object.entries(mapping.severity_map).find(
    ([name]) => name.toLowerCase() === value.toLowerCase(),
  );
  if (!entry) problems.push(`${field}: "${value}" is not in jira_incidents.severity_map`);
  return entry?.[1] ?? null;
}

const includes = (names: readonly string[], name: string) =>
  names.some((candidate) => candidate.toLowerCase() === name.toLowerCase());
