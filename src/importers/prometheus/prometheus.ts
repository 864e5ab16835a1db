import type { LatencyBucket, MonitorCheck, NotificationTally } from "../../domains/monitor-health/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { lineLog } from "../shared/readers.ts";
import { parseExpositionLine, type Sample } from "./exposition.ts";

type HealthItem = RecordItem<MonitorCheck | NotificationTally>;

const FEED = "prometheus";

/** The series that say a monitoring component answered the scrape: it was up at that instant. */
const BUILD_INFO: Record<string, string> = {
  prometheus_build_info: "prometheus",
  alertmanager_build_info: "alertmanager",
};

/** The notification counters read, by series: which sender, and which count of the tally it adds to. */
const COUNTERS: Record<string, { sender: string; count: "sent" | "failed"; by: string }> = {
  alertmanager_notifications_total: { sender: "alertmanager", count: "sent", by: "integration" },
  alertmanager_notifications_failed_total: { sender: "alertmanager", count: "failed", by: "integration" },
  prometheus_notifications_sent_total: { sender: "prometheus", count: "sent", by: "alertmanager" },
  prometheus_notifications_errors_total: { sender: "prometheus", count: "failed", by: "alertmanager" },
};
const LATENCY_BUCKET = "alertmanager_notification_latency_seconds_bucket";

/**
 * A scrape of the monitoring stack's own metrics (`prometheus-metrics`),
 * in the Prometheus text format or OpenMetrics: what `curl
 * http://alertmanager:9093/metrics` or `promtool tsdb dump-openmetrics`
 * writes. Read: the `up` series (one check of `job/instance` per sample),
 * `prometheus_build_info` and `alertmanager_build_info` (the component
 * answered: a check of it, up), Alertmanager's
 * `alertmanager_notifications_total`, `…_failed_total` (summed over
 * `reason`) and `alertmanager_notification_latency_seconds` histogram per
 * integration, and Prometheus' `prometheus_notifications_sent_total` and
 * `…_errors_total` per Alertmanager. A sample is placed at its own
 * timestamp, else at `--scanned-at`, the instant of the scrape. The sender
 * is the `instance` label, else `--target`, else `prometheus` or
 * `alertmanager`. Identity: a check's `target|instant`, a tally's
 * `sender|integration|instant`. A line that does not parse refuses the file.
 */
export const prometheusMetrics = defineImporter({
  id: "prometheus-metrics",
  title: "Prometheus or Alertmanager metrics scrape (text exposition format or OpenMetrics)",
  feed: FEED,
  kinds: ["monitor_check", "notification_tally"],
  identityOptions: ["target", "scannedAt"],
  detect: (sample) =>
    (/^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* [a-z]+\s*$/m.test(sample.head) || /^# EOF\s*$/m.test(sample.head)) &&
    /^(up|(prometheus|alertmanager)_[a-z_]+)(\{| )/m.test(sample.head),
  read: lineLog(async function* (chunks, ctx): AsyncIterable<HealthItem> {
    const tallies = new Map<string, { line: number; tally: NotificationTally }>();
    let found = 0;
    for await (const chunk of chunks) {
      for (const unreadable of chunk.unreadable) yield { line: unreadable.line, problem: unreadable.skipped };
      for (const { line, text } of chunk.lines) {
        const parsed = parseExpositionLine(text);
        if (parsed.kind === "problem") {
          // A line that does not parse may be the series sought: the file is refused for it, not for lacking them.
          found++;
          yield { line, problem: parsed.reason };
          continue;
        }
        if (parsed.kind !== "sample") continue;
        const read = checkOf(parsed.sample, ctx) ?? tallyOf(parsed.sample, ctx, tallies, line);
        if (read === null) continue;
        found++;
        if ("problem" in read) yield { line, problem: read.problem };
        else if (read.record !== null) yield { line, record: read.record };
      }
    }
    for (const { line, tally } of tallies.values())
      yield { line, record: { ...tally, latency_buckets: sorted(tally.latency_buckets) } };
    if (found === 0)
      throw new InvalidInputError(ctx.file, [
        { line: 1, reason: "no up series, build info or notification counter of Prometheus or Alertmanager" },
      ]);
  }),
});

type Read<T> = { record: T } | { problem: string };

/** The instant a sample is placed at: its own timestamp, else the scrape's. */
function instantOf(sample: Sample, ctx: ImportContext): number | null {
  return sample.timestamp ?? ctx.scannedAt ?? null;
}

const NO_TIME = "no timestamp on the sample and no scrape time (pass --scanned-at)";

/** A check of a component from `up` or a build info series; null for any other series. */
function checkOf(sample: Sample, ctx: ImportContext): Read<MonitorCheck> | null {
  const component = BUILD_INFO[sample.name];
  if (sample.name !== "up" && component === undefined) return null;
  const at = instantOf(sample, ctx);
  if (at === null) return { problem: NO_TIME };
  const target =
    sample.name === "up"
      ? [sample.labels.job, sample.labels.instance]
          .filter((part) => part !== undefined && part !== "")
          .join("/")
      : (sample.labels.instance ?? ctx.target ?? component ?? "");
  if (target === "") return { problem: "up: no job nor instance label" };
  const up = sample.name === "up" ? sample.value === 1 : true;
  return {
    record: {
      kind: "monitor_check",
      feed: FEED,
      external_id: `${target}|${at}`,
      at,
      target,
      up,
      source: "scrape",
    },
  };
}

/** Adds a notification counter or latency bucket to its tally; null for any other series. */
function tallyOf(
  sample: Sample,
  ctx: ImportContext,
  tallies: Map<string, { line: number; tally: NotificationTally }>,
  line: number,
): Read<null> | null {
  const counter = COUNTERS[sample.name];
  if (counter === undefined && sample.name !== LATENCY_BUCKET) return null;
  const sender = counter?.sender ?? "alertmanager";
  const by = counter?.by ?? "integration";
  const key = sample.labels[by];
  if (key === undefined) return { problem: `${sample.name}: no ${by} label` };
  const at = instantOf(sample, ctx);
  if (at === null) return { problem: NO_TIME };
  const instance = sample.labels.instance ?? ctx.target ?? sender;
  const integration = sender === "prometheus" ? `alertmanager ${key}` : key;
  const id = `${instance}|${integration}|${at}`;
  const entry = tallies.get(id) ?? {
    line,
    tally: {
      kind: "notification_tally" as const,
      feed: FEED,
      external_id: id,
      at,
      instance,
      integration,
      sent: 0,
      failed: 0,
      latency_buckets: [],
      latency_count: 0,
    },
  };
  tallies.set(id, entry);
  if (counter !== undefined) {
    entry.tally[counter.count] += sample.value;
    return { record: null };
  }
  const le = Number(sample.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : sample.labels.le);
  if (Number.isNaN(le) || sample.labels.le === undefined)
    return { problem: `${sample.name}: no numeric le label` };
  if (le === Number.POSITIVE_INFINITY) entry.tally.latency_count = sample.value;
  else entry.tally.latency_buckets.push([le, sample.value]);
  return { record: null };
}

function sorted(buckets: LatencyBucket[]): LatencyBucket[] {
  return [...buckets].sort((a, b) => a[0] - b[0]);
}
