import type { BountyOutcome, BountyReport } from "../../domains/bug-bounty/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { amount, bountyReport, outcomeOf, platformTime } from "../shared/bounty-report.ts";
import { FieldReader, field, objects, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { csvTable, jsonDocument, type Table } from "../shared/readers.ts";

const FEED = "hackerone";

/** HackerOne's report states (the CSV's `substate`, the API's `state`). */
const OUTCOMES: Record<string, BountyOutcome> = {
  new: "pending",
  "pending-program-review": "pending",
  "needs-more-info": "pending",
  triaged: "valid",
  retesting: "valid",
  resolved: "valid",
  duplicate: "invalid",
  informative: "invalid",
  "not-applicable": "invalid",
  spam: "invalid",
};

const SEVERITY: Record<string, BountyReport["severity"]> = {
  none: "info",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

const CSV_FIELDS = new Set([
  "id",
  "title",
  "severity_rating",
  "substate",
  "reported_at",
  "first_response_at",
  "triaged_at",
  "closed_at",
  "awarded_at",
  "bounty",
  "bonus",
]);

/** One report from the CSV export's columns (the API's report is read into the same names). */
function report(fields: FieldReader, ctx: ImportContext): BountyReport {
  const time = (name: string) => platformTime(fields, name, ctx.timezone);
  const { state, outcome } = outcomeOf(fields, "substate", OUTCOMES);
  const rating = fields.text("severity_rating")?.toLowerCase() ?? null;
  if (rating !== null && !(rating in SEVERITY))
    fields.problems.push(`severity_rating: "${rating}" is not one of ${Object.keys(SEVERITY).join(", ")}`);
  const reported_at = time("reported_at");
  if (reported_at === null) fields.problems.push("reported_at is required");
  const closed_at = time("closed_at");
  return bountyReport(fields, {
    feed: FEED,
    external_id: fields.requiredText("id"),
    platform: "hackerone",
    title: fields.text("title"),
    severity: rating === null ? null : (SEVERITY[rating] ?? null),
    state,
    outcome,
    reported_at: reported_at ?? 0,
    first_response_at: time("first_response_at"),
    triaged_at: time("triaged_at"),
    bounty_at: time("awarded_at"),
    // Closing as a duplicate or as not applicable is no resolution.
    resolved_at: state === "resolved" ? closed_at : null,
    bounty_amount: amount(fields, "bounty", "bonus"),
  });
}

/**
 * `hackerone-csv`: the program's report export (Reports → Export as CSV):
 * `id`, `substate`, `reported_at` required; `title`, `severity_rating`,
 * `first_response_at`, `triaged_at`, `closed_at`, `awarded_at`, `bounty`,
 * `bonus`. Identity: the report `id`.
 */
const CSV: Table<BountyReport> = {
  required: ["id", "substate", "reported_at"],
  fields: CSV_FIELDS,
  recognizes: (columns) => columns.includes("severity_rating") && columns.includes("first_response_at"),
  map: report,
};

export const hackeroneCsv: Importer<RecordItem<BountyReport>> = defineImporter({
  id: "hackerone-csv",
  title: "HackerOne report export (CSV)",
  feed: FEED,
  kinds: ["bounty_report"],
  read: csvTable(CSV),
});

/**
 * `hackerone-json`: the API's reports (`GET /v1/reports`, `{"data": [...]}`
 * of `type` "report"): `attributes.state`, `created_at`,
 * `first_program_activity_at`, `triaged_at`, `closed_at`,
 * `bounty_awarded_at`; `relationships.severity` and `bounties` (amount and
 * bonus). Identity: the report `id`, as in the CSV.
 */
export const hackeroneJson: Importer<RecordItem<BountyReport>> = defineImporter({
  id: "hackerone-json",
  title: "HackerOne API reports (JSON)",
  feed: FEED,
  kinds: ["bounty_report"],
  detect: (sample) =>
    /^\s*\{\s*"data"\s*:\s*\[/.test(sample.head) && /"type"\s*:\s*"report"/.test(sample.head),
  read: jsonDocument(function* (document, ctx, text) {
    const lines = new LineFinder(text);
    for (const item of objects(document, "data")) {
      const id = str(item, "id");
      const line = lines.next(id === null ? '"id"' : `"id": ${JSON.stringify(id)}`);
      const fields = new FieldReader(apiFields(item), ctx.timezone);
      const record = report(fields, ctx);
      yield fields.problems.length > 0 ? { line, problem: fields.problems.join("; ") } : { line, record };
    }
  }),
});

/** An API report under the CSV's column names. */
function apiFields(item: Record<string, unknown>): Record<string, unknown> {
  const at = (name: string) => field(item, `attributes.${name}`);
  const bounties = objects(item, "relationships.bounties.data");
  const sum = (name: string) =>
    bounties.reduce((total, b) => total + Number(field(b, `attributes.${name}`) ?? 0), 0);
  return {
    id: field(item, "id"),
    title: at("title"),
    severity_rating: field(item, "relationships.severity.data.attributes.rating"),
    substate: at("state"),
    reported_at: at("created_at"),
    first_response_at: at("first_program_activity_at"),
    triaged_at: at("triaged_at"),
    closed_at: at("closed_at"),
    awarded_at: at("bounty_awarded_at"),
    bounty: bounties.length > 0 ? sum("amount") : null,
    bonus: bounties.length > 0 ? sum("bonus_amount") : null,
  };
}
