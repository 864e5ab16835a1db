import type { Deal } from "../../domains/trust/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { csvTable, type Table } from "../shared/readers.ts";

const DEAL_FIELDS = new Set([
  "id",
  "customer",
  "opened_at",
  "accepted_addendum",
  "security_review_started_at",
  "security_review_ended_at",
  "closed_at",
]);

/**
 * `deals-csv`, a CRM's deals: `id`, `customer`, `opened_at` and
 * `accepted_addendum` (yes/no) required; `security_review_started_at`,
 * `security_review_ended_at`, `closed_at` (empty while open). Identity:
 * the deal id, so each export updates the deals it holds.
 */
const DEALS: Table<Deal> = {
  required: ["id", "customer", "opened_at", "accepted_addendum"],
  fields: DEAL_FIELDS,
  recognizes: (columns) => columns.includes("accepted_addendum"),
  map(fields): Deal {
    const accepted = fields.boolean("accepted_addendum");
    if (accepted === null && fields.text("accepted_addendum") === null)
      fields.problems.push("accepted_addendum is required (yes or no)");
    const deal: Deal = {
      kind: "deal",
      feed: "deals",
      external_id: fields.requiredText("id"),
      customer: fields.requiredText("customer"),
      opened_at: fields.requiredTimestamp("opened_at"),
      accepted_addendum: accepted ?? false,
      security_review_started_at: fields.timestamp("security_review_started_at"),
      security_review_ended_at: fields.timestamp("security_review_ended_at"),
      closed_at: fields.timestamp("closed_at"),
    };
    if (deal.security_review_ended_at !== null && deal.security_review_started_at === null)
      fields.problems.push("security_review_ended_at without security_review_started_at");
    fields.order("opened_at", deal.opened_at, "closed_at", deal.closed_at);
    fields.order(
      "security_review_started_at",
      deal.security_review_started_at,
      "security_review_ended_at",
      deal.security_review_ended_at,
    );
    return deal;
  },
};

export const dealsCsv: Importer<RecordItem<Deal>> = defineImporter({
  id: "deals-csv",
  title: "Sales deals and their security review (CSV with a header row)",
  feed: "deals",
  kinds: ["deal"],
  read: csvTable(DEALS),
});
