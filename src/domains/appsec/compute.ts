import type { Lag } from "../../model/dependency-lag.ts";
import type { MetricValue } from "../metric-value.ts";
import { percentValue } from "../metric-value.ts";
import { lagOf, withinLag } from "./lag.ts";
import type { LatestRun, ListingAt } from "./queries.ts";
import type { DependencyVersion, Ecosystem, SecurityControl } from "./records.ts";

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

/** Where one direct dependency stands: its latest release and how far behind it is. */
export interface DependencyState<V extends DependencyVersion = DependencyVersion> {
  version: V;
  current: string;
  latest: string;
  lag: Lag | "unknown";
  compliant: boolean;
}

/** One project's direct dependencies, or why they cannot be judged. */
export interface ProjectState<V extends DependencyVersion = DependencyVersion> {
  ecosystem: Ecosystem;
  project: string;
  dependencies: DependencyState<V>[];
  /** Null when judged; else the listing that is missing. */
  incomplete: string | null;
}

/** pip compares names as PEP 503 normalises them: `Flask_Login` is `flask-login`. */
function packageKey(ecosystem: Ecosystem, name: string): string {
  return ecosystem === "pypi" ? name.toLowerCase().replace(/[-_.]+/g, "-") : name;
}

/**
 * Each project's direct dependencies at one instant, from its latest
 * listings: a `complete` one (Go) when it is at least as recent as any
 * `installed` one, else the `installed` listing (every package: the
 * denominator) with the latest releases of the `outdated` one (a package
 * it does not list is current). Indirect dependencies (`direct` false)
 * and packages not installed are left out; pip cannot tell, so all of its
 * packages count.
 */
export function projectStates<V extends DependencyVersion>(
  listings: readonly ListingAt[],
  versions: readonly V[],
  allowed: Readonly<Record<Ecosystem, Lag>>,
): ProjectState<V>[] {
  const projects = new Map<string, ListingAt[]>();
  for (const listing of listings) {
    const key = `${listing.ecosystem}\u0000${listing.project}`;
    projects.set(key, [...(projects.get(key) ?? []), listing]);
  }
  const rowsOf = (listing: ListingAt | undefined) =>
    listing
      ? versions.filter(
          (v) =>
            v.ecosystem === listing.ecosystem &&
            v.project === listing.project &&
            v.listing === listing.listing &&
            v.listed_at === listing.listed_at,
        )
      : [];
  return [...projects.values()].map((own) => {
    const { ecosystem, project } = own[0] as ListingAt;
    const find = (kind: ListingAt["listing"]) => own.find((l) => l.listing === kind);
    const [complete, installed, outdated] = [find("complete"), find("installed"), find("outdated")];
    const judge = (base: readonly V[], latestOf: (v: V) => string | null) =>
      base
        .filter((v) => v.direct !== false && v.current !== null)
        .map((v) => dependencyState(v, latestOf(v), allowed[ecosystem]));
    if (complete && (!installed || complete.listed_at >= installed.listed_at))
      return { ecosystem, project, dependencies: judge(rowsOf(complete), (v) => v.latest), incomplete: null };
    if (installed && outdated) {
      const latest = new Map(rowsOf(outdated).map((v) => [packageKey(ecosystem, v.package), v.latest]));
      const dependencies = judge(
        rowsOf(installed),
        (v) => latest.get(packageKey(ecosystem, v.package)) ?? null,
      );
      return { ecosystem, project, dependencies, incomplete: null };
    }
    const incomplete = installed
      ? "no outdated listing: the latest releases are unknown"
      : "no installed listing: the direct dependencies are unknown";
    return { ecosystem, project, dependencies: [], incomplete };
  });
}

function dependencyState<V extends DependencyVersion>(version: V, latest: string | null, allowed: Lag) {
  const current = version.current ?? "";
  const newest = latest ?? current;
  const lag = lagOf(current, newest);
  return { version, current, latest: newest, lag, compliant: withinLag(lag, allowed) };
}

/** `patch_compliance`: % of the direct dependencies of every judged project within the allowed lag. */
export function patchCompliance(projects: readonly ProjectState[]): MetricValue {
  const dependencies = projects.flatMap((p) => p.dependencies);
  const behind = (lag: Lag | "unknown") => dependencies.filter((d) => d.lag === lag).length;
  const compliant = dependencies.filter((d) => d.compliant).length;
  return percentValue(compliant, dependencies.length, "no project with both listings a direct dependency", {
    direct_dependencies: dependencies.length,
    compliant,
    behind_patch: behind("patch"),
    behind_minor: behind("minor"),
    behind_major: behind("major"),
    unknown_version: behind("unknown"),
    projects: projects.filter((p) => p.incomplete === null).length,
    incomplete_projects: projects
      .filter((p) => p.incomplete !== null)
      .map((p) => `${p.ecosystem}:${p.project}`),
  });
}
