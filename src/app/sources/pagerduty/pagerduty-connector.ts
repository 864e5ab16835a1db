import type { SourceConfig } from "../../../config/sources.ts";
import { SecmetricsError } from "../../../model/errors.ts";
import type { ApiRequest } from "../../http/api-http.ts";
import { requiring } from "../../http/required-permission.ts";
import type { Connector, PullItem } from "../connector.ts";

type PagerDutySource = Extract<SourceConfig, { kind: "pagerduty" }>;

const DAY_MS = 86_400_000;
const PAGE = 100;
/** PagerDuty's classic pagination stops at offset + limit = 10,000: a window must hold fewer. */
const OFFSET_LIMIT = 10_000;
const STREAM = "incidents";
const FORMAT = "pagerduty-incidents";
/** What the key must allow: reading incidents and their log entries is all a pull does. */
const PERMISSION =
  "a valid REST API key that can read incidents (a read-only API key, or the OAuth scope incidents.read)";

type Json = Record<string, unknown>;

/**
 * PagerDuty REST v2 incidents with the log entries that time them, one
 * document per window of `window_days` (PagerDuty caps a `since`/`until`
 * range at 6 months, and classic pagination at 10,000 entries).
 *
 * Incidents change after they are created (acknowledged, resolved), so each
 * pull re-reads `lookback_days` before the cursor: the importer's upsert by
 * incident id makes the overlap harmless. Acknowledge and resolve times come
 * from `GET /log_entries?is_overview=true` over the pull's whole range, read
 * once, window by window: one request per 100 entries (an incident has a
 * handful of overview entries) rather than one request per incident with
 * `/incidents/{id}/log_entries`. An incident's entries all fall between its
 * creation and now, so every entry of a pulled incident is within the range.
 */
export const pagerdutyConnector: Connector<"pagerduty"> = {
  credentials: (source) => [source.token_env],
  formats: () => [FORMAT],

  async *pull({ source, cursors, credentials, now, http }): AsyncIterable<PullItem> {
    const request = requiring(
      http({
        service: "pagerduty",
        base: source.api_url,
        headers: {
          authorization: `Token token=${credentials[source.token_env] ?? ""}`,
          accept: "application/vnd.pagerduty+json;version=2",
        },
      }),
      PERMISSION,
    );
    const position = cursors.get(STREAM)?.position;
    const resumed = position ? Date.parse(position) : Number.NaN;
    const since = Number.isNaN(resumed)
      ? now - source.history_days * DAY_MS
      : resumed - source.lookback_days * DAY_MS;
    const windows = windowsOf(since, now, source.window_days * DAY_MS);
    const incidents = new Map<string, Json[]>();
    for (const window of windows)
      incidents.set(window.since, await listAll(request, "incidents", incidentQuery(source, window)));
    const pulled = new Set([...incidents.values()].flat().map((incident) => String(incident.id)));
    const entries = new Map<string, Json[]>();
    for (const window of windows)
      for (const entry of await listAll(request, "log_entries", logEntryQuery(source, window))) {
        const incident = (entry.incident as Json | undefined)?.id;
        if (typeof incident !== "string" || !pulled.has(incident)) continue;
        const listed = entries.get(incident);
        if (listed) listed.push(entry);
        else entries.set(incident, [entry]);
      }
    for (const window of windows) {
      const listed = incidents.get(window.since) ?? [];
      // A quiet window is no document: nothing to import, and no import to list.
      if (listed.length === 0) continue;
      const content = JSON.stringify({
        incidents: listed,
        log_entries: listed.flatMap((incident) => entries.get(String(incident.id)) ?? []),
        ...(source.severities ? { severities: source.severities } : {}),
      });
      yield {
        document: {
          format: FORMAT,
          content,
          stream: STREAM,
          url: `${source.api_url.replace(/\/$/, "")}/incidents`,
          window: { since: window.since, until: Date.parse(window.until) },
        },
      };
    }
    yield { end: { stream: STREAM, cursor: { position: new Date(now).toISOString(), etag: null } } };
  },
};

interface Window {
  since: string;
  until: string;
}

/** [since, until) cut into consecutive windows of at most `length`. */
function windowsOf(since: number, until: number, length: number): Window[] {
  const windows: Window[] = [];
  for (let start = since; start < until; start += length)
    windows.push({
      since: new Date(start).toISOString(),
      until: new Date(Math.min(start + length, until)).toISOString(),
    });
  return windows;
}

function incidentQuery(source: PagerDutySource, window: Window): URLSearchParams {
  const query = new URLSearchParams({ since: window.since, until: window.until, time_zone: "UTC" });
  // Every status: a resolved incident is the one whose times count.
  for (const status of ["triggered", "acknowledged", "resolved"]) query.append("statuses[]", status);
  for (const id of source.service_ids ?? []) query.append("service_ids[]", id);
  for (const id of source.team_ids ?? []) query.append("team_ids[]", id);
  for (const urgency of source.urgencies ?? []) query.append("urgencies[]", urgency);
  return query;
}

function logEntryQuery(source: PagerDutySource, window: Window): URLSearchParams {
  const query = new URLSearchParams({
    since: window.since,
    until: window.until,
    time_zone: "UTC",
    is_overview: "true",
  });
  for (const id of source.team_ids ?? []) query.append("team_ids[]", id);
  return query;
}

/**
 * Every page of a classic-paginated listing (`offset`, `limit`, `more`); the
 * next offset is past what came, as PagerDuty may answer fewer than asked.
 */
async function listAll(request: ApiRequest, key: string, query: URLSearchParams): Promise<Json[]> {
  const items: Json[] = [];
  for (;;) {
    if (items.length + PAGE > OFFSET_LIMIT)
      throw new SecmetricsError(
        "unavailable",
        `pagerduty: more than ${OFFSET_LIMIT - PAGE} ${key} between ${query.get("since")} and ${query.get("until")}, past what PagerDuty pages through`,
        "lower the source's window_days so that each window holds fewer",
      );
    const page = new URLSearchParams(query);
    page.set("limit", String(PAGE));
    page.set("offset", String(items.length));
    const { body } = await request("GET", `/${key}?${page}`);
    const listed = (body as Json | null)?.[key];
    if (!Array.isArray(listed))
      throw new SecmetricsError("unavailable", `pagerduty: GET /${key} answered without a ${key} list`);
    items.push(...listed.filter((item): item is Json => typeof item === "object" && item !== null));
    if ((body as Json).more !== true || listed.length === 0) return items;
  }
}
