import type { ActionItem } from "../../domains/action-items/records.ts";
import {
  HSEEP_RATINGS,
  type ObjectiveRating,
  type Participant,
  type Tabletop,
} from "../../domains/tabletops/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { DateTime } from "../../model/luxon.ts";
import { frontMatterActions } from "../action-items/action-item-fields.ts";
import { defineImporter } from "../define-importer.ts";
import type { DirectorySource, ImportContext, InputSample, RecordItem } from "../importer.ts";
import { FieldReader, type Json, mappingList } from "../shared/fields.ts";
import { frontMatterPages, isMarkdownFolder, isMarkdownPage } from "../shared/markdown-folder.ts";
import { directory } from "../shared/readers.ts";
import { folderSnapshotTime } from "../shared/snapshot-time.ts";

/** A folder or its pages named so: what tells tabletop reports from post-mortems, both Markdown. */
const TABLETOP_NAME = /tabletop|ttx/i;
const QUARTER = /^(?:(\d{4})-)?Q([1-4])$/i;
const FRONT_MATTER_FIELDS = new Set([
  "id",
  "scenario",
  "quarter",
  "date",
  "facilitator",
  "participants",
  "objectives",
  "strengths",
  "areas_for_improvement",
  "postmortem",
  "runbooks_updated",
  "runbooks",
  "actions",
]);

/**
 * A folder of tabletop exercise reports, one Markdown file each in the
 * shape of HSEEP's After-Action Report / Improvement Plan, its YAML front
 * matter holding what is counted (`id`, `scenario`, `date` required). The
 * folder is one snapshot at `--scanned-at` (else the import's time); a
 * tabletop's identity is its `id`, an action item's its `id` (else
 * `<tabletop id>#<n>`). Detected when the folder or every page is named
 * after tabletops (`tabletop`, `ttx`); else `--format tabletops`.
 */
export const tabletopsFolder = defineImporter({
  id: "tabletops",
  title: "Tabletop exercise reports (HSEEP AAR/IP Markdown with YAML front matter)",
  feed: "tabletops",
  kinds: ["tabletop", "action_item"],
  identityOptions: ["scannedAt"],
  detect: isTabletopsFolder,
  read: directory(readTabletops),
});

/** A Markdown folder named after tabletops, or whose every page is: what a post-mortems folder is not. */
export function isTabletopsFolder(sample: InputSample): boolean {
  const files = sample.files ?? [];
  const pages = files.filter((path) => isMarkdownPage(path) && !/(^|\/)readme\.md$/i.test(path));
  return (
    isMarkdownFolder(files) &&
    (TABLETOP_NAME.test(sample.name) || (pages.length > 0 && pages.every((path) => TABLETOP_NAME.test(path))))
  );
}

async function* readTabletops(
  folder: DirectorySource,
  ctx: ImportContext,
): AsyncIterable<RecordItem<Tabletop | ActionItem>> {
  const snapshotAt = folderSnapshotTime(folder, ctx);
  let found = 0;
  const ids = new Map<string, string>();
  for await (const page of frontMatterPages(folder, "id", "tabletop")) {
    if ("leftOut" in page) {
      yield { line: 1, leftOut: page.leftOut };
      continue;
    }
    found++;
    const items = tabletopItems(page.value, page.path, snapshotAt, ctx);
    const id = items.tabletop.external_id;
    if (ids.has(id)) items.problems.push(`tabletop ${id} is already in ${ids.get(id)}`);
    ids.set(id, page.path);
    if (items.problems.length > 0) {
      yield { line: 1, problem: `${page.path}:${page.lines.id ?? 1}: ${items.problems.join("; ")}` };
      continue;
    }
    yield { line: 1, record: items.tabletop };
    for (const action of items.actions) yield { line: 1, record: action };
  }
  if (found === 0)
    throw new InvalidInputError(folder.name, [{ line: 1, reason: "no tabletop in the folder" }]);
}

function tabletopItems(value: Json, path: string, snapshotAt: number, ctx: ImportContext) {
  const fields = new FieldReader(value, ctx.timezone);
  const id = fields.requiredText("id");
  const date = fields.requiredTimestamp("date");
  const problems = fields.problems;
  const actions = frontMatterActions(
    value.actions,
    { feed: "tabletops", snapshot_at: snapshotAt, origin: "tabletop", origin_ref: id, created_at: date },
    ctx.timezone,
    problems,
  );
  const tabletop: Tabletop = {
    kind: "tabletop",
    feed: "tabletops",
    external_id: id,
    snapshot_at: snapshotAt,
    file: path,
    scenario: fields.requiredText("scenario"),
    quarter: quarterOf(fields, date, ctx.timezone),
    date,
    facilitator: fields.text("facilitator"),
    participants: participants(value.participants, ctx.timezone, problems),
    objectives: objectives(value.objectives, ctx.timezone, problems),
    strengths: fields.list("strengths"),
    improvements: fields.list("areas_for_improvement"),
    postmortem: fields.text("postmortem"),
    runbooks_updated: fields.list("runbooks_updated"),
    runbooks_exercised: fields.list("runbooks"),
    actions: actions.length,
    attributes: fields.attributes(FRONT_MATTER_FIELDS),
  };
  return { tabletop, actions, problems };
}

/** The quarter it stands for: `2026-Q2`, or `Q2` of the year of its date; else the quarter of its date. */
function quarterOf(fields: FieldReader, date: number, zone: string): string {
  const held = DateTime.fromMillis(date, { zone });
  const given = fields.text("quarter");
  if (given === null) return `${held.year}-Q${held.quarter}`;
  const match = QUARTER.exec(given);
  if (!match) {
    fields.problems.push(`quarter: "${given}" is not a quarter (Q2 or 2026-Q2)`);
    return "";
  }
  return `${match[1] ?? held.year}-Q${match[2]}`;
}

function participants(value: unknown, zone: string, problems: string[]): Participant[] {
  return mappingList(value, "participants", problems).map((entry, index) => {
    const fields = new FieldReader(entry, zone);
    const participant = { name: fields.requiredText("name"), role: fields.requiredText("role") };
    problems.push(...fields.problems.map((problem) => `participants[${index}]: ${problem}`));
    return participant;
  });
}

function objectives(value: unknown, zone: string, problems: string[]): ObjectiveRating[] {
  return mappingList(value, "objectives", problems).flatMap((entry, index): ObjectiveRating[] => {
    const fields = new FieldReader(entry, zone);
    const objective = fields.requiredText("objective");
    const rating = HSEEP_RATINGS.find((known) => known === fields.text("rating")?.toUpperCase());
    if (rating === undefined)
      fields.problems.push(
        `rating: "${fields.text("rating") ?? ""}" is not one of ${HSEEP_RATINGS.join(", ")}`,
      );
    problems.push(...fields.problems.map((problem) => `objectives[${index}]: ${problem}`));
    return rating === undefined ? [] : [{ objective, rating }];
  });
}
