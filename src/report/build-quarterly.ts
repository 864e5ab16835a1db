import { type ComputeContext, computeKpis } from "../app/compute-kpis.ts";
import type { KpiReport, MetricResult } from "../app/kpi-report.ts";
import { parseQuarter } from "../app/quarterly-review.ts";
import { formatInstant, formatQuantity } from "../model/format.ts";
import { CATEGORIES, CATEGORY_NAMES } from "../model/metric-definition.ts";
import { type Period, periodContaining, periodsFromTo } from "../model/period.ts";
import { missedQuarterlyReview } from "../review/missed-quarterly-review.ts";
import { createQuarterlyReviewStore, type QuarterlyReview } from "../store/quarterly-review-store.ts";
import type { Store } from "../store/store.ts";
import { metricRow } from "./build.ts";
import type {
  QuarterlyReport,
  QuarterlyTable,
  QuarterReviewStatus,
  QuarterTrendCategory,
  ReportSection,
} from "./model.ts";
import { QUARTERLY_SECTIONS } from "./quarterly-sections.ts";
import { reportInput } from "./report-input.ts";

/**
 * The quarterly review meeting pack of `quarterId` (`2026-Q3`): who reviewed
 * it, each category's metrics month by month with their trend, the program
 * metrics over the quarter, the tables of `QUARTERLY_SECTIONS` (what was
 * learned, what is overdue, who did well), the overall risk and the
 * recommendations of the quarter, a missing review among them.
 */
export async function buildQuarterlyReport(
  store: Store,
  quarterId: string,
  ctx: ComputeContext,
): Promise<QuarterlyReport> {
  const { config } = ctx;
  const quarter = parseQuarter(quarterId, config);
  const periodContext = { timezone: config.timezone, iterations: config.iterations };
  const months = periodsFromTo(
    periodContaining(quarter.start, "month", periodContext),
    periodContaining(quarter.end - 1, "month", periodContext),
    periodContext,
  );
  const lastMonth = months[months.length - 1] as Period;
  const monthly = await computeKpis(store, lastMonth.id, ctx);
  const quarterly = await computeKpis(store, quarter.id, ctx);
  const input = await reportInput(store, quarterly, config);
  const source = { store, quarter, months, monthly, timezone: config.timezone, config };
  const sections: QuarterlyTable[] = [];
  for (const build of QUARTERLY_SECTIONS) sections.push(await build(source));
  const review = reviewStatus(
    await createQuarterlyReviewStore(store).reviews(quarter.id),
    quarter,
    ctx.now,
    config.timezone,
  );
  const programOwner = input.categoryOwners.program ?? null;
  return {
    kind: "quarterly",
    title: `Quarterly Security Review — ${quarter.id}`,
    organisation: config.organisation,
    period: {
      id: quarter.id,
      start: new Date(quarter.start).toISOString(),
      end: new Date(quarter.end).toISOString(),
    },
    generated_at: new Date(quarterly.generated_at).toISOString(),
    timezone: config.timezone,
    months: months.map((month) => month.id),
    review,
    trends: quarterTrends(monthly, months, input.categoryOwners),
    program: programSection(quarterly),
    sections,
    posture: input.review.posture,
    recommendations: [
      ...(review.missing ? [missedQuarterlyReview(quarter.id, programOwner)] : []),
      ...input.review.recommendations,
    ],
  };
}

function reviewStatus(
  reviews: readonly QuarterlyReview[],
  quarter: Period,
  now: number,
  zone: string,
): QuarterReviewStatus {
  const shown = reviews.map((review) => ({
    reviewed_by: review.reviewed_by,
    reviewed_at: new Date(review.reviewed_at).toISOString(),
    decisions: review.decisions,
  }));
  const missing = reviews.length === 0 && now >= quarter.end;
  const summary =
    reviews.length > 0
      ? `Reviewed by ${reviews.map((review) => `${review.reviewed_by} on ${formatInstant(review.reviewed_at, zone)}`).join(", and by ")}.`
      : missing
        ? `Not reviewed: ${quarter.id} has ended and no review is recorded.`
        : `${quarter.id} has not ended yet; no review recorded so far.`;
  return { reviews: shown, missing, summary };
}

/** Each category's metrics with a value in at least one month of the quarter, in the catalog's order. */
function quarterTrends(
  monthly: KpiReport,
  months: readonly Period[],
  owners: Partial<Record<string, string>>,
): QuarterTrendCategory[] {
  return CATEGORIES.map((id) => ({
    id,
    name: CATEGORY_NAMES[id],
    owner: owners[id] ?? null,
    rows: monthly.metrics
      .filter((metric) => metric.category === id)
      .flatMap((metric) => {
        const points = months.map((month) => monthPoint(metric, month.id, monthly.period.id));
        if (points.every((point) => point?.value == null)) return [];
        const row = metricRow(metric, monthly.period.id);
        return [
          {
            id: metric.id,
            name: metric.name,
            unit: metric.unit,
            owner: metric.owner,
            months: points.map((point) => monthText(point, metric)),
            target: row.target,
            status: metric.status,
            trend: metric.trend,
            trend_label: row.trend_label,
          },
        ];
      }),
  })).filter((category) => category.rows.length > 0);
}

/** The metric's value and status in a month of the quarter; undefined when the history does not reach it. */
function monthPoint(
  metric: MetricResult,
  monthId: string,
  lastMonthId: string,
): Pick<MetricResult, "value" | "status"> | undefined {
  return monthId === lastMonthId ? metric : metric.history.find((point) => point.period === monthId);
}

function monthText(point: Pick<MetricResult, "value" | "status"> | undefined, metric: MetricResult): string {
  if (point?.status === "stale") return "stale";
  return point?.value == null ? "no data" : formatQuantity(point.value, metric.unit);
}

function programSection(quarterly: KpiReport): ReportSection {
  const rows = quarterly.metrics
    .filter((metric) => metric.category === "program")
    .map((metric) => metricRow(metric, quarterly.period.id));
  const measured = rows.some((row) => row.value !== null || row.status === "stale");
  return {
    title: "Program Metrics",
    rows,
    note: measured
      ? null
      : "No program data imported yet: post-mortems, action items, tabletops, assessments.",
  };
}
