export type {
  JudgeOptions,
  MannKendallSummary,
  Trend,
  TrendPoint,
  TrendVerdict,
} from "./judge.ts";
export { judgeTrend, targetMet } from "./judge.ts";
export type { MannKendallResult } from "./mann-kendall.ts";
export { mannKendall, normalCdf, theilSenSlope } from "./mann-kendall.ts";
export type { RunRule, RunSignal, XmrLimits } from "./xmr.ts";
export { runSignalsAtLast, xmrLimits } from "./xmr.ts";
