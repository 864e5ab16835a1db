import type { MaturityGap } from "../domains/maturity/roadmap.ts";
import { roadmapAction } from "../domains/maturity/roadmap.ts";
import type { MaturityStatus, PracticeStatus, ScopeStatus } from "../domains/maturity/status.ts";
import { markdownTable } from "./markdown.ts";
import { terminalTable } from "./terminal-table.ts";

/** The renderings of `secmetrics maturity`: where each scope stands and the roadmap to its targets. */

const score = (value: number) => value.toFixed(2);
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const change = (value: number | null) =>
  value === null ? "first" : value === 0 ? "=" : `${value > 0 ? "+" : "−"}${score(Math.abs(value))}`;
const target = (practice: PracticeStatus) =>
  practice.target === null ? "—" : `${score(practice.target)} ${practice.target_level}`;
const gapText = (practice: PracticeStatus) =>
  practice.target === null
    ? ""
    : practice.score >= practice.target
      ? "met"
      : score(practice.target - practice.score);
/** The first activity to work on, and how many more the target needs. */
const next = (activities: MaturityGap["next"]) => {
  const [first] = activities;
  if (!first) return "";
  const more = activities.length > 1 ? ` (+${activities.length - 1} more)` : "";
  return `${first.question} ${first.activity}${more}`;
};

export function scopeHeading(scope: ScopeStatus): string {
  const by = scope.assessor ? ` by ${scope.assessor}` : "";
  const previous =
    scope.previous_assessed_at === null ? "first assessment" : `previous ${day(scope.previous_assessed_at)}`;
  return `${scope.scope}: assessed ${day(scope.assessed_at)}${by} (${previous}), mean score ${score(scope.score)}`;
}

export const PRACTICE_HEAD = ["Function", "Practice", "Score", "Level", "Change", "Target", "Gap"];
export function practiceRows(scope: ScopeStatus): string[][] {
  return scope.practices.map((practice) => [
    practice.function,
    `${practice.practice} ${practice.name}${practice.unanswered > 0 ? ` (${practice.unanswered} unanswered)` : ""}`,
    score(practice.score),
    practice.level,
    change(practice.change),
    target(practice),
    gapText(practice),
  ]);
}

export const ROADMAP_HEAD = [
  "#",
  "Scope",
  "Practice",
  "From",
  "To",
  "Gap",
  "Weight",
  "Priority",
  "Next activity",
];
export function roadmapRows(roadmap: readonly MaturityGap[]): string[][] {
  return roadmap.map((gap, index) => [
    String(index + 1),
    gap.scope,
    `${gap.practice} ${gap.name}`,
    `${score(gap.score)} ${gap.level}`,
    `${score(gap.target)} ${gap.target_level}`,
    score(gap.gap),
    String(gap.weight),
    score(gap.priority),
    next(gap.next),
  ]);
}

/** Rows without rules between them, as the KPI table. */
const COMPACT = { chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } };

export function renderMaturityTable(status: MaturityStatus): string {
  if (status.scopes.length === 0) return "no SAMM assessment imported";
  const scopes = status.scopes.map(
    (scope) => `${scopeHeading(scope)}\n${terminalTable(PRACTICE_HEAD, practiceRows(scope), COMPACT)}`,
  );
  const roadmap =
    status.roadmap.length === 0
      ? "Roadmap: every practice at or above its target."
      : `Roadmap (gap × business-function weight, largest first)\n${terminalTable(ROADMAP_HEAD, roadmapRows(status.roadmap), COMPACT)}`;
  return [...scopes, roadmap].join("\n\n");
}

export function renderMaturityMarkdown(status: MaturityStatus): string {
  const sections = ["# SAMM maturity", ""];
  if (status.scopes.length === 0) return [...sections, "No SAMM assessment imported."].join("\n");
  for (const scope of status.scopes)
    sections.push(
      `## ${scopeHeading(scope)}`,
      "",
      markdownTable(PRACTICE_HEAD, practiceRows(scope), [2, 4]),
      "",
    );
  sections.push("## Roadmap", "");
  sections.push(
    status.roadmap.length === 0
      ? "Every practice is at or above its target."
      : markdownTable(ROADMAP_HEAD, roadmapRows(status.roadmap), [0, 5, 6, 7]),
  );
  return `${sections.join("\n")}\n`;
}

/** The machine form: instants in ISO 8601, scores 0–3, each roadmap step with its action item. */
export function maturityJson(status: MaturityStatus) {
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  const assessedAt = new Map(status.scopes.map((scope) => [scope.scope, scope.assessed_at]));
  return {
    scopes: status.scopes.map((scope) => ({
      ...scope,
      assessed_at: iso(scope.assessed_at),
      previous_assessed_at: iso(scope.previous_assessed_at),
    })),
    roadmap: status.roadmap.map((gap, index) => ({
      rank: index + 1,
      ...gap,
      action_item: roadmapAction(gap, index + 1, assessedAt.get(gap.scope) ?? 0),
    })),
  };
}

/**
 * The roadmap as an action items register (`action-items-csv`): one open
 * item of origin `maturity` per gap, so the steps can be tracked, and
 * counted overdue, with the rest.
 */
export function roadmapRegisterRows(status: MaturityStatus, snapshotAt: number): string[][] {
  const assessedAt = new Map(status.scopes.map((scope) => [scope.scope, scope.assessed_at]));
  const header = [
    "id",
    "title",
    "type",
    "priority",
    "status",
    "created_at",
    "origin",
    "origin_ref",
    "snapshot_at",
  ];
  return [
    header,
    ...status.roadmap.map((gap, index) => {
      const item = roadmapAction(gap, index + 1, assessedAt.get(gap.scope) ?? 0);
      return [
        item.external_id,
        item.title,
        item.type,
        item.priority ?? "",
        item.status,
        new Date(item.created_at).toISOString(),
        item.origin,
        item.origin_ref ?? "",
        new Date(snapshotAt).toISOString(),
      ];
    }),
  ];
}
