import type { KpiReport } from "../app/kpi-report.ts";
import type { Config } from "../config/schema.ts";
import type { Period } from "../model/period.ts";
import type { Store } from "../store/store.ts";
import type { QuarterlyTable } from "./model.ts";

/** What a table of the quarterly report is built from. */
export interface QuarterSource {
  store: Store;
  quarter: Period;
  /** The quarter's months, the first first. */
  months: readonly Period[];
  /** The KPIs of the quarter's last month, with the earlier months as history. */
  monthly: KpiReport;
  /** The zone dates are shown in. */
  timezone: string;
  config: Config;
}

/** Fills one table of the quarterly report from the store. */
export type QuarterlySectionBuilder = (source: QuarterSource) => Promise<QuarterlyTable>;
