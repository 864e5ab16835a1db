import type { MetricValue } from "../metric-value.ts";
import { percentValue } from "../metric-value.ts";
import type { LatestRun } from "./queries.ts";
import type { SecurityControl } from "./records.ts";

export const CONTROL_STATUSES = ["failed", "not_run", "no_test_mapped", "verified"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Where one control stands in a period, and the test run that decided it. */
export interface ControlReview<C extends SecurityControl = SecurityControl> {
  control: C;
  status: ControlStatus;
  /** The latest run of each mapped test in the period. */
  runs: LatestRun[];
  /** A failing run for `failed`, the latest passing one for `verified`; null otherwise. */
  deciding: LatestRun | null;
}

const PATTERNS = new Map<string, RegExp>();

/** A `tests` entry as a whole-text pattern: `*` any characters, everything else literal. */
function patternOf(entry: string): RegExp {
  let pattern = PATTERNS.get(entry);
  if (!pattern) {
    const source = entry
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    PATTERNS.set(entry, (pattern = new RegExp(`^${source}$`, "s")));
  }
  return pattern;
}

/** Whether a `tests` entry names the run's test: its test id, its suite or its file, whole. */
export function mapsTo(entry: string, run: Pick<LatestRun, "test_id" | "suite" | "file">): boolean {
  const pattern = patternOf(entry.trim());
  return [run.test_id, run.suite, run.file].some((text) => text !== null && pattern.test(text));
}

const FAILING = new Set(["failed", "error"]);

/**
 * A control is verified when at least one of its mapped tests ran (passed)
 * in the period and none of its mapped tests' latest runs in the period
 * failed or erred; failed when one did; not run when its tests have no
 * latest run in the period but skips; no test mapped when it names none.
 */
export function reviewControl<C extends SecurityControl>(
  control: C,
  runs: readonly LatestRun[],
): ControlReview<C> {
  if (control.tests.length === 0) return { control, status: "no_test_mapped", runs: [], deciding: null };
  const mapped = runs.filter((run) => control.tests.some((entry) => mapsTo(entry, run)));
  const failing = mapped.find((run) => FAILING.has(run.outcome));
  if (failing) return { control, status: "failed", runs: mapped, deciding: failing };
  const passed = mapped.filter((run) => run.outcome === "passed");
  const latestPass = passed.reduce<LatestRun | null>(
    (latest, run) => (latest === null || run.ran_at > latest.ran_at ? run : latest),
    null,
  );
  return latestPass
    ? { control, status: "verified", runs: mapped, deciding: latestPass }
    : { control, status: "not_run", runs: mapped, deciding: null };
}

const STATUS_RANK = Object.fromEntries(CONTROL_STATUSES.map((s, i) => [s, i])) as Record<
  ControlStatus,
  number
>;

/** The high-risk controls of a register, each reviewed: failed first, then not run, unmapped, verified. */
export function highRiskReviews<C extends SecurityControl>(
  controls: readonly C[],
  runs: readonly LatestRun[],
): ControlReview<C>[] {
  return controls
    .filter((control) => control.risk === "high")
    .map((control) => reviewControl(control, runs))
    .sort(
      (a, b) =>
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        a.control.control_id.localeCompare(b.control.control_id),
    );
}

/** `security_review_coverage`: % of high-risk controls verified by their tests in the period. */
export function securityReviewCoverage(reviews: readonly ControlReview[]): MetricValue {
  const count = (status: ControlStatus) => reviews.filter((review) => review.status === status).length;
  return percentValue(count("verified"), reviews.length, "no high-risk control in the controls register", {
    high_risk_controls: reviews.length,
    verified: count("verified"),
    failed: count("failed"),
    not_run: count("not_run"),
    no_test_mapped: count("no_test_mapped"),
  });
}
