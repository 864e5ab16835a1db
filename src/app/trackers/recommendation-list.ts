import { SecmetricsError } from "../../model/errors.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import {
  type Assignment,
  type Dismissal,
  type RecommendationStatus,
  TRACKERS,
  type TrackerLink,
  type TrackerName,
} from "../../review/tracker-issue.ts";
import { recommendationStatus } from "../../review/tracker-plan.ts";
import type { UpgradePiece } from "../../review/upgrade-piece.ts";
import { splitStatus, upgradeDismissals, upgradeStatus } from "../../review/upgrade-plan.ts";
import { withParentOwners } from "../../review/upgrade-split.ts";
import type { AuthStore } from "../../store/auth-store.ts";
import type { Store } from "../../store/store.ts";
import type { RecommendationImpact } from "./recommendation-impact.ts";
import {
  readAssignments,
  readDismissals,
  readLinks,
  saveAssignment,
  saveDismissal,
  saveLink,
  withAssignedOwners,
} from "./tracker-links.ts";

/** One line of `secmetrics recommendations`. */
export interface RecommendationRow {
  id: string;
  title: string;
  priority: Recommendation["priority"];
  /** Who is in charge: the person assigned on the dashboard or the command line, else the catalog's owner. */
  owner: string | null;
  /** Who assigned the owner in place of the catalog's, and when; null while the catalog's stands. */
  assignment: { by: string; at: string } | null;
  status: RecommendationStatus;
  issues: { tracker: string; issue: string; url: string; state: "open" | "closed" }[];
  dismissal: { reason: string; by: string; at: string } | null;
  /** What its metric did since the work done on it, once done; null before. */
  impact: RecommendationImpact | null;
  /** For an upgrade, the recommendation it is listed under (the first it is part of); null for a recommendation. */
  upgrade_of: string | null;
}

/**
 * Recommendations in the order given, each with its status, issues,
 * dismissal and, once acted on, its impact (`recommendationImpacts`), and
 * after each the upgrades it splits into (listed under the first
 * recommendation they are part of): a split recommendation's status is
 * its upgrades' (`splitStatus`).
 */
export async function listRecommendations(
  store: Store,
  recommendations: readonly Recommendation[],
  impacts: ReadonlyMap<string, RecommendationImpact> = new Map(),
  upgrades: readonly UpgradePiece[] = [],
): Promise<RecommendationRow[]> {
  const links = await readLinks(store);
  const dismissals = await readDismissals(store);
  const assignments = await readAssignments(store);
  const owned = withAssignedOwners(recommendations, assignments);
  const upgradeDismissed = upgradeDismissals(upgrades, dismissals);
  const linksOf = (id: string) => links.filter((link) => link.recommendation_id === id);
  const upgradeRows = withParentOwners(upgrades, owned).map((piece): RecommendationRow => {
    const dismissal = upgradeDismissed.get(piece.id);
    const own = linksOf(piece.id);
    return {
      id: piece.id,
      title: piece.title,
      priority: piece.priority,
      owner: piece.owner,
      assignment: null,
      status: upgradeStatus(own, dismissal),
      issues: own.filter((link) => link.cleared_at === null).map(issueOf),
      dismissal: dismissal ? dismissalOf(dismissal) : null,
      impact: null,
      upgrade_of: piece.parent_ids[0] ?? null,
    };
  });
  return owned.flatMap((recommendation) => {
    const own = linksOf(recommendation.id);
    const dismissal = dismissals.get(recommendation.id);
    const assignment = assignments.get(recommendation.id);
    const impact = impacts.get(recommendation.id) ?? null;
    const pieces = upgrades.filter((piece) => piece.parent_ids.includes(recommendation.id));
    const status = splitStatus(
      recommendationStatus(own, dismissal, impact?.verdict),
      upgradeRows.filter((row) => pieces.some((piece) => piece.id === row.id)).map((row) => row.status),
    );
    const row: RecommendationRow = {
      id: recommendation.id,
      title: recommendation.title,
      priority: recommendation.priority,
      owner: recommendation.owner,
      assignment: assignment
        ? { by: assignment.assigned_by, at: new Date(assignment.assigned_at).toISOString() }
        : null,
      status,
      issues: own.filter((link) => link.cleared_at === null).map(issueOf),
      dismissal: dismissal ? dismissalOf(dismissal) : null,
      impact,
      upgrade_of: null,
    };
    return [row, ...upgradeRows.filter((upgrade) => upgrade.upgrade_of === recommendation.id)];
  });
}

const issueOf = ({ tracker, issue, url, state }: TrackerLink) => ({ tracker, issue, url, state });
const dismissalOf = (d: Dismissal) => ({
  reason: d.reason,
  by: d.dismissed_by,
  at: new Date(d.dismissed_at).toISOString(),
});

/** Who changes a recommendation, when, and from where (null from the CLI). */
export interface ChangedBy {
  actor: string;
  now: number;
  ip: string | null;
}

/**
 * Sets a recommendation aside, with why and who: the next sync closes its
 * issues with that reason. Audited. Only a recommendation of the period
 * can be dismissed, so that a typo is not kept as a dismissal.
 */
export async function dismissRecommendation(
  store: Store,
  auth: AuthStore,
  recommendations: readonly Recommendation[],
  dismissal: Dismissal,
  ip: string | null = null,
): Promise<void> {
  requireRecommendation(recommendations, dismissal.recommendation_id);
  if (dismissal.reason.trim() === "")
    throw new SecmetricsError("invalid_input", "a dismissal needs a reason", "say why it is set aside");
  await saveDismissal(store, dismissal);
  await auth.audit({
    at: dismissal.dismissed_at,
    actor: dismissal.dismissed_by,
    action: "recommendation.dismiss",
    target: dismissal.recommendation_id,
    detail: { reason: dismissal.reason },
    ip,
  });
}

/**
 * Links a recommendation to an issue someone filed by hand, in place of any
 * earlier one in that tracker: the next sync finds it by its number or key
 * and writes the recommendation into it, and its closing counts as the work
 * done. Audited.
 */
export async function linkIssue(
  store: Store,
  auth: AuthStore,
  recommendations: readonly Recommendation[],
  link: { recommendation_id: string; tracker: string; issue: string; url: string },
  by: ChangedBy,
): Promise<TrackerLink> {
  requireRecommendation(recommendations, link.recommendation_id);
  if (!(TRACKERS as readonly string[]).includes(link.tracker))
    throw new SecmetricsError(
      "invalid_input",
      `no tracker "${link.tracker}"`,
      `one of ${TRACKERS.join(", ")}`,
    );
  const issue = link.issue.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(issue))
    throw new SecmetricsError(
      "invalid_input",
      `"${link.issue}" is not an issue number or key`,
      "e.g. 42 or SEC-42",
    );
  if (!/^https?:\/\/[^\s]+$/.test(link.url.trim()))
    throw new SecmetricsError(
      "invalid_input",
      "the issue's URL must start with https://",
      "paste it from the tracker",
    );
  // No fingerprint: the next sync sees the issue as changed and writes the recommendation into it.
  const saved: TrackerLink = {
    tracker: link.tracker as TrackerName,
    recommendation_id: link.recommendation_id,
    issue,
    url: link.url.trim(),
    state: "open",
    fingerprint: "",
    cleared_at: null,
    updated_at: by.now,
  };
  await saveLink(store, saved);
  await auth.audit({
    at: by.now,
    actor: by.actor,
    action: "recommendation.link",
    target: link.recommendation_id,
    detail: { tracker: saved.tracker, issue: saved.issue, url: saved.url },
    ip: by.ip,
  });
  return saved;
}

/**
 * Puts a person or team in charge of a recommendation in place of the
 * catalog's owner: listed as its owner from now on, and its issue assigned
 * to them (through the tracker's assignee map) on the next sync. Audited.
 */
export async function assignRecommendation(
  store: Store,
  auth: AuthStore,
  recommendations: readonly Recommendation[],
  assignment: Assignment,
  ip: string | null = null,
): Promise<void> {
  requireRecommendation(recommendations, assignment.recommendation_id);
  const owner = assignment.owner.trim();
  if (owner === "" || owner.length > 200)
    throw new SecmetricsError(
      "invalid_input",
      owner === "" ? "an assignment needs an owner" : "an owner's name is at most 200 characters",
      "a person or team, as the catalog and the tracker's assignee map name them",
    );
  await saveAssignment(store, { ...assignment, owner });
  await auth.audit({
    at: assignment.assigned_at,
    actor: assignment.assigned_by,
    action: "recommendation.assign",
    target: assignment.recommendation_id,
    detail: { owner },
    ip,
  });
}

function requireRecommendation(recommendations: readonly Recommendation[], id: string): void {
  if (!recommendations.some((r) => r.id === id))
    throw new SecmetricsError(
      "not_found",
      `no recommendation ${id} in the period`,
      "`secmetrics recommendations` lists their ids",
    );
}
