import { actionItemState } from "../domains/action-items/compute.ts";
import { ACTION_ITEM, type ActionItem } from "../domains/action-items/records.ts";
import { incidentsOf, latestPostmortems } from "../domains/postmortems/queries.ts";
import type { Postmortem } from "../domains/postmortems/records.ts";
import { formatDate } from "../model/format.ts";
import type { QuarterlySectionBuilder } from "./quarterly-section.ts";

const DAY_MS = 86_400_000;

/** The post-mortems published in the quarter: what each event taught, and how the controls held. */
export const postmortemLearnings: QuarterlySectionBuilder = async ({ store, quarter, timezone }) => {
  const published = (await latestPostmortems(store))
    .filter(
      (postmortem) =>
        postmortem.status === "published" &&
        postmortem.published_at !== null &&
        postmortem.published_at >= quarter.start &&
        postmortem.published_at < quarter.end,
    )
    .sort((a, b) => a.date - b.date || a.event.localeCompare(b.event));
  return {
    id: "postmortem_learnings",
    title: "Post-mortem Learnings",
    definition:
      "Post-mortems published in the quarter, as the post-mortems folder's latest import holds them, the earliest event first.",
    columns: ["Event", "Date", "Summary", "Root causes", "Lessons", "Controls reviewed"],
    rows: published.map((postmortem) => [
      postmortem.title ? `${postmortem.event}: ${postmortem.title}` : postmortem.event,
      formatDate(postmortem.date, timezone),
      postmortem.summary ?? "not written",
      rootCauses(postmortem),
      postmortem.lessons ?? "not written",
      postmortem.controls_reviewed.map(({ control, result }) => `${control}: ${result}`).join("; ") || "none",
    ]),
    empty: "No post-mortem was published in the quarter.",
  };
};

function rootCauses(postmortem: Postmortem): string {
  if (postmortem.root_causes.length === 0) return "not recorded";
  return postmortem.root_causes
    .map(({ category, description }) => (description ? `${category} (${description})` : category))
    .join("; ");
}

/** The action items overdue at the quarter's end, by the rule `action_items_overdue` counts them. */
export const overdueActionItems: QuarterlySectionBuilder = async ({ store, quarter, timezone }) => {
  const overdue = (await store.snapshot<ActionItem>(ACTION_ITEM.kind, quarter.end))
    .filter((item) => actionItemState(item, quarter.end) === "overdue")
    .sort((a, b) => (a.due_at ?? 0) - (b.due_at ?? 0) || a.external_id.localeCompare(b.external_id));
  return {
    id: "overdue_action_items",
    title: "Overdue Action Items",
    definition:
      "Action items open or in progress at the quarter's end and past their due date, from each register's latest snapshot before it, the longest overdue first.",
    columns: ["Item", "Title", "Owner", "Due", "Days overdue", "From"],
    rows: overdue.map((item) => [
      item.external_id,
      item.title,
      item.owner ?? "unassigned",
      formatDate(item.due_at ?? quarter.end, timezone),
      String(Math.floor((quarter.end - (item.due_at ?? quarter.end)) / DAY_MS)),
      item.origin_ref ? `${item.origin} ${item.origin_ref}` : item.origin,
    ]),
    empty: "No action item was overdue at the quarter's end.",
  };
};

/** The near-misses reported in the quarter, each with whether a post-mortem learned from it. */
export const nearMisses: QuarterlySectionBuilder = async ({ store, quarter, timezone }) => {
  const [events, postmortems] = await Promise.all([incidentsOf(store, quarter), latestPostmortems(store)]);
  const postmortemOf = new Map(postmortems.map((postmortem) => [postmortem.event, postmortem]));
  const reported = events.filter((event) => event.event_kind === "near_miss");
  return {
    id: "near_misses",
    title: "Near-misses",
    definition:
      "Events of the incidents exports marked as near-misses and detected in the quarter: what almost happened, and whether a post-mortem learned from it.",
    columns: ["Event", "Title", "Detected", "Severity", "Post-mortem"],
    rows: reported.map((event) => [
      event.external_id,
      event.title ?? "untitled",
      formatDate(event.detected_at, timezone),
      event.severity ?? "not rated",
      postmortemOf.get(event.external_id)?.status.replace("_", " ") ?? "none",
    ]),
    empty: "No near-miss was reported in the quarter.",
  };
};
