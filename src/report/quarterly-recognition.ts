import type { MetricResult } from "../app/kpi-report.ts";
import { formatQuantity } from "../model/format.ts";
import type { QuarterlyTable } from "./model.ts";
import type { QuarterlySectionBuilder } from "./quarterly-section.ts";

type Move = "improved" | "worsened" | "unchanged";

interface OwnerTally {
  owner: string;
  improved: string[];
  worsened: number;
}

/**
 * Rewards good behaviour: the owners whose metrics improved most over the
 * quarter. A metric improved when its value in the quarter's last month is
 * better, in its direction, than in the month before the quarter began
 * (higher for `up`, lower for `down` and `zero`), both measured and
 * neither stale; `stable` and `tracked` metrics have no better side.
 * An owner is listed when more of their metrics improved than worsened,
 * ranked by improved minus worsened, then by improved.
 */
export const recognition: QuarterlySectionBuilder = async ({ monthly, months }) => {
  const first = months[0];
  const before = first ? previousMonthId(monthly, first.id) : null;
  return recognitionTable(monthly.metrics, before);
};

/** The month just before `firstMonth` in the KPIs' history, when the history reaches it. */
function previousMonthId(monthly: { metrics: readonly MetricResult[] }, firstMonth: string): string | null {
  const periods = monthly.metrics[0]?.history.map((point) => point.period) ?? [];
  const index = periods.indexOf(firstMonth);
  return index > 0 ? (periods[index - 1] ?? null) : null;
}

export function recognitionTable(
  metrics: readonly MetricResult[],
  baselineMonth: string | null,
): QuarterlyTable {
  const tallies = new Map<string, OwnerTally>();
  for (const metric of metrics) {
    const baseline = metric.history.find((point) => point.period === baselineMonth);
    if (metric.owner === null || !baseline) continue;
    const from = baseline.status === "stale" ? null : baseline.value;
    const to = metric.status === "stale" ? null : metric.value;
    const move = moveOf(metric.direction, from, to);
    if (move === "unchanged") continue;
    const tally = tallies.get(metric.owner) ?? { owner: metric.owner, improved: [], worsened: 0 };
    if (move === "improved")
      tally.improved.push(
        `${metric.name} ${formatQuantity(from, metric.unit)} → ${formatQuantity(to, metric.unit)}`,
      );
    else tally.worsened++;
    tallies.set(metric.owner, tally);
  }
  const ranked = [...tallies.values()]
    .filter((tally) => tally.improved.length > tally.worsened)
    .sort(
      (a, b) =>
        b.improved.length - b.worsened - (a.improved.length - a.worsened) ||
        b.improved.length - a.improved.length ||
        a.owner.localeCompare(b.owner),
    );
  return {
    id: "recognition",
    title: "Reward Good Behaviour",
    definition: `Owners whose metrics improved over the quarter: a metric improved when its value in the quarter's last month is better, in its direction, than ${baselineMonth ? `in ${baselineMonth}` : "in the month before the quarter"} (both measured, neither stale). Listed when more improved than worsened, ranked by improved minus worsened.`,
    columns: ["Owner", "Improved", "Worsened", "What improved"],
    rows: ranked.map((tally) => [
      tally.owner,
      String(tally.improved.length),
      String(tally.worsened),
      tally.improved.join("; "),
    ]),
    empty: baselineMonth
      ? "No owner had more metrics improve than worsen over the quarter."
      : "The KPI history does not reach the month before the quarter: raise `history` in the config.",
  };
}

function moveOf(direction: MetricResult["direction"], from: number | null, to: number | null): Move {
  if (from === null || to === null || from === to) return "unchanged";
  if (direction === "up") return to > from ? "improved" : "worsened";
  if (direction === "down" || direction === "zero") return to < from ? "improved" : "worsened";
  return "unchanged";
}
