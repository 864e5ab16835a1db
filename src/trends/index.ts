export type { ChartBounds, ChartLimits, ChartPoint, PointLimits } from "./control-chart.ts";
export { controlChart } from "./control-chart.ts";
export type {
  JudgeOptions,
  MannKendallSummary,
  Trend,
  TrendPoint,
  TrendVerdict,
} from "./judge.ts";
export { DEFAULT_MIN_PROPORTION_COUNT, judgeTrend, targetMet } from "./judge.ts";
export type { MannKendallResult } from "./mann-kendall.ts";
export { mannKendall, normalCdf, theilSenSlope } from "./mann-kendall.ts";
export type { ControlLines, RunRule, RunSignal } from "./run-rules.ts";
export { runSignalsAtLast } from "./run-rules.ts";
export type { XmrLimits } from "./xmr.ts";
export { xmrLimits } from "./xmr.ts";
