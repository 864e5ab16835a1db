import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../model/period.ts";
import { deliveryIncrease, histogramQuantile, judgeTarget } from "./compute.ts";
import type { NotificationTally } from "./records.ts";

const MIN = 60_000;
const window = { start: 0, end: 60 * MIN };
const check = (minute: number, up = true) => ({ at: minute * MIN, up });

describe("monitoring_uptime: one target over an hour, interval 5 minutes", () => {
  it.each([
    // [case, checks, up minutes, down stretches as [from, to] minutes]
    ["a check every 5 minutes: up throughout", Array.from({ length: 12 }, (_, i) => check(i * 5)), 60, []],
    [
      "silent 20 minutes after minute 10: down 15 of them",
      [check(0), check(5), check(10), check(30), check(35), check(40), check(45), check(50), check(55)],
      45,
      [[15, 30]],
    ],
    [
      "a down sample at 30: down until the next check",
      [
        ...[0, 5, 10, 15, 20, 25].map((m) => check(m)),
        check(30, false),
        ...[40, 45, 50, 55].map((m) => check(m)),
      ],
      50,
      [[30, 40]],
    ],
    ["a check before the window covers its first minutes", [check(-2), check(3)], 8, [[8, 60]]],
    ["no check at all: down the whole window", [], 0, [[0, 60]]],
  ])("%s", (_case, checks, upMinutes, stretches) => {
    const judged = judgeTarget("t", checks, window, 5 * MIN);
    expect(judged.upMs / MIN).toBe(upMinutes);
    expect(judged.down.map((d) => [d.start / MIN, d.end / MIN])).toEqual(stretches);
  });
});

describe("alert_delivery_latency", () => {
  const tally = (
    at: string,
    sent: number,
    buckets: [number, number][],
    count: number,
  ): NotificationTally => ({
    kind: "notification_tally",
    feed: "prometheus",
    external_id: at,
    at: Date.parse(at),
    instance: "am",
    integration: "slack",
    sent,
    failed: 0,
    latency_buckets: buckets,
    latency_count: count,
  });
  const september = parsePeriod("2026-09", { timezone: "UTC", iterations: [] });

  it("counts a restart (a counter that went down) from zero, as PromQL's increase does", () => {
    // 09-01: 10 sent; 09-15: 30 (+20); restart, 09-20: 5 (+5); 10-01: 12 (+7) → 32.
    const series = [
      tally("2026-09-01T00:00:00Z", 10, [[1, 10]], 10),
      tally("2026-09-15T00:00:00Z", 30, [[1, 30]], 30),
      tally("2026-09-20T00:00:00Z", 5, [[1, 5]], 5),
      tally("2026-10-01T00:00:00Z", 12, [[1, 12]], 12),
      tally("2026-10-02T00:00:00Z", 99, [[1, 99]], 99),
    ];
    const increase = deliveryIncrease(series, september);
    expect([increase?.sent, increase?.observations, increase?.buckets]).toEqual([32, 32, [[1, 32]]]);
  });

  it("needs two scrapes by the period end", () => {
    expect(deliveryIncrease([tally("2026-09-10T00:00:00Z", 10, [], 0)], september)).toBeNull();
  });

  it.each([
    // [case, q, buckets, observations, by hand]
    [
      "within the first bucket, from 0: rank 2 of its 4",
      0.25,
      [
        [1, 4],
        [5, 8],
      ],
      8,
      0 + 1 * (2 / 4),
    ],
    [
      "between two bounds",
      0.75,
      [
        [1, 4],
        [5, 8],
      ],
      8,
      1 + 4 * ((6 - 4) / (8 - 4)),
    ],
    [
      "in the +Inf bucket: the highest finite bound",
      0.9,
      [
        [1, 4],
        [5, 8],
      ],
      10,
      5,
    ],
    ["no observation: none", 0.9, [], 0, null],
  ] as const)("quantile %s", (_case, q, buckets, observations, expected) => {
    expect(histogramQuantile(q, buckets, observations)).toBe(expected);
  });
});
