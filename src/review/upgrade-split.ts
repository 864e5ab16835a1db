import type { MetricResult } from "../app/kpi-report.ts";
import type { DrillRow } from "../domains/drill-row.ts";
import type { Recommendation, RecommendationKind } from "./recommendation.ts";
import { rowsBehind } from "./record-names.ts";
import type { UpgradePiece } from "./upgrade-piece.ts";

/**
 * The kinds whose records are work to do. A stale feed or a target no longer
 * scanned asks for a scan, not an upgrade, so its findings are not split.
 */
const SPLIT_KINDS: ReadonlySet<RecommendationKind> = new Set(["missed_target", "worsening"]);

const UPGRADE_PREFIX = "upgrade:";

const text = (value: DrillRow["fields"][string] | undefined) =>
  value === null || value === undefined || value === "" ? null : String(value);

/**
 * The upgrades the recommendations' open findings split into, each once:
 * the findings behind a recommendation (the records it names, as
 * `recordsBehind` picks them from its metric's drill-down) still open and on
 * a package, grouped by target, location and package: one upgrade to the
 * highest version the scanner names as fixing them, however many CVEs and
 * fixed versions (a finding with no fixed version: "no fix available", per
 * package, apart, since the upgrade cannot clear it). An upgrade
 * two recommendations share (a critical CVE past due is behind both the
 * open and the SLA metric) is one piece with both parents and the findings
 * of both. In the recommendations' rank order, then most urgent finding
 * first.
 */
export function upgradePieces(
  recommendations: readonly Recommendation[],
  metrics: readonly MetricResult[],
  records: ReadonlyMap<string, readonly DrillRow[]>,
  at: number,
): UpgradePiece[] {
  const pieces = new Map<string, UpgradePiece>();
  for (const recommendation of recommendations) {
    const metric = metrics.find((m) => m.id === recommendation.metric_id);
    if (!metric || !splitsIntoUpgrades(recommendation)) continue;
    for (const { row, ref } of rowsBehind(metric, records.get(metric.id) ?? [], at)) {
      const pkg = text(row.fields.package);
      const target = text(row.fields.target);
      if (row.kind !== "finding" || ref.resolved || !pkg || !target) continue;
      const location = ownLocation(target, text(row.fields.location));
      const fixed = text(row.fields.fixed_version);
      const id = upgradeId(target, location, pkg, fixed !== null);
      const piece = pieces.get(id) ?? {
        id,
        parent_ids: [],
        target,
        location,
        package: pkg,
        fixed_version: null,
        title: "",
        priority: recommendation.priority,
        owner: recommendation.owner,
        findings: [],
      };
      pieces.set(id, piece);
      if (!piece.parent_ids.includes(recommendation.id)) piece.parent_ids.push(recommendation.id);
      if (piece.findings.some((finding) => finding.id === row.id)) continue;
      piece.findings.push({
        id: row.id,
        vulnerability_id: text(row.fields.vulnerability_id) ?? row.id,
        severity: text(row.fields.severity),
        due: text(row.fields.due_at)?.slice(0, 10) ?? null,
        fixed_version: fixed,
      });
    }
  }
  return [...pieces.values()].map((piece) => {
    const fixed = highestVersion(piece.findings.map((finding) => finding.fixed_version));
    return {
      ...piece,
      fixed_version: fixed,
      title: upgradeTitle(piece.target, piece.location, piece.package, fixed),
    };
  });
}

// Numeric runs compare as numbers (3.0.15 after 3.0.9, 1.1.1d-r2 after 1.1.1d-r0): right for the
// semver, apk and most deb/rpm versions scanners report; each finding's own fixed version stays
// listed in its issue, so an odd scheme costs a wrong headline, never a lost version.
const VERSION_ORDER = new Intl.Collator("en", { numeric: true }).compare;

function highestVersion(versions: readonly (string | null)[]): string | null {
  const known = versions.filter((version): version is string => version !== null);
  return known.length === 0 ? null : ([...known].sort(VERSION_ORDER).at(-1) ?? null);
}

/**
 * The location a finding's upgrade is made in, when it says more than the
 * target: a manifest in a repository, a jar in an image. Trivy names an
 * image's OS packages by the image itself ("registry.example/api:main
 * (debian 12.5)"): that is the target.
 */
function ownLocation(target: string, location: string | null): string | null {
  return location === null || location.startsWith(target) ? null : location;
}

/**
 * The same upgrade has the same id in every period, whichever of its CVEs are
 * found and whichever version fixes them: a new CVE that needs a later
 * version updates the package's issue rather than opening a second one.
 */
export function upgradeId(target: string, location: string | null, pkg: string, hasFix: boolean): string {
  return `${UPGRADE_PREFIX}${target}${location ? `:${location}` : ""}:${pkg}${hasFix ? "" : "@no-fix"}`;
}

function upgradeTitle(target: string, location: string | null, pkg: string, fixed: string | null): string {
  const where = location ? `${target} (${location})` : target;
  return fixed
    ? `Upgrade ${pkg} to ${fixed} in ${where}`
    : `Mitigate ${pkg} in ${where}: no fix available yet`;
}

/** Whether an issue's id is an upgrade's rather than a recommendation's. */
export const isUpgradeId = (id: string) => id.startsWith(UPGRADE_PREFIX);

/** The upgrades with the owner of the first recommendation they are part of, as `recommendations` name it (assignments applied). */
export function withParentOwners(
  pieces: readonly UpgradePiece[],
  recommendations: readonly Recommendation[],
): UpgradePiece[] {
  const owners = new Map(recommendations.map((r) => [r.id, r.owner]));
  return pieces.map((piece) => {
    const [parent = ""] = piece.parent_ids;
    return owners.has(parent) ? { ...piece, owner: owners.get(parent) ?? null } : piece;
  });
}

/** Whether a recommendation's findings are split into upgrades: one that asks for fixes and names findings. */
export function splitsIntoUpgrades(recommendation: Recommendation): boolean {
  return SPLIT_KINDS.has(recommendation.kind) && recommendation.records.some((r) => r.kind === "finding");
}
