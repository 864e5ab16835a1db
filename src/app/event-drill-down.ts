import type { Config } from "../config/schema.ts";
import { feedsTrackingOwners, isActiveAccount, orphanReasons, tokenVerdict } from "../kpi/identity-access.ts";
import { isProduction, manualVerdict } from "../kpi/operational-hygiene.ts";
import type { EventRecord, HttpEvent } from "../model/events.ts";
import type { Period } from "../model/period.ts";
import type { Stored } from "../model/records.ts";
import { isBelowMinimum } from "../model/tls-protocol.ts";
import type { Store } from "../store/store.ts";
import type { DrillRow } from "./drill-down.ts";

type Fields = DrillRow["fields"];

/** The issue-4 metrics `drill` can show, and what each lists. */
export const EVENT_DRILL_METRICS = new Set([
  "failed_login_rate",
  "rate_limit_triggers",
  "unauthorized_access_attempts",
  "blocked_ips",
  "security_header_drift",
  "tls_downgrade_attempts",
  "privileged_accounts",
  "orphaned_accounts",
  "token_expiry_compliance",
  "config_drift_events",
  "manual_prod_changes",
  "failed_deployments",
  "rollbacks",
]);

/**
 * The records behind an issue-4 metric, with why each counts or not. `limit`
 * caps what is loaded; one more is asked for, to say that the list is cut.
 */
export async function eventDrillRows(
  store: Store,
  metricId: string,
  period: Period,
  config: Config,
  limit: number,
): Promise<DrillRow[]> {
  const page = { ...period, limit: limit + 1 };
  switch (metricId) {
    case "failed_login_rate":
      return (await store.events("auth_event", { ...page, where: { outcome: ["failure"] } })).map((e) =>
        row(e, e.at, {
          user: e.user,
          invalid_user: e.invalid_user,
          method: e.method,
          source_ip: e.source_ip,
          host: e.host,
        }),
      );
    case "unauthorized_access_attempts":
      return (
        await store.events("http_event", { ...page, where: { status: [401, 403], source: ["access"] } })
      ).map((e) => row(e, e.at, httpFields(e)));
    case "rate_limit_triggers":
      return rateLimitRows(await store.events("http_event", { ...page, where: { rate_limited: [1] } }));
    case "blocked_ips": {
      const seen = new Set<string>();
      const bans = await store.events("ban_event", {
        ...page,
        where: { action: ["ban", "restore_ban", "reban"] },
      });
      return bans.map((e) => {
        const first = !seen.has(e.ip);
        seen.add(e.ip);
        return row(
          e,
          e.at,
          { ip: e.ip, jail: e.jail, action: e.action },
          first,
          first ? null : "IP already counted",
        );
      });
    }
    case "security_header_drift":
      return (await store.latestProbeResults("headers", period.end)).flatMap((result) => {
        if (result.status !== "ok")
          return [
            row(result, result.checked_at, { url: result.target }, false, "probe failed: drift unknown"),
          ];
        const findings = Array.isArray(result.result.findings) ? result.result.findings : [];
        return findings.map((finding: Record<string, unknown>) => {
          const removal = finding.issue === "should_be_removed";
          return row(
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
    case "tls_downgrade_attempts": {
      const endpoints = (await store.latestProbeResults("tls", period.end)).map((result) => {
        const below = Array.isArray(result.result.below_minimum) ? result.result.below_minimum.join(" ") : "";
        const accepted = Array.isArray(result.result.accepted) ? result.result.accepted.join(" ") : "";
        const failed = result.status !== "ok";
        return row(
          result,
          result.checked_at,
          { endpoint: result.target, accepted, below_minimum: below },
          !failed && (result.drift ?? 0) > 0,
          failed ? "probe failed: versions unknown" : below ? null : "no version below the minimum",
        );
      });
      const minimum = config.probes.minimum_tls;
      const handshakes = (await store.events("tls_handshake", page)).map((h) => {
        const counted = h.protocol === null ? h.refused : isBelowMinimum(h.protocol, minimum);
        return row(
          h,
          h.at,
          {
            protocol: h.protocol,
            refused: h.refused,
            client_ip: h.client_ip,
            host: h.host,
            source: h.source,
          },
          counted,
          counted ? null : `not below the minimum ${minimum}`,
        );
      });
      return [...endpoints, ...handshakes];
    }
    case "privileged_accounts":
    case "orphaned_accounts": {
      const accounts = (await store.snapshot("account", period.end)).filter(isActiveAccount);
      const tracking = feedsTrackingOwners(accounts);
      return accounts.slice(0, limit + 1).map((a) => {
        const fields: Fields = {
          name: a.name,
          snapshot_at: iso(a.snapshot_at),
          privileged: a.privileged,
          owner: a.owner,
          owner_status: a.owner_status,
          last_used_at: iso(a.last_used_at),
        };
        if (metricId === "privileged_accounts")
          return row(
            a,
            a.snapshot_at,
            fields,
            a.privileged === true,
            a.privileged === null ? "privilege unknown" : null,
          );
        const reasons = orphanReasons(a, {
          orphanAfterDays: config.orphan_after_days,
          ownersTracked: tracking.has(a.feed),
        });
        return row(
          a,
          a.snapshot_at,
          fields,
          reasons.length > 0,
          reasons.length > 0 ? reasons.join(", ") : null,
        );
      });
    }
    case "token_expiry_compliance":
      return (await store.snapshot("token", period.end))
        .filter((t) => t.active)
        .slice(0, limit + 1)
        .map((t) => {
          const verdict = tokenVerdict(t, config.max_token_age_days);
          return row(
            t,
            t.snapshot_at,
            {
              account_id: t.account_id,
              type: t.token_type,
              created_at: iso(t.created_at),
              last_rotated_at: iso(t.last_rotated_at),
              expires_at: iso(t.expires_at),
              verdict,
            },
            verdict === "compliant",
            verdict === "unknown" ? "no creation, rotation or expiry time: left out" : null,
          );
        });
    case "config_drift_events":
      return (await store.events("change_event", page)).map((c) =>
        row(
          c,
          c.at,
          { address: c.address, change_type: c.change_type, action: c.action, replacement: c.replacement },
          c.change_type === "drift",
          c.change_type === "drift" ? null : "planned change, not drift",
        ),
      );
    case "manual_prod_changes":
    case "failed_deployments":
    case "rollbacks": {
      const deployments = await store.events("deployment", page);
      const shown =
        metricId === "manual_prod_changes"
          ? deployments.filter((d) => isProduction(d.environment))
          : metricId === "failed_deployments"
            ? deployments.filter((d) => d.status === "failure")
            : deployments.filter((d) => d.rollback_of !== null);
      return shown.map((d) => {
        const verdict = manualVerdict(d);
        const fields: Fields = {
          service: d.service,
          environment: d.environment,
          status: d.status,
          via_pipeline: d.via_pipeline,
          change_ticket: d.change_ticket,
          rollback_of: d.rollback_of,
        };
        if (metricId !== "manual_prod_changes") return row(d, d.started_at, fields);
        return row(
          d,
          d.started_at,
          fields,
          verdict === "manual",
          verdict === "unknown" ? "pipeline unknown: not counted" : null,
        );
      });
    }
    default:
      return [];
  }
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
    return row(e, e.at, httpFields(e), counted, counted ? null : `same rejection as the ${other} log's line`);
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

function row(
  record: Stored<EventRecord>,
  at: number,
  fields: Fields,
  counted = true,
  note: string | null = null,
): DrillRow {
  return {
    kind: record.kind,
    id: record.external_id,
    fields: { at: iso(at), ...fields },
    counted,
    note,
    provenance: record.provenance,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
