import type { ActionItem } from "../../domains/action-items/records.ts";
import {
  CONTROL_RESULTS,
  type ControlReview,
  POSTMORTEM_STATUSES,
  type Postmortem,
  type RootCause,
  type Web3Loss,
} from "../../domains/postmortems/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { frontMatterActions } from "../action-items/action-item-fields.ts";
import { isAnswerLibraryName } from "../answer-library/answer-library.ts";
import { defineImporter } from "../define-importer.ts";
import type { DirectorySource, ImportContext, RecordItem } from "../importer.ts";
import { FieldReader, isObject, type Json, mappingList } from "../shared/fields.ts";
import { frontMatterPages, isMarkdownFolder } from "../shared/markdown-folder.ts";
import { directory } from "../shared/readers.ts";
import { folderSnapshotTime } from "../shared/snapshot-time.ts";
import { isTabletopsFolder } from "../tabletops/tabletops.ts";

const WEB3_FIELDS = ["chain", "protocol", "tx_hashes", "loss_usd", "attack_type"] as const;
const FRONT_MATTER_FIELDS = new Set([
  "event",
  "title",
  "status",
  "date",
  "published_at",
  "authors",
  "summary",
  "trigger",
  "detection",
  "root_causes",
  "contributing_factors",
  "controls_reviewed",
  "lessons",
  "actions",
  ...WEB3_FIELDS,
]);

/**
 * A folder of post-mortems as teams keep them in git: one Markdown file
 * each, its YAML front matter between `---` lines holding what is counted
 * (`event`, `status`, `date` required; `published_at` once published), the
 * prose below it left as written. The folder is one snapshot at
 * `--scanned-at` (else the import's time); a post-mortem's identity is its
 * `event`, an action item's its `id` (else `<event>#<n>`, by its place in
 * `actions`). A Markdown file without front matter naming an `event` (a
 * README, a template) is left out; a folder named after tabletops is theirs.
 */
export const postmortemsFolder = defineImporter({
  id: "postmortems",
  title: "Post-mortems folder (Markdown with YAML front matter)",
  feed: "postmortems",
  kinds: ["postmortem", "action_item"],
  identityOptions: ["scannedAt"],
  // Tabletops and answer libraries are folders of Markdown with front matter too: their names tell them apart.
  detect: (sample) =>
    isMarkdownFolder(sample.files ?? []) && !isTabletopsFolder(sample) && !isAnswerLibraryName(sample.name),
  read: directory(readPostmortems),
});

async function* readPostmortems(
  folder: DirectorySource,
  ctx: ImportContext,
): AsyncIterable<RecordItem<Postmortem | ActionItem>> {
  const snapshotAt = folderSnapshotTime(folder, ctx);
  let found = 0;
  const events = new Map<string, string>();
  for await (const page of frontMatterPages(folder, "event", "post-mortem")) {
    if ("leftOut" in page) {
      yield { line: 1, leftOut: page.leftOut };
      continue;
    }
    found++;
    const items = postmortemItems(page.value, page.path, snapshotAt, ctx);
    const event = items.postmortem.event;
    if (events.has(event))
      items.problems.push(`event ${event} already has a post-mortem: ${events.get(event)}`);
    events.set(event, page.path);
    if (items.problems.length > 0) {
      yield { line: 1, problem: `${page.path}:${page.lines.event ?? 1}: ${items.problems.join("; ")}` };
      continue;
    }
    yield { line: 1, record: items.postmortem };
    for (const action of items.actions) yield { line: 1, record: action };
  }
  if (found === 0)
    throw new InvalidInputError(folder.name, [{ line: 1, reason: "no post-mortem in the folder" }]);
}

function postmortemItems(value: Json, path: string, snapshotAt: number, ctx: ImportContext) {
  const fields = new FieldReader(value, ctx.timezone);
  const event = fields.requiredText("event");
  const date = fields.requiredTimestamp("date");
  const published_at = fields.timestamp("published_at");
  fields.order("date", date, "published_at", published_at);
  const postmortem: Postmortem = {
    kind: "postmortem",
    feed: "postmortems",
    external_id: event,
    snapshot_at: snapshotAt,
    event,
    file: path,
    title: fields.text("title"),
    status: fields.requiredOneOf("status", POSTMORTEM_STATUSES) ?? "draft",
    date,
    published_at,
    authors: fields.list("authors"),
    summary: fields.text("summary"),
    trigger: fields.text("trigger"),
    detection: fields.text("detection"),
    root_causes: rootCauses(value.root_causes, fields.problems),
    contributing_factors: fields.list("contributing_factors"),
    controls_reviewed: controlReviews(value.controls_reviewed, fields.problems),
    lessons: fields.text("lessons"),
    web3: web3Loss(fields, value),
    attributes: fields.attributes(FRONT_MATTER_FIELDS),
  };
  if (postmortem.status === "published" && published_at === null)
    fields.problems.push("a published post-mortem needs published_at");
  const problems = fields.problems;
  const actions = frontMatterActions(
    value.actions,
    {
      feed: "postmortems",
      snapshot_at: snapshotAt,
      origin: "postmortem",
      origin_ref: event,
      created_at: published_at ?? date,
    },
    ctx.timezone,
    problems,
  );
  return { postmortem, actions, problems };
}

/** Root causes as category words (`- config-change`) or mappings (`- category: …, description: …`). */
function rootCauses(value: unknown, problems: string[]): RootCause[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push("root_causes is not a list");
    return [];
  }
  return value.flatMap((entry, index): RootCause[] => {
    const category = typeof entry === "string" ? entry : isObject(entry) ? entry.category : undefined;
    if (typeof category !== "string" || category.trim() === "") {
      problems.push(`root_causes[${index}] has no category`);
      return [];
    }
    const description = isObject(entry) && typeof entry.description === "string" ? entry.description : null;
    return [{ category: category.trim().toLowerCase(), description }];
  });
}

function controlReviews(value: unknown, problems: string[]): ControlReview[] {
  return mappingList(value, "controls_reviewed", problems).flatMap((entry, index): ControlReview[] => {
    const control = typeof entry.control === "string" ? entry.control.trim() : "";
    const result = CONTROL_RESULTS.find((known) => known === entry.result);
    if (control === "" || result === undefined) {
      problems.push(
        `controls_reviewed[${index}] needs a control and a result (${CONTROL_RESULTS.join(", ")})`,
      );
      return [];
    }
    return [{ control, result }];
  });
}

/** The smart contract incident's figures, when the front matter names any of them. */
function web3Loss(fields: FieldReader, value: Json): Web3Loss | null {
  if (!WEB3_FIELDS.some((name) => value[name] !== undefined)) return null;
  const loss = fields.text("loss_usd");
  const loss_usd = loss === null ? null : Number(loss);
  if (loss_usd !== null && !(Number.isFinite(loss_usd) && loss_usd >= 0))
    fields.problems.push(`loss_usd: "${loss}" is not an amount`);
  return {
    chain: fields.text("chain"),
    protocol: fields.text("protocol"),
    tx_hashes: fields.list("tx_hashes"),
    loss_usd: loss_usd !== null && Number.isFinite(loss_usd) ? loss_usd : null,
    attack_type: fields.text("attack_type"),
  };
}
