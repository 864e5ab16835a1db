import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { MonitorCheck, NotificationTally } from "../../domains/monitor-health/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { prometheusMetrics } from "./prometheus.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCRAPED = Date.parse("2026-09-01T00:00:00Z");

async function parse(input: Readable, options: Partial<ImportContext> = {}) {
  const items: RecordItem<MonitorCheck | NotificationTally>[] = [];
  const ctx = { timezone: "UTC", file: "scrape.prom", scannedAt: SCRAPED, ...options };
  for await (const item of prometheusMetrics.parse(input, ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    checks: records.filter((r): r is MonitorCheck => r.kind === "monitor_check"),
    tallies: records.filter((r): r is NotificationTally => r.kind === "notification_tally"),
    problems: items.flatMap((item) => ("problem" in item ? [[item.line, item.problem]] : [])),
  };
}
const file = (name: string) => createReadStream(fixture(name));

describe("prometheus-metrics", () => {
  it.each([
    "prometheus-demo-self-scrape.prom",
    "promtool-dump-openmetrics.prom",
    "alertmanager-2026-09-01.prom",
  ])("detects %s", async (name) => {
    const head = (await readFile(fixture(name), "utf8")).slice(0, 65536);
    expect(detectImporter({ name, head }).id).toBe("prometheus-metrics");
  });

  it("reads Prometheus' own scrape: it answered, and what it sent its Alertmanager", async () => {
    const { checks, tallies, problems } = await parse(file("prometheus-demo-self-scrape.prom"));
    expect(problems).toEqual([]);
    // prometheus_build_info, no instance label: the sender's name, at the scrape time.
    expect(checks.map((c) => [c.target, c.at, c.up])).toEqual([["prometheus", SCRAPED, true]]);
    // grep prometheus_notifications_sent_total / _errors_total → 141616 and 0.
    expect(tallies.map((t) => [t.instance, t.integration, t.sent, t.failed, t.latency_buckets])).toEqual([
      ["prometheus", "alertmanager http://demo.do.prometheus.io:9093/api/v2/alerts", 141616, 0, []],
    ]);
  });

  it("reads promtool's OpenMetrics dump: each up sample at its own instant", async () => {
    const { checks } = await parse(file("promtool-dump-openmetrics.prom"));
    // grep '^up' → 4 samples, all 1, timestamps in seconds.
    expect(checks.map((c) => [c.target, c.at, c.up])).toEqual([
      ["example2/localhost:8000", 1700226034330, true],
      ["example2/localhost:8000", 1700226094329, true],
      ["example3/localhost:8000", 1700210681366, true],
      ["example3/localhost:8000", 1700210686366, true],
    ]);
  });

  it("sums Alertmanager's failures over their reasons and keeps its latency buckets per integration", async () => {
    const { tallies } = await parse(file("alertmanager-2026-10-01.prom"), { target: "am-1:9093" });
    expect(tallies.map((t) => [t.external_id, t.sent, t.failed, t.latency_count])).toEqual([
      ["am-1:9093|email|1788220800000", 30, 2, 30],
      ["am-1:9093|pagerduty|1788220800000", 5, 0, 5],
      ["am-1:9093|slack|1788220800000", 100, 5, 100],
    ]);
    expect(tallies[2]?.latency_buckets).toEqual([
      [1, 55],
      [5, 91],
      [10, 98],
      [15, 100],
      [20, 100],
    ]);
  });

  it("refuses a line that does not parse, a sample with no time, and a scrape of something else", async () => {
    const bad = await parse(Readable.from([Buffer.from('# TYPE up gauge\nup{job="a"} 1\nup{job="a" 1\n')]));
    expect(bad.problems).toEqual([[3, "up: label job: expected , or } after its value"]]);
    const timeless = await parse(Readable.from([Buffer.from('# TYPE up gauge\nup{job="a"} 1\n')]), {
      scannedAt: undefined,
    });
    expect(timeless.problems).toEqual([
      [2, "no timestamp on the sample and no scrape time (pass --scanned-at)"],
    ]);
    await expect(
      parse(Readable.from([Buffer.from("# TYPE node_load1 gauge\nnode_load1 0.5\n")])),
    ).rejects.toThrow(InvalidInputError);
  });
});
