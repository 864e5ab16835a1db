import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, recordRow } from "../drill-row.ts";
import { isDowngrade, isDrift } from "./compute.ts";
import { latestProbeResults, SELECTIONS } from "./queries.ts";
import {
  AUTH_EVENT,
  type AuthEvent,
  BAN_EVENT,
  type BanEvent,
  HTTP_EVENT,
  type HttpEvent,
  TLS_HANDSHAKE,
  type TlsHandshake,
} from "./records.ts";

type Fields = DrillRow["fields"];

export async function failedLoginDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
) {
  const failures = await store.records<AuthEvent>(AUTH_EVENT.kind, {
    ...period,
    where: SELECTIONS.failed_logins,
    limit: limit + 1,
  });
  return failures.map((e) =>
    recordRow(e, e.at, {
      user: e.user,
      invalid_user: e.invalid_user,
      method: e.method,
      source_ip: e.source_ip,
      host: e.host,
    }),
  );
}

export async function httpDrill(store: Store, metricId: string, { period }: DrillContext, limit: number) {
  const page = { ...period, limit: limit + 1 };
  if (metricId === "unauthorized_access_attempts") {
    const denied = await store.records<HttpEvent>(HTTP_EVENT.kind, {
      ...page,
      where: SELECTIONS.unauthorized,
    });
    return denied.map((e) => recordRow(e, e.at, httpFields(e)));
  }
  return rateLimitRows(
    await store.records<HttpEvent>(HTTP_EVENT.kind, { ...page, where: SELECTIONS.rate_limited }),
  );
}

/** Per client IP and second, the log with more lines is counted; the other log's lines are the same rejections. */
function rateLimitRows(events: Stored<HttpEvent>[]): DrillRow[] {
  const counts = new Map<string, { access: number; error: number }>();
  const key = (e: HttpEvent) => `${e.client_ip}|${Math.floor(e.at / 1000)}`;
  for (const e of events) {
    const c = counts.get(key(e)) ?? { access: 0, error: 0 };
    c[e.source]++;
    counts.set(key(e), c);
  }
  return events.map((e) => {
    const c = counts.get(key(e)) ?? { access: 0, error: 0 };
    const counted = e.source === "access" ? c.access >= c.error : c.error > c.access;
    const other = e.source === "access" ? "error" : "access";
    return recordRow(
      e,
      e.at,
      httpFields(e),
      counted,
      counted ? null : `same rejection as the ${other} log's line`,
    );
  });
}

function httpFields(e: HttpEvent): Fields {
  return {
    status: e.status,
    method: e.method,
    path: e.path,
    client_ip: e.client_ip,
    host: e.host,
    source: e.source,
  };
}

/** Every ban of the period; an IP banned again is listed but counted once. */
export async function banDrill(store: Store, _metricId: string, { period }: DrillContext, limit: number) {
  const seen = new Set<string>();
  const bans = await store.records<BanEvent>(BAN_EVENT.kind, {
    ...period,
    where: SELECTIONS.bans,
    limit: limit + 1,
  });
  return bans.map((e) => {
    const first = !seen.has(e.ip);
    seen.add(e.ip);
    return recordRow(
      e,
      e.at,
      { ip: e.ip, jail: e.jail, action: e.action },
      first,
      first ? null : "IP already counted",
    );
  });
}

export async function headerDrill(store: Store, _metricId: string, { period }: DrillContext) {
  const results = await store.read((q) => latestProbeResults(q, "headers", period.end));
  return results.flatMap((result) => {
    if (result.status !== "ok")
      return [
        recordRow(result, result.checked_at, { url: result.target }, false, "probe failed: drift unknown"),
      ];
    const findings = Array.isArray(result.result.findings) ? result.result.findings : [];
    return findings.map((finding: Record<string, unknown>) => {
      const removal = !isDrift(finding);
      return recordRow(
        result,
        result.checked_at,
        {
          url: result.target,
          header: String(finding.header),
          issue: String(finding.issue),
          expected: (finding.expected as string | null) ?? null,
          actual: (finding.actual as string | null) ?? null,
        },
        !removal,
        removal ? "should be removed: named, not counted as drift" : null,
      );
    });
  });
}

/** The latest probe of each endpoint, then every handshake logged in the period. */
export async function tlsDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
) {
  const endpoints = (await store.read((q) => latestProbeResults(q, "tls", period.end))).map((result) => {
    const below = Array.isArray(result.result.below_minimum) ? result.result.below_minimum.join(" ") : "";
    const accepted = Array.isArray(result.result.accepted) ? result.result.accepted.join(" ") : "";
    const failed = result.status !== "ok";
    return recordRow(
      result,
      result.checked_at,
      { endpoint: result.target, accepted, below_minimum: below },
      !failed && (result.drift ?? 0) > 0,
      failed ? "probe failed: versions unknown" : below ? null : "no version below the minimum",
    );
  });
  const minimum = config.probes.minimum_tls;
  const logged = await store.records<TlsHandshake>(TLS_HANDSHAKE.kind, { ...period, limit: limit + 1 });
  const handshakes = logged.map((h) => {
    const counted = isDowngrade(h, minimum);
    return recordRow(
      h,
      h.at,
      { protocol: h.protocol, refused: h.refused, client_ip: h.client_ip, host: h.host, source: h.source },
      counted,
      counted ? null : `not below the minimum ${minimum}`,
    );
  });
  return [...endpoints, ...handshakes];
}
