import { type FakeApi, startFakeApi } from "./fake-api.ts";

/**
 * A loopback PagerDuty REST v2 API: `GET /incidents` and `GET /log_entries`
 * as its published reference describes them (`since`/`until` on
 * `created_at`, `statuses[]`, `service_ids[]`, classic `offset`/`limit`
 * pagination with `more`), `Token token=` authorization and the v2 `Accept`
 * header checked, answered from the incidents and log entries given. Pages
 * hold at most `pageSize` items whatever `limit` asks, to exercise paging.
 */
export interface FakePagerDuty extends FakeApi {
  incidents: Record<string, unknown>[];
  logEntries: Record<string, unknown>[];
}

const OVERVIEW = new Set([
  "trigger_log_entry",
  "acknowledge_log_entry",
  "unacknowledge_log_entry",
  "resolve_log_entry",
  "escalate_log_entry",
  "assign_log_entry",
]);

export async function startFakePagerDuty(options: {
  token: string;
  incidents: Record<string, unknown>[];
  logEntries: Record<string, unknown>[];
  pageSize: number;
}): Promise<FakePagerDuty> {
  const { incidents, logEntries } = options;
  const api = await startFakeApi((method, url, _body, reply, req) => {
    if (req.headers.authorization !== `Token token=${options.token}`)
      return reply(401, { error: { message: "Unauthorized", code: 2006 } });
    if (req.headers.accept !== "application/vnd.pagerduty+json;version=2")
      return reply(406, { error: { message: "Not Acceptable", code: 2001 } });
    const query = url.searchParams;
    const since = Date.parse(query.get("since") ?? "");
    const until = Date.parse(query.get("until") ?? "");
    if (Number.isNaN(since) || Number.isNaN(until) || until - since > 183 * 86_400_000)
      return reply(400, {
        error: { message: "Invalid Input Provided", code: 2001, errors: ["Date range too large"] },
      });
    const within = (item: Record<string, unknown>) => {
      const created = Date.parse(String(item.created_at));
      return created >= since && created < until;
    };
    let listed: Record<string, unknown>[];
    let key: string;
    if (method === "GET" && url.pathname === "/incidents") {
      key = "incidents";
      const statuses = query.getAll("statuses[]");
      const services = query.getAll("service_ids[]");
      listed = incidents.filter(
        (incident) =>
          within(incident) &&
          (statuses.length === 0 || statuses.includes(String(incident.status))) &&
          (services.length === 0 || services.includes(String((incident.service as { id?: string }).id))),
      );
    } else if (method === "GET" && url.pathname === "/log_entries") {
      key = "log_entries";
      const overview = query.get("is_overview") === "true";
      listed = logEntries.filter((entry) => within(entry) && (!overview || OVERVIEW.has(String(entry.type))));
    } else return reply(404, { error: { message: "Not Found", code: 2100 } });
    const offset = Number(query.get("offset") ?? 0);
    const limit = Math.min(Number(query.get("limit") ?? 25), options.pageSize);
    reply(200, {
      [key]: listed.slice(offset, offset + limit),
      limit,
      offset,
      more: offset + limit < listed.length,
      total: null,
    });
  });
  return { ...api, incidents, logEntries };
}
