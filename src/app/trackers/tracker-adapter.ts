import type { CloseReason, IssueDraft, TrackerName, UpstreamIssue } from "../../review/tracker-issue.ts";

/** A tracker's issues as a sync sees them: a thin layer over its REST API, one call per method. */
export interface TrackerAdapter {
  readonly name: TrackerName;
  /** Where the issues go, in words: "github acme/api", "jira SEC". */
  readonly where: string;
  /** The issues a sync made, open and closed, each with the recommendation it is for; `ids` are the ones it may find. */
  list(ids: readonly string[]): Promise<UpstreamIssue[]>;
  /** One issue by its number or key (a search may not show it yet), or null when it is gone. */
  get(issue: string, recommendationId: string): Promise<UpstreamIssue | null>;
  create(draft: IssueDraft): Promise<UpstreamIssue>;
  update(issue: string, draft: IssueDraft): Promise<void>;
  /** Comments, then closes, saying why where the tracker records it. */
  close(issue: string, comment: string, because: CloseReason): Promise<void>;
}
