/**
 * Hand-written inline SVG charts for the HTML report and the dashboard. The
 * SVG carries no `xmlns` (it is meant to be inlined in HTML5, where none is
 * needed), no ids (several charts share one page) and only presentation
 * attributes, so it looks the same wherever it is pasted.
 */

import { durationScale, formatDurationIn, formatQuantity } from "../model/format.ts";
import type { Target, Unit } from "../model/metric-definition.ts";
import type { Trend } from "../trends/index.ts";
import type { MetricRow } from "./model.ts";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML or SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

export const TREND_COLOURS: Record<"worsening" | "improving" | "neutral", string> = {
  worsening: "#b91c1c",
  improving: "#15803d",
  neutral: "#1e293b",
};

function trendColour(trend: Trend | undefined): string {
  if (trend === "worsening") return TREND_COLOURS.worsening;
  if (trend === "improving") return TREND_COLOURS.improving;
  return TREND_COLOURS.neutral;
}

const UNIT_FACTORS: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86_400 };
const TARGET_WORDS: Record<string, Target["op"]> = {
  under: "<",
  "at most": "<=",
  "at least": ">=",
  over: ">",
};

/**
 * The target behind a row's human `target` text (the inverse of
 * `formatTarget`), or null for "no target" and anything else. The value is
 * as precise as the text, which is enough to draw a line.
 */
export function targetFromRow(row: Pick<MetricRow, "target" | "unit">): Target | null {
  const match = /^(?:(under|at most|at least|over) )?(-?\d+(?:\.\d+)?) ?(s|min|h|d|%|\/day)?$/.exec(
    row.target.trim(),
  );
  if (!match) return null;
  const [, word, number, suffix] = match;
  const op = word ? TARGET_WORDS[word] : "==";
  if (!op) return null;
  const value = Number(number);
  if (row.unit === "seconds") {
    const factor = UNIT_FACTORS[suffix ?? "s"];
    return factor === undefined ? null : { op, value: value * factor };
  }
  const expected: Record<Exclude<Unit, "seconds">, string | undefined> = {
    percent: "%",
    per_day: "/day",
    count: undefined,
    score: undefined,
  };
  return suffix === expected[row.unit] ? { op, value } : null;
}

const OP_SYMBOLS: Record<Target["op"], string> = { "<": "<", "<=": "≤", "==": "=", ">=": "≥", ">": ">" };

export interface TrendChartOptions {
  width?: number;
  height?: number;
  /** Drawn as a solid blue line; `targetFromRow(row)` gives it from the row. */
  target?: Target | null;
}

interface Label {
  y: number;
  text: string;
  colour: string;
}

const MUTED = "#64748b";
const LIMIT_COLOUR = "#475569";
const TARGET_COLOUR = "#1d4ed8";
const FONT = 'font-family="inherit"';

/**
 * A line chart of `row.series`: null periods are gaps, the XmR centre line and
 * natural process limits are dashed and labelled (a lower limit below zero is
 * left out for quantities that cannot be negative), the target is a solid
 * line, and the current point is enlarged in the verdict's colour.
 */
export function trendChartSvg(row: MetricRow, options: TrendChartOptions = {}): string {
  const width = options.width ?? 300;
  const height = options.height ?? 110;
  const target = options.target ?? null;
  const format = (value: number) => formatQuantity(value, row.unit);
  const margin = { top: 14, right: 82, bottom: 18, left: 44 };
  const plot = {
    x: margin.left,
    y: margin.top,
    w: Math.max(20, width - margin.left - margin.right),
    h: Math.max(20, height - margin.top - margin.bottom),
  };
  const points = row.series;
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const limits = row.limits;
  const nonNegative = values.every((v) => v >= 0);
  // A limit outside what the quantity can be (a negative count, a percentage over 100) is not drawn.
  const showLower = limits !== null && !(nonNegative && limits.lower < 0);
  const showUpper = limits !== null && !(row.unit === "percent" && limits.upper > 100);

  const label = escapeHtml(chartDescription(row, target, format));
  const open = `<svg class="trend-chart" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="9"><title>${label}</title>`;
  if (values.length === 0) {
    return `${open}<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="#fffbeb" stroke="#d97706" stroke-dasharray="3 3"/><text x="${plot.x + plot.w / 2}" y="${plot.y + plot.h / 2 + 3}" text-anchor="middle" fill="#92400e" font-weight="600">no data in any period</text>${xLabels(points, plot)}</svg>`;
  }

  const reference = [
    ...values,
    ...(limits
      ? [limits.centre, ...(showUpper ? [limits.upper] : []), ...(showLower ? [limits.lower] : [])]
      : []),
    ...(target ? [target.value] : []),
  ];
  let lo = Math.min(...reference);
  let hi = Math.max(...reference);
  // Start counts, percentages and durations at zero unless that flattens the variation into a line.
  if (nonNegative && lo > 0 && lo <= 2 * (hi - lo)) lo = 0;
  if (hi === lo) {
    hi += Math.abs(hi) * 0.5 || 1;
    lo = nonNegative ? 0 : lo - (Math.abs(lo) * 0.5 || 1);
  }
  const pad = (hi - lo) * 0.06;
  const top = row.unit === "percent" && hi <= 100 ? Math.min(100, hi + pad) : hi + pad;
  const bottom = lo === 0 && nonNegative ? 0 : lo - pad;
  const y = (v: number) => round(plot.y + plot.h - ((v - bottom) / (top - bottom)) * plot.h);
  const axis = axisFormat(row.unit, Math.max(Math.abs(top), Math.abs(bottom)));
  // Points stay clear of the right edge, where the current point would cover the line labels.
  const x = (i: number) => round(pointX(i, points.length, plot));

  const parts: string[] = [open];
  // Grid: the top and bottom of the scale, labelled on the left.
  parts.push(
    `<line x1="${plot.x}" y1="${y(bottom)}" x2="${plot.x + plot.w}" y2="${y(bottom)}" stroke="#cbd5e1"/>`,
    `<line x1="${plot.x}" y1="${y(top)}" x2="${plot.x + plot.w}" y2="${y(top)}" stroke="#e2e8f0"/>`,
    `<text x="${plot.x - 4}" y="${y(top) + 3}" text-anchor="end" fill="${MUTED}">${escapeHtml(axis(top))}</text>`,
    `<text x="${plot.x - 4}" y="${y(bottom) + 3}" text-anchor="end" fill="${MUTED}">${escapeHtml(axis(bottom))}</text>`,
  );

  const labels: Label[] = [];
  if (limits) {
    const bandLow = showLower ? limits.lower : bottom;
    const bandHigh = showUpper ? limits.upper : top;
    parts.push(
      `<rect x="${plot.x}" y="${y(bandHigh)}" width="${plot.w}" height="${round(y(bandLow) - y(bandHigh))}" fill="#eef2f7"/>`,
    );
    const limitLine = (v: number, dash: string) =>
      `<line x1="${plot.x}" y1="${y(v)}" x2="${plot.x + plot.w}" y2="${y(v)}" stroke="${LIMIT_COLOUR}" stroke-width="0.8" stroke-dasharray="${dash}"/>`;
    parts.push(limitLine(limits.centre, "1.5 2"));
    labels.push({ y: y(limits.centre), text: `centre ${axis(limits.centre)}`, colour: LIMIT_COLOUR });
    if (showUpper) {
      parts.push(limitLine(limits.upper, "4 3"));
      labels.push({ y: y(limits.upper), text: `upper ${axis(limits.upper)}`, colour: LIMIT_COLOUR });
    }
    if (showLower) {
      parts.push(limitLine(limits.lower, "4 3"));
      labels.push({ y: y(limits.lower), text: `lower ${axis(limits.lower)}`, colour: LIMIT_COLOUR });
    }
  }
  if (target) {
    parts.push(
      `<line x1="${plot.x}" y1="${y(target.value)}" x2="${plot.x + plot.w}" y2="${y(target.value)}" stroke="${TARGET_COLOUR}" stroke-width="1" opacity="0.8"/>`,
    );
    labels.push({
      y: y(target.value),
      text: `target ${OP_SYMBOLS[target.op]} ${axis(target.value)}`,
      colour: TARGET_COLOUR,
    });
  }
  for (const item of spread(labels, plot.y - 6, plot.y + plot.h + 3)) {
    parts.push(
      `<text x="${plot.x + plot.w + 4}" y="${round(item.y + 3)}" fill="${item.colour}">${escapeHtml(item.text)}</text>`,
    );
  }

  for (const segment of segments(points.map((p) => p.value))) {
    if (segment.length < 2) continue;
    const path = segment.map((i) => `${x(i)},${y(points[i]?.value as number)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="#334155" stroke-width="1.5"/>`);
  }
  const lastIndex = points.length - 1;
  points.forEach((point, i) => {
    if (point.value === null || i === lastIndex) return;
    parts.push(`<circle cx="${x(i)}" cy="${y(point.value)}" r="2" fill="#334155"/>`);
  });
  const current = points[lastIndex];
  if (current && current.value !== null && row.status === "stale") {
    // The sources stopped reporting: the last point is drawn, but not as a current figure.
    parts.push(
      `<circle cx="${x(lastIndex)}" cy="${y(current.value)}" r="4.5" fill="#ffffff" stroke="#c2410c" stroke-width="1.5" stroke-dasharray="2 1.5"/>`,
      `<text x="${x(lastIndex) - 7}" y="${plot.y + 3}" text-anchor="end" fill="#9a3412" font-weight="700" stroke="#ffffff" stroke-width="3" paint-order="stroke">stale</text>`,
    );
  } else if (current && current.value !== null) {
    const colour = trendColour(row.trend);
    const cx = x(lastIndex);
    const cy = y(current.value);
    const above = cy - plot.y > 12;
    parts.push(
      `<circle cx="${cx}" cy="${cy}" r="5.5" fill="#ffffff" stroke="${colour}" stroke-width="1.5"/>`,
      `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colour}"/>`,
      `<text x="${cx - 7}" y="${above ? cy - 7 : cy + 13}" text-anchor="end" fill="${colour}" font-weight="700" font-size="10" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeHtml(format(current.value))}</text>`,
    );
  } else {
    parts.push(
      `<text x="${x(lastIndex)}" y="${plot.y + 8}" text-anchor="end" fill="#92400e" font-weight="700">no current value</text>`,
    );
  }
  parts.push(xLabels(points, plot), "</svg>");
  return parts.join("");
}

/**
 * How the scale and the lines beside it are labelled: in the metric's unit,
 * and for durations in one unit for the whole axis (the one its largest value
 * reads in), so "0 s" never sits under "26 min".
 */
function axisFormat(unit: Unit, largest: number): (value: number) => string {
  if (unit !== "seconds") return (value) => formatQuantity(value, unit);
  const scale = durationScale(largest);
  return (value) => formatDurationIn(value, scale);
}

/** What the chart shows, in words: the accessible name and the tooltip. */
export function chartDescription(
  row: MetricRow,
  target: Target | null,
  format: (value: number) => string = (value) => formatQuantity(value, row.unit),
): string {
  const history = row.series
    .map((p) => `${p.period} ${p.value === null ? "no data" : format(p.value)}`)
    .join(", ");
  const parts = [`${row.name} by period: ${history || "no periods"}`];
  const last = row.series.at(-1);
  parts.push(
    `current ${last?.value == null ? row.current : format(last.value)} (${row.status.replace("_", " ")}), trend ${row.trend_label}`,
  );
  if (row.limits) {
    parts.push(
      `centre line ${format(row.limits.centre)}, natural process limits ${format(row.limits.lower)} to ${format(row.limits.upper)}`,
    );
  }
  if (target) parts.push(`target ${row.target}`);
  return `${parts.join("; ")}.`;
}

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Colours the last point: worsening red, improving green, else neutral. */
  trend?: Trend;
  /** The accessible name; say the values with their units. */
  label?: string;
}

/** A compact line for table cells: nulls are gaps, the last point is a dot. */
export function sparklineSvg(values: readonly (number | null)[], options: SparklineOptions = {}): string {
  const width = options.width ?? 72;
  const height = options.height ?? 18;
  const label = escapeHtml(
    options.label ?? `values: ${values.map((v) => (v === null ? "no data" : String(v))).join(", ")}`,
  );
  const open = `<svg class="sparkline" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${label}</title>`;
  const known = values.flatMap((v) => (v === null ? [] : [v]));
  if (known.length === 0) {
    return `${open}<line x1="2" y1="${height / 2}" x2="${width - 2}" y2="${height / 2}" stroke="#d97706" stroke-dasharray="2 2"/></svg>`;
  }
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const pad = 3;
  const x = (i: number) =>
    round(values.length === 1 ? width / 2 : pad + (i / (values.length - 1)) * (width - 2 * pad));
  const y = (v: number) =>
    round(hi === lo ? height / 2 : height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad));
  const parts = [open];
  for (const segment of segments(values)) {
    if (segment.length < 2) continue;
    const path = segment.map((i) => `${x(i)},${y(values[i] as number)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="#64748b" stroke-width="1.2"/>`);
  }
  values.forEach((v, i) => {
    if (v === null) return;
    const last = i === values.length - 1;
    if (last) {
      parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="2.6" fill="${trendColour(options.trend)}"/>`);
    } else if (isIsolated(values, i)) {
      parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="1.2" fill="#64748b"/>`);
    }
  });
  parts.push("</svg>");
  return parts.join("");
}

/** A sparkline of a report row, labelled with its values in their unit. */
export function rowSparklineSvg(row: MetricRow, options: Omit<SparklineOptions, "trend" | "label"> = {}) {
  const history = row.series
    .map((p) => `${p.period} ${p.value === null ? "no data" : formatQuantity(p.value, row.unit)}`)
    .join(", ");
  return sparklineSvg(
    row.series.map((p) => p.value),
    { ...options, trend: row.trend, label: `${row.name}, ${row.trend_label}: ${history}` },
  );
}

/** Runs of consecutive indexes with a value. */
function segments(values: readonly (number | null)[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else {
      run.push(i);
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

function isIsolated(values: readonly (number | null)[], i: number): boolean {
  return (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null;
}

/** Moves labels apart so none overlaps, keeping them between `min` and `max`. */
function spread(labels: Label[], min: number, max: number): Label[] {
  const gap = 11;
  const sorted = [...labels].sort((a, b) => a.y - b.y).map((label) => ({ ...label }));
  for (let i = 0; i < sorted.length; i++) {
    const item = sorted[i] as Label;
    const previous = sorted[i - 1];
    item.y = Math.max(item.y, min, previous ? previous.y + gap : min);
  }
  for (let i = sorted.length - 1; i >= 0; i--) {
    const item = sorted[i] as Label;
    const next = sorted[i + 1];
    item.y = Math.min(item.y, next ? next.y - gap : max);
  }
  return sorted;
}

function xLabels(
  points: readonly { period: string }[],
  plot: { x: number; y: number; w: number; h: number },
): string {
  if (points.length === 0) return "";
  const labelWidth = 46;
  const step = Math.max(1, Math.ceil((points.length * labelWidth) / plot.w));
  const last = points.length - 1;
  const shown = points
    .map((_, i) => i)
    .filter((i) => i === 0 || i === last || (i % step === 0 && last - i >= step));
  const baseline = plot.y + plot.h + 12;
  return shown
    .map((i) => {
      const x = pointX(i, points.length, plot);
      const anchor = points.length === 1 ? "middle" : i === 0 ? "start" : i === last ? "end" : "middle";
      const text = truncate(points[i]?.period ?? "", 14);
      return `<text x="${round(x)}" y="${baseline}" text-anchor="${anchor}" fill="${MUTED}">${escapeHtml(text)}</text>`;
    })
    .join("");
}

function pointX(i: number, count: number, plot: { x: number; w: number }): number {
  const left = plot.x + 4;
  const width = plot.w - 14;
  return count === 1 ? left + width / 2 : left + (i / (count - 1)) * width;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
