/**
 * The posture trend as a small inline SVG: the met, missed and worsening
 * counts of each period as lines over one count axis, and under them a strip
 * of the overall risk level of each period. Same rules as `svg-chart.ts`: no
 * xmlns, no ids, presentation attributes only.
 */
import type { PosturePoint, RiskLevel } from "../review/posture.ts";
import { escapeHtml } from "./svg-chart.ts";

const LEVEL_COLOURS: Record<RiskLevel, string> = {
  High: "#b91c1c",
  Medium: "#d97706",
  Low: "#15803d",
  Unknown: "#cbd5e1",
};

const SERIES = [
  { key: "met", label: "met", colour: "#15803d", dash: "" },
  { key: "missed", label: "missed", colour: "#b91c1c", dash: "" },
  { key: "worsening", label: "worsening", colour: "#d97706", dash: ' stroke-dasharray="4 2"' },
] as const;

export function postureChartSvg(points: readonly PosturePoint[], width = 420, height = 150): string {
  const label = escapeHtml(
    `Overall risk and counts per period: ${points
      .map((p) => `${p.period} ${p.level}, ${p.met} met, ${p.missed} missed, ${p.worsening} worsening`)
      .join("; ")}`,
  );
  const left = 28;
  const right = width - 8;
  const top = 18;
  const strip = 14;
  const axisBottom = height - strip - 24;
  const max = Math.max(1, ...points.flatMap((p) => [p.met, p.missed, p.worsening]));
  // Each period owns an equal column: its points sit at the column's centre, its risk cell fills it.
  const cell = (right - left) / Math.max(1, points.length);
  const x = (i: number) => round(left + (i + 0.5) * cell);
  const y = (v: number) => round(axisBottom - (v / max) * (axisBottom - top));
  const parts = [
    `<svg class="posture-chart" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${label}</title>`,
    `<line x1="${left}" y1="${axisBottom}" x2="${right}" y2="${axisBottom}" stroke="#cbd5e1"/>`,
    `<text x="${left - 4}" y="${y(max) + 3}" text-anchor="end" font-size="9" fill="#475569">${max}</text>`,
    `<text x="${left - 4}" y="${axisBottom + 3}" text-anchor="end" font-size="9" fill="#475569">0</text>`,
  ];
  SERIES.forEach((series, index) => {
    const path = points.map((p, i) => `${x(i)},${y(p[series.key])}`).join(" ");
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${series.colour}" stroke-width="1.6"${series.dash}/>`,
      ...points.map(
        (p, i) => `<circle cx="${x(i)}" cy="${y(p[series.key])}" r="2" fill="${series.colour}"/>`,
      ),
      `<text x="${left + index * 78}" y="10" font-size="9.5" fill="${series.colour}">— ${series.label}</text>`,
    );
  });
  points.forEach((p, i) => {
    const cx = x(i);
    parts.push(
      `<rect x="${round(cx - cell / 2 + 1)}" y="${axisBottom + 6}" width="${round(cell - 2)}" height="${strip}" fill="${LEVEL_COLOURS[p.level]}"><title>${escapeHtml(`${p.period}: ${p.level}`)}</title></rect>`,
      `<text x="${cx}" y="${axisBottom + 6 + strip - 4}" text-anchor="middle" font-size="8.5" fill="${p.level === "Unknown" ? "#475569" : "#fff"}">${escapeHtml(p.level)}</text>`,
      `<text x="${cx}" y="${height - 4}" text-anchor="middle" font-size="9" fill="#475569">${escapeHtml(p.period)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
