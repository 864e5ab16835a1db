import type { BountyOutcome, BountyReport } from "../../domains/bug-bounty/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { amount, bountyReport, outcomeOf, platformTime } from "../shared/bounty-report.ts";
import { csvTable, type Table } from "../shared/readers.ts";

const FEED = "bugcrowd";

/**
 * Bugcrowd's submission substates. `triaged` is Bugcrowd's own validation,
 * still awaiting the program's acceptance (`unresolved`); `wont_fix` was
 * accepted as valid and left as it is.
 */
const OUTCOMES: Record<string, BountyOutcome> = {
  new: "pending",
  triaged: "pending",
  unresolved: "valid",
  resolved: "valid",
  wont_fix: "valid",
  duplicate: "invalid",
  informational: "invalid",
  not_applicable: "invalid",
  not_reproducible: "invalid",
  out_of_scope: "invalid",
};

/** Bugcrowd's priorities P1 (critical) to P5 (informational). */
const SEVERITY: Record<string, BountyReport["severity"]> = {
  "1": "critical",
  "2": "high",
  "3": "medium",
  "4": "low",
  "5": "info",
};

const FIELDS = new Set([
  "reference_number",
  "title",
  "priority",
  "amount",
  "paid_at",
  "substate",
  "duplicate",
  "submitted_at",
  "validated_at",
  "closed_at",
]);

/**
 * `bugcrowd-csv`: the program's submissions export: `reference_number`,
 * `substate`, `submitted_at` required; `title`, `priority`, `amount`,
 * `paid_at`, `duplicate`, `validated_at`, `closed_at`. Bugcrowd records no
 * first response apart from its validation (`validated_at`, the triage).
 * Identity: `reference_number`.
 */
const SUBMISSIONS: Table<BountyReport> = {
  required: ["reference_number", "substate", "submitted_at"],
  fields: FIELDS,
  recognizes: (columns) => columns.includes("bounty_code") || columns.includes("vrt_lineage"),
  map(fields, ctx): BountyReport {
    const time = (name: string) => platformTime(fields, name, ctx.timezone);
    const decided = outcomeOf(fields, "substate", OUTCOMES);
    // The duplicate flag can sit beside any substate: a duplicate is not a valid report.
    const { state, outcome } = fields.boolean("duplicate")
      ? { state: "duplicate", outcome: "invalid" as const }
      : decided;
    const priority = fields.text("priority")?.replace(/^p/i, "") ?? null;
    if (priority !== null && !(priority in SEVERITY))
      fields.problems.push(`priority: "${priority}" is not 1 to 5`);
    const reported_at = time("submitted_at");
    if (reported_at === null) fields.problems.push("submitted_at is required");
    return bountyReport(fields, {
      feed: FEED,
      external_id: fields.requiredText("reference_number"),
      platform: "bugcrowd",
      title: fields.text("title"),
      severity: priority === null ? null : (SEVERITY[priority] ?? null),
      state,
      outcome,
      reported_at: reported_at ?? 0,
      first_response_at: null,
      triaged_at: time("validated_at"),
      bounty_at: time("paid_at"),
      resolved_at: state === "resolved" ? time("closed_at") : null,
      bounty_amount: amount(fields, "amount"),
    });
  },
};

export const bugcrowdCsv: Importer<RecordItem<BountyReport>> = defineImporter({
  id: "bugcrowd-csv",
  title: "Bugcrowd submissions export (CSV)",
  feed: FEED,
  kinds: ["bounty_report"],
  read: csvTable(SUBMISSIONS),
});
