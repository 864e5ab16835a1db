/** The trackers a recommendation can become an issue in. */
export const TRACKERS = ["github", "gitlab", "jira"] as const;
export type TrackerName = (typeof TRACKERS)[number];

/**
 * Where a recommendation stands. `verified_effective` and `verified_no_effect`
 * are set by a later check of the metric after the work is done; a sync sets
 * the others.
 */
/** Why secmetrics closes an issue: trackers that record a reason say "completed" or "not planned". */
export type CloseReason = "cleared" | "dismissed";

export type RecommendationStatus =
  | "new"
  | "tracked"
  | "done_awaiting_verification"
  | "verified_effective"
  | "verified_no_effect"
  | "dismissed";

/** The issue a recommendation should have, as the tracker's adapter sends it. */
export interface IssueDraft {
  recommendation_id: string;
  title: string;
  /** Markdown, ending with the marker that finds the issue again (`issueMarker`). */
  body: string;
  labels: string[];
  /** Tracker user names (GitHub logins, GitLab user ids, Jira account ids), from the owner. */
  assignees: string[];
  /** A hash of title and body: an issue is updated only when it changes. */
  fingerprint: string;
}

/** An issue as the tracker holds it now. */
export interface UpstreamIssue {
  recommendation_id: string;
  /** The issue number (GitHub), iid (GitLab) or key (Jira). */
  issue: string;
  url: string;
  state: "open" | "closed";
}

/** What the store remembers of an issue a sync created: the link and what the tracker said last. */
export interface TrackerLink {
  tracker: TrackerName;
  recommendation_id: string;
  issue: string;
  url: string;
  /** The issue's state as last seen. */
  state: "open" | "closed";
  fingerprint: string;
  /** When the recommendation's condition was seen cleared (its issue closed by the sync); null while it holds. */
  cleared_at: number | null;
  updated_at: number;
}

/** A recommendation set aside by a person, with why. */
export interface Dismissal {
  recommendation_id: string;
  reason: string;
  dismissed_by: string;
  dismissed_at: number;
}

/** A person put in charge of a recommendation in place of the catalog's owner, by someone, at a time. */
export interface Assignment {
  recommendation_id: string;
  owner: string;
  assigned_by: string;
  assigned_at: number;
}

/** One step of a sync: what to ask the tracker, or what to record of what it says. */
export type TrackerAction =
  | { kind: "create"; draft: IssueDraft }
  /** An issue carrying the marker exists though the store has no link (a sync stopped after creating it). */
  | { kind: "adopt"; draft: IssueDraft; upstream: UpstreamIssue }
  | { kind: "update"; draft: IssueDraft; issue: string }
  /** The condition cleared, or the recommendation was dismissed: comment and close. */
  | { kind: "close"; recommendation_id: string; issue: string; comment: string; because: CloseReason }
  /** Closed in the tracker while the recommendation holds: done, awaiting verification. */
  | { kind: "closed_upstream"; recommendation_id: string; issue: string }
  /** Reopened in the tracker: tracked again. */
  | { kind: "reopened_upstream"; recommendation_id: string; issue: string }
  /** An upgrade closed in the tracker whose findings a later scan no longer finds: verified. */
  | { kind: "verified"; recommendation_id: string; issue: string }
  | { kind: "leave"; recommendation_id: string; issue: string };
