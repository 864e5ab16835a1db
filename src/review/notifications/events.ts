import type { RegisterEntry } from "../../app/exception-register.ts";
import type { KpiReport, MetricResult } from "../../app/kpi-report.ts";
import { actionItemState } from "../../domains/action-items/compute.ts";
import type { ActionItem } from "../../domains/action-items/records.ts";
import type { DrillRow } from "../../domains/drill-row.ts";
import { formatQuantity } from "../../model/format.ts";
import type { NotificationEventKind } from "../../model/notification-event-kinds.ts";
import type { Severity } from "../../model/severity.ts";
import type { Priority, Recommendation } from "../recommendation.ts";
import type { NotificationEvent } from "./notification-event.ts";

const DAY_MS = 86_400_000;

/** What the events of one run are found in: the period's review and what is in force now. */
export interface EventSources {
  kpis: KpiReport;
  /** The period's recommendations: an event of a metric they name takes their priority. */
  recommendations: readonly Recommendation[];
  /** The exceptions register in force at `at`. */
  exceptions: readonly RegisterEntry[];
  /** The drill-down rows of `new_deployments` for the period: its counted rows are the new contracts. */
  newContracts: readonly DrillRow[];
  /** The action item registers' latest snapshots before `at`: those open past their due date are overdue. */
  actionItems: readonly ActionItem[];
  /** Now: exceptions and action items are judged at it. */
  at: number;
  /** An exception in force expiring within this many days of `at` is `exception_expiring`. */
  exceptionExpiryDays: number;
}

type EventProducer = (sources: EventSources) => NotificationEvent[];

/** One producer per kind: the record type makes a new kind bring its own. */
const PRODUCERS: Readonly<Record<NotificationEventKind, EventProducer>> = {
  metric_worsening: worseningMetrics,
  source_stale: staleSources,
  exception_expiring: expiringExceptions,
  exception_expired: expiredExceptions,
  contract_unmonitored: unmonitoredContracts,
  action_item_overdue: overdueActionItems,
};

/** Every event of the run, kind by kind in the order of `NOTIFICATION_EVENT_KINDS`. */
export function notificationEvents(sources: EventSources): NotificationEvent[] {
  return Object.values(PRODUCERS).flatMap((produce) => produce(sources));
}

const SEVERITY_OF_PRIORITY: Readonly<Record<Priority, Severity>> = {
  High: "high",
  Medium: "medium",
  Low: "low",
};

/**
 * A metric whose trend is judged worsening: its latest value is beyond its
 * control limits or breaks a run rule, or Mann-Kendall finds a monotonic
 * rise (signal, not noise). Once per metric and period.
 */
function worseningMetrics({ kpis, recommendations }: EventSources): NotificationEvent[] {
  return kpis.metrics
    .filter((metric) => metric.trend === "worsening" && metric.status !== "stale")
    .map((metric) => {
      const recommendation = recommendations.find((r) => r.metric_id === metric.id);
      const value = formatQuantity(metric.value, metric.unit);
      return {
        key: `metric_worsening:${metric.id}:${kpis.period.id}`,
        kind: "metric_worsening",
        severity: recommendation ? SEVERITY_OF_PRIORITY[recommendation.priority] : "medium",
        title: `${metric.name} is getting worse: ${value} in ${kpis.period.id}`,
        text: recommendation
          ? `${recommendation.title}. ${recommendation.rationale}`
          : metric.trend_detail.reason,
        period: kpis.period.id,
        facts: metricFacts(metric, { value, trend: metric.trend_detail.reason }),
      };
    });
}

/**
 * The metrics whose data stopped within their cadence, one event per set of
 * sources that went silent at one instant (a family's metrics go stale
 * together). Keyed by where the data ends, so a source still silent a period
 * later is not sent again, and one that reports and falls silent again is.
 */
function staleSources({ kpis }: EventSources): NotificationEvent[] {
  const bySilence = new Map<string, MetricResult[]>();
  for (const metric of kpis.metrics.filter((m) => m.status === "stale")) {
    const silence = `${[...metric.sources].sort().join(",")}:${isoDate(metric.data_end) ?? "never"}`;
    bySilence.set(silence, [...(bySilence.get(silence) ?? []), metric]);
  }
  return [...bySilence].map(([silence, metrics]) => {
    const first = metrics[0] as MetricResult;
    const sources = first.sources.join(", ") || "its sources";
    const since = isoDate(first.data_end);
    return {
      key: `source_stale:${silence}`,
      kind: "source_stale",
      severity: "high",
      title: `${sources} ${since ? `silent since ${since}` : "never reported"}: ${metrics.length === 1 ? `${first.name} is` : `${metrics.length} metrics are`} stale`,
      text: `${capitalised(first.reason?.replace(/^stale:\s*/i, "") ?? "its sources have not reported within their cadence")}. A control that fails silently looks like a good number: restore the feed.`,
      period: kpis.period.id,
      facts: {
        metrics: metrics.map((m) => m.id).join(", "),
        sources,
        data_end: since ?? "none",
        ...(first.owner ? { owner: first.owner } : {}),
      },
    };
  });
}

/** An exception in force whose expiry falls within `exceptionExpiryDays`: once per exception and expiry date. */
function expiringExceptions(sources: EventSources): NotificationEvent[] {
  const horizon = sources.at + sources.exceptionExpiryDays * DAY_MS;
  return sources.exceptions
    .filter((e) => (e.state === "open" || e.state === "expiring") && e.expires_at !== null)
    .filter((e) => Date.parse(e.expires_at as string) <= horizon)
    .map((e) => exceptionEvent(e, sources, "exception_expiring", "medium"));
}

/** An approved exception past its expiry, neither renewed nor closed: once per exception and expiry date. */
function expiredExceptions(sources: EventSources): NotificationEvent[] {
  return sources.exceptions
    .filter((e) => e.state === "expired")
    .map((e) => exceptionEvent(e, sources, "exception_expired", "high"));
}

function exceptionEvent(
  entry: RegisterEntry,
  { kpis, at }: EventSources,
  kind: "exception_expiring" | "exception_expired",
  severity: Severity,
): NotificationEvent {
  const expires = (entry.expires_at as string).slice(0, 10);
  const days = Math.floor((Date.parse(entry.expires_at as string) - at) / DAY_MS);
  const name = `Exception ${entry.id}${entry.title ? ` (${entry.title})` : ""}`;
  return {
    key: `${kind}:${entry.feed}/${entry.id}:${expires}`,
    kind,
    severity,
    title:
      kind === "exception_expired"
        ? `${name} expired on ${expires}`
        : `${name} expires on ${expires}, in ${days === 1 ? "1 day" : `${days} days`}`,
    text:
      kind === "exception_expired"
        ? "What it covered counts again. Renew it through review, or fix what it covers."
        : "Renew it through review before it lapses, or fix what it covers.",
    period: kpis.period.id,
    facts: {
      exception: entry.id,
      expires,
      ...(entry.owner ? { owner: entry.owner } : {}),
      ...(entry.ticket ? { ticket: entry.ticket } : {}),
      register: entry.source.file_name,
    },
  };
}

/**
 * Each contract new in the deployments registry over the period that no
 * monitor of the latest configuration watches (its drill row names none).
 * Keyed by chain and address, so a contract is announced once, whatever the period.
 */
function unmonitoredContracts({ kpis, newContracts }: EventSources): NotificationEvent[] {
  return newContracts
    .filter((row) => row.counted && !row.fields.monitored_by)
    .map((row) => {
      const chain = String(row.fields.chain_id);
      const address = String(row.fields.address);
      const name = typeof row.fields.name === "string" ? `${row.fields.name} ` : "";
      return {
        key: `contract_unmonitored:${chain}:${address}`,
        kind: "contract_unmonitored",
        severity: "high",
        title: `New contract ${name}${address} on chain ${chain} is not monitored yet`,
        text: "A contract no monitor watches can be paused, upgraded or drained unnoticed: alert on its events, its admin calls and its balance.",
        period: kpis.period.id,
        facts: {
          chain_id: chain,
          address,
          ...(typeof row.fields.deployed_at === "string" ? { deployed_at: row.fields.deployed_at } : {}),
          registry: row.provenance.file_name,
        },
      };
    });
}

/**
 * An action item open or in progress past its due date at `at`, as its
 * metrics judge it. Once per item and due date, so an item whose due date
 * is moved and missed again is announced again.
 */
function overdueActionItems({ kpis, actionItems, at }: EventSources): NotificationEvent[] {
  return actionItems
    .filter((item) => actionItemState(item, at) === "overdue")
    .map((item) => {
      const due = isoDate(item.due_at) as string;
      const days = Math.floor((at - (item.due_at as number)) / DAY_MS);
      const origin = item.origin_ref ? `${item.origin} ${item.origin_ref}` : item.origin;
      return {
        key: `action_item_overdue:${item.feed}/${item.external_id}:${due}`,
        kind: "action_item_overdue",
        severity: "medium",
        title: `Action item ${item.external_id} (${item.title}) is overdue: due ${due}, ${days === 1 ? "1 day" : `${days} days`} ago`,
        text: "The risk it was decided against stays until it is done: finish it, or agree a new due date with its owner.",
        period: kpis.period.id,
        facts: {
          action_item: item.external_id,
          due,
          origin,
          ...(item.owner ? { owner: item.owner } : {}),
          ...(item.ticket ? { ticket: item.ticket } : {}),
        },
      };
    });
}

function metricFacts(metric: MetricResult, facts: Record<string, string>): Record<string, string> {
  return { metric: metric.id, ...facts, ...(metric.owner ? { owner: metric.owner } : {}) };
}

function capitalised(text: string): string {
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}

function isoDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}
