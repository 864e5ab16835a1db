import { computeKpis } from "../app/compute-kpis.ts";
import type { KpiReport } from "../app/kpi-report.ts";
import type { Config } from "../config/schema.ts";
import { incidentsDetected } from "../domains/detection-response/queries.ts";
import { STORE_SCHEMA } from "../domains/registry.ts";
import { lastCompletePeriod, type Period, periodContaining, previousPeriods } from "../model/period.ts";
import { buildIterationReport, buildScorecard, type ReportInput } from "../report/build.ts";
import { buildQuarterlyReport } from "../report/build-quarterly.ts";
import { kpiJson } from "../report/kpi-json.ts";
import type { IterationReport, QuarterlyReport, ScorecardReport } from "../report/model.ts";
import { reportInput } from "../report/report-input.ts";
import type { Store } from "../store/store.ts";
import { ComputeSlots } from "./compute-slots.ts";
import { SharedComputations } from "./shared-computations.ts";

export interface KpiServiceOptions {
  store: Store;
  config: Config;
  now: () => number;
  /** How long computed KPIs are reused while no import commits; 0 turns the cache off. */
  cacheMs: number;
  /** How many distinct KPI computations run at once; the others wait their turn, in order. */
  maxComputations: number;
  /** Computes one period's KPIs (`computeKpis`); a test passes one that counts or holds them. */
  compute?: typeof computeKpis;
}

const MAX_ENTRIES = 64;

/**
 * The KPIs and reports the server shows, computed by the same functions as
 * the CLI. Results are cached per (period, store data version): an import
 * changes the version, so a cached figure is never older than the data; the
 * TTL bounds how long `generated_at` and the stale-source judgement (which
 * read the clock) may lag. Cached or not, identical computations asked at
 * once are shared (`SharedComputations`: with the cache off, nothing is kept
 * after one ends) and distinct ones take turns (`ComputeSlots`).
 */
export class KpiService {
  private readonly computations: SharedComputations<KpiReport>;
  private readonly cache = new Map<string, { at: number; report: Promise<KpiReport> }>();
  /** Derived views of one computed report, built once per report: they are pure functions of it. */
  private readonly inputs = new WeakMap<KpiReport, Promise<ReportInput>>();
  private readonly scorecards = new WeakMap<KpiReport, Promise<ScorecardReport>>();
  private readonly jsonTexts = new WeakMap<KpiReport, string>();
  /** The latest record's instant and its month, per store data version: an import moves it. */
  private dataEnd: { version: string; end: { at: number; month: string } | null } | undefined;
  private months: { current: Period; last: Period } | undefined;

  constructor(private readonly options: KpiServiceOptions) {
    this.computations = new SharedComputations(new ComputeSlots(options.maxComputations));
  }

  /** The last complete month, as the CLI's default. */
  defaultPeriod(): string {
    return this.lastCompleteMonth().id;
  }

  /** The period a dashboard page shows without a ?period= (`dashboardPeriod`), computing no KPI. */
  async openingPeriod(): Promise<string> {
    return this.dashboardPeriod(await this.options.store.dataVersion());
  }

  /**
   * Where the dashboard opens without a ?period=: the last complete month,
   * or the month of the latest record when the data ends before it, so a
   * first login on an older export lands on its figures rather than on an
   * empty month. Other periods stay one click away in the period picker.
   */
  private async dashboardPeriod(version: string): Promise<string> {
    const { store } = this.options;
    if (this.dataEnd?.version !== version) {
      const latest = await Promise.all(STORE_SCHEMA.recordKinds.map((kind) => store.latestRecord(kind.kind)));
      const instants = latest.filter((at): at is number => at !== null);
      const at = Math.max(...instants);
      this.dataEnd = {
        version,
        end:
          instants.length === 0
            ? null
            : { at, month: periodContaining(at, "month", this.periodContext()).id },
      };
    }
    const lastMonth = this.lastCompleteMonth();
    const { end } = this.dataEnd;
    return end === null || end.at >= lastMonth.start ? lastMonth.id : end.month;
  }

  /** Kept while the clock stays in the same month: finding it costs time-zone arithmetic, on every request. */
  private lastCompleteMonth(): Period {
    const now = this.options.now();
    if (!this.months || now < this.months.current.start || now >= this.months.current.end) {
      const ctx = this.periodContext();
      const current = periodContaining(now, "month", ctx);
      this.months = { current, last: previousPeriods(current, 1, ctx)[0] ?? current };
    }
    return this.months.last;
  }

  private periodContext() {
    const { config } = this.options;
    return { timezone: config.timezone, iterations: config.iterations };
  }

  /**
   * The KPIs of a period; without one, of the dashboard's period
   * (`dashboardPeriod`). One read of the data version serves both the
   * choice of period and the key. The key names the period and the data
   * version; the config is the service's own for its whole life, and the
   * clock is read when the computation begins, after every caller sharing
   * it asked (`SharedComputations`).
   */
  async kpis(periodId?: string): Promise<KpiReport> {
    const { store, config, cacheMs } = this.options;
    const asked = this.computations.ask();
    const now = this.options.now();
    const version = await store.dataVersion();
    const id = periodId ?? (await this.dashboardPeriod(version));
    const key = `${id}\u0000${version}`;
    const compute = this.options.compute ?? computeKpis;
    const shared = () =>
      this.computations.run(key, asked, () => compute(store, id, { config, now: this.options.now() }));
    if (cacheMs <= 0) return shared();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < cacheMs) return hit.report;
    const report = shared();
    this.cache.delete(key);
    this.cache.set(key, { at: now, report });
    report.catch(() => this.cache.delete(key));
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return report;
  }

  async scorecard(periodId?: string): Promise<ScorecardReport> {
    const kpis = await this.kpis(periodId);
    let scorecard = this.scorecards.get(kpis);
    if (!scorecard) {
      // Kept before it is built: the requests sharing one report share its scorecard too, and so its page shells.
      scorecard = this.reportInput(kpis).then(buildScorecard);
      this.scorecards.set(kpis, scorecard);
      scorecard.catch(() => this.scorecards.delete(kpis));
    }
    return scorecard;
  }

  /** The review of a period (recommendations, posture) is computed once and shared by both report kinds. */
  private reportInput(kpis: KpiReport): Promise<ReportInput> {
    let input = this.inputs.get(kpis);
    if (!input) {
      input = reportInput(this.options.store, kpis, this.options.config);
      this.inputs.set(kpis, input);
      input.catch(() => this.inputs.delete(kpis));
    }
    return input;
  }

  /** `kpiJson(report)` serialised: exactly what `secmetrics kpis --format json` prints, minus whitespace. */
  async kpiJsonText(periodId?: string): Promise<string> {
    const kpis = await this.kpis(periodId);
    let text = this.jsonTexts.get(kpis);
    if (text === undefined) {
      text = JSON.stringify(kpiJson(kpis));
      this.jsonTexts.set(kpis, text);
    }
    return text;
  }

  async iteration(periodId?: string): Promise<IterationReport> {
    const kpis = await this.kpis(periodId);
    const incidents = await incidentsDetected(this.options.store, kpis.period);
    return buildIterationReport(await this.reportInput(kpis), incidents);
  }

  /** The quarterly review pack, of the last complete quarter by default: asked for rarely, so not cached. */
  quarterly(quarterId?: string): Promise<QuarterlyReport> {
    const { store, config } = this.options;
    const now = this.options.now();
    const quarter = quarterId ?? lastCompletePeriod(now, "quarter", this.periodContext()).id;
    return buildQuarterlyReport(store, quarter, { config, now });
  }
}
