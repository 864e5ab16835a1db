import { createHash } from "node:crypto";
import type { Recommendation, RecordRef } from "./recommendation.ts";
import type { IssueDraft } from "./tracker-issue.ts";

/** How issues are labelled and assigned in one tracker. */
export interface DraftOptions {
  /** Every issue gets these; the first is the one a sync lists issues by. */
  labels: readonly string[];
  /** Owner (team or person, as the catalog names it) → tracker user. */
  assignees: Readonly<Record<string, string>>;
}

/** `<!-- secmetrics:rec=… -->`: the end of every issue body, how a sync finds its issue again without the store. */
export function issueMarker(recommendationId: string): string {
  return `<!-- secmetrics:rec=${recommendationId} -->`;
}

const MARKER = /<!-- secmetrics:rec=(.+?) -->/;

/** The recommendation id an issue body's marker holds, if any. */
export function markedRecommendation(body: string | null | undefined): string | null {
  return MARKER.exec(body ?? "")?.[1] ?? null;
}

/** One upgrade a recommendation's issue lists as a task: its own issue, once filed, and whether it is closed. */
export interface UpgradeTask {
  title: string;
  /** The upgrade's issue; null until a sync files it. */
  url: string | null;
  done: boolean;
}

/**
 * The issue of one recommendation: its action as the title; priority,
 * metric and owner, the why, the expected impact, the upgrades it splits
 * into as a checklist of their issues, and the records grouped by what one
 * fix is about (the findings of one image together, each CVE a line), then
 * the figures and the marker.
 */
export function issueDraft(
  recommendation: Recommendation,
  options: DraftOptions,
  upgrades: readonly UpgradeTask[] = [],
): IssueDraft {
  const owner = recommendation.owner;
  const body = [
    `**${recommendation.priority} priority** · metric \`${recommendation.metric_id}\` · ${recommendation.category} · owner ${owner ?? "none"}`,
    "",
    recommendation.rationale,
    "",
    `**Expected impact:** ${recommendation.expected_impact}`,
    ...upgradeLines(upgrades),
    ...recordLines(recommendation),
    "",
    `**Figures:** ${recommendation.statistics}`,
    "",
    issueMarker(recommendation.id),
  ].join("\n");
  return finishDraft(recommendation.id, recommendation.title, body, owner, options);
}

/** A draft with its labels, its owner's assignee and the fingerprint that says when it changed. */
export function finishDraft(
  recommendationId: string,
  title: string,
  body: string,
  owner: string | null,
  options: DraftOptions,
): IssueDraft {
  const assignee = owner ? options.assignees[owner] : undefined;
  const labels = [...options.labels];
  const assignees = assignee ? [assignee] : [];
  return {
    recommendation_id: recommendationId,
    title,
    body,
    labels,
    assignees,
    fingerprint: createHash("sha256")
      .update(JSON.stringify([title, body, labels, assignees]))
      .digest("hex")
      .slice(0, 16),
  };
}

/** "- [x] Upgrade openssl to 3.0.15 in …: https://…/issues/4": a task per upgrade, checked once its issue is closed. */
function upgradeLines(upgrades: readonly UpgradeTask[]): string[] {
  if (upgrades.length === 0) return [];
  return [
    "",
    `**Upgrades** (${upgrades.length}), one issue each:`,
    ...upgrades.map(
      (task) =>
        `- [${task.done ? "x" : " "}] ${task.title}${task.url ? `: ${task.url}` : " (not filed yet)"}`,
    ),
  ];
}

/** "### registry.example/api:main" then "- CVE-2026-0105 — critical, curl, …": records grouped by what they are on. */
function recordLines(recommendation: Recommendation): string[] {
  const { records, records_total: total } = recommendation;
  if (records.length === 0) return [];
  const shown = records.length < total ? `${records.length} of ${total}` : `${total}`;
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const [subject, item] = subjectOf(record);
    const line = `- ${item}${record.detail ? ` — ${record.detail}` : ""}${record.resolved ? " (resolved)" : ""}`;
    groups.set(subject, [...(groups.get(subject) ?? []), line]);
  }
  const lines = [...groups].flatMap(([subject, items]) =>
    subject ? ["", `### ${subject}`, ...items] : ["", ...items],
  );
  return ["", `**Records** (${shown}):`, ...lines];
}

/** A finding's label "CVE-2026-0105 on registry.example/api:main" → its target and its id; others stand alone. */
function subjectOf(record: RecordRef): [subject: string, item: string] {
  const at = record.kind === "finding" ? record.label.indexOf(" on ") : -1;
  return at < 0 ? ["", record.label] : [record.label.slice(at + 4), record.label.slice(0, at)];
}
