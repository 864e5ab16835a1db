/**
 * The yardstick for `secmetrics kpis`: the detection-and-response KPIs of a
 * period and its history, written in plain SQL for the `sqlite3` and `psql`
 * command-line clients. Per period: the alert tally (alerts, escalated,
 * triaged, false positives); production incidents, drills, unknown severity,
 * SEV1 and P0/P1 counts; recovered within the SLA and judged; for each of
 * MTTD, MTTA, MTTR and MTTRec (and apart for drills) the count, mean, median
 * and nearest-rank p90 of closed durations and the open count and oldest
 * open age; then where each table's data begins and ends and each format's
 * last import, as `kpis` reads them.
 *
 * Written as fast as plain SQL allows, so the ratio against it is a fair
 * one: each period's alert tally is its own range read of the covering
 * index, the terms joined by UNION ALL (a GROUP BY over a join with the
 * periods sorts every alert, twice as slow), counted with FILTER (a fifth
 * faster than sums of CASE); `min` and `max` of a column in separate
 * subqueries (together in one select they scan the table).
 */
import { DEFAULT_INCIDENT_SLA, DURATION_PAIRS } from "../src/domains/detection-response/compute.ts";
import type { Period } from "../src/model/period.ts";

export type YardstickEngine = "sqlite" | "postgres";

export function yardstickSql(periods: readonly Period[], now: number, engine: YardstickEngine): string {
  const periodRows = periods
    .map((p, i) => `select ${i} as p, ${p.start} as s, ${p.end} as e`)
    .join(" union all ");
  const withPeriods = `with periods as (${periodRows})`;
  const tally = periods
    .map(
      (p, i) =>
        `select ${i} as p, count(*) as alerts, count(*) filter (where incident_id is not null) as escalated,` +
        ` count(*) filter (where disposition <> 'open') as triaged,` +
        ` count(*) filter (where disposition = 'false_positive') as false_positive` +
        ` from alerts where created_at >= ${p.start} and created_at < ${p.end}`,
    )
    .join("\nunion all ");
  const slaMs = `case severity ${Object.entries(DEFAULT_INCIDENT_SLA)
    .map(([severity, seconds]) => `when '${severity}' then ${seconds * 1000}`)
    .join(" ")} end`;
  const least = engine === "sqlite" ? "min" : "least";
  const pairs = Object.entries(DURATION_PAIRS)
    .map(
      ([metric, [from, to]]) =>
        `select p, synthetic, '${metric}' as metric, ${from} as a, ${to} as b from inc`,
    )
    .join(" union all ");
  const bounds = (table: string, column: string) =>
    `select (select min(${column}) from ${table}), (select max(${column}) from ${table});`;
  return `${tally};
${withPeriods},
inc as (select p.p, p.e, i.* from periods p join incidents i on i.detected_at >= p.s and i.detected_at < p.e)
select p, sum(case when synthetic = 0 then 1 else 0 end) as incidents, sum(synthetic) as drills,
  sum(case when synthetic = 0 and severity is null then 1 else 0 end) as unknown_severity,
  sum(case when synthetic = 0 and severity = 'critical' then 1 else 0 end) as sev1,
  sum(case when synthetic = 0 and severity in ('critical', 'high') then 1 else 0 end) as p0_p1,
  sum(case when synthetic = 0 and recovered_at <= detected_at + ${slaMs} then 1 else 0 end) as within_sla,
  sum(case when synthetic = 0 and severity is not null
    and (recovered_at is not null or detected_at + ${slaMs} < ${least}(${now}, e)) then 1 else 0 end) as sla_judged
from inc group by p order by p;
${withPeriods},
inc as (select p.p, i.* from periods p join incidents i on i.detected_at >= p.s and i.detected_at < p.e),
pairs as (${pairs}),
ranked as (select p, synthetic, metric, (b - a) / 1000.0 as d,
  row_number() over (partition by p, synthetic, metric order by b - a) as r,
  count(*) over (partition by p, synthetic, metric) as n
  from pairs where a is not null and b is not null),
closed as (select p, synthetic, metric, max(n) as n, avg(d) as mean,
  avg(case when r in ((n + 1) / 2, (n + 2) / 2) then d end) as median,
  max(case when r = (90 * n + 99) / 100 then d end) as p90
  from ranked group by p, synthetic, metric),
open as (select p, synthetic, metric, count(*) as open, max(${now} - a) / 1000.0 as oldest_open_age
  from pairs where a is not null and b is null group by p, synthetic, metric)
select c.*, o.open, o.oldest_open_age from closed c left join open o
  on o.p = c.p and o.synthetic = c.synthetic and o.metric = c.metric
order by c.p, c.synthetic, c.metric;
${bounds("alerts", "created_at")}
${bounds("incidents", "detected_at")}
select format, max(imported_at) from imports group by format;
`;
}
