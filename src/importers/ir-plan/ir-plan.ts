import type {
  EscalationPath,
  IrContact,
  IrPlan,
  IrRole,
  Runbook,
} from "../../domains/ir-readiness/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { Duration } from "../../model/luxon.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { FieldReader, type Json, mappingList } from "../shared/fields.ts";
import { stream } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";
import { readYamlLists, type YamlItems } from "../shared/yaml.ts";

type PlanItem = RecordItem<IrPlan | IrRole | Runbook>;

const FEED = "ir-plan";
const LISTS = ["roles", "runbooks", "contacts", "escalation"] as const;

/** Review cadences in words, as plans write them, and the ISO 8601 durations they stand for. */
const CADENCE_WORDS: Record<string, string> = {
  monthly: "P1M",
  quarterly: "P3M",
  semiannually: "P6M",
  "semi-annually": "P6M",
  "half-yearly": "P6M",
  annually: "P1Y",
  yearly: "P1Y",
};

/**
 * The incident-response plan as YAML (`ir-plan`): top-level `id`, `title`
 * (required), `owner`, `snapshot_at` (else `--scanned-at`),
 * `review_every` (the runbooks' default cadence), and the lists `roles`
 * (`id`, `name` required; `holder`, `deputy`: a person id or e-mail, empty
 * when vacant), `runbooks` (`id`, `title` required; `owner`,
 * `review_every` (ISO 8601 duration or monthly, quarterly, semiannually,
 * annually), `last_reviewed`, `link`), `contacts` (`id`, `name` required;
 * `type`, `phone`, `email`, `url`) and `escalation` (`id`, `trigger`
 * required; `steps`, each `notify` (role or contact ids) and `within` (an
 * ISO 8601 duration)). Each import is the whole plan at its snapshot
 * instant: a role or runbook it no longer lists is gone from then on.
 * Identity: a role's, runbook's, contact's or path's `id` within the plan;
 * one plan per feed. Any problem refuses the whole file.
 */
export const irPlanYaml = defineImporter({
  id: "ir-plan",
  title: "Incident-response plan (YAML with roles, runbooks, contacts and escalation paths)",
  feed: FEED,
  kinds: ["ir_plan", "ir_role", "runbook"],
  identityOptions: ["scannedAt"],
  detect: (sample) =>
    /\.ya?ml$/i.test(sample.name) &&
    /^roles:\s*(#.*)?$/m.test(sample.head) &&
    /^runbooks:/m.test(sample.head),
  read: stream(async function* (input, ctx): AsyncIterable<PlanItem> {
    const { root, lists } = await readYamlLists(input, ctx.file, LISTS);
    const top = new FieldReader(root, ctx.timezone);
    const snapshotAt = snapshotTime(top, ctx, "a plan");
    const header = { feed: FEED, snapshot_at: snapshotAt };
    const defaultCadence = cadence(top, "review_every");
    const planId = top.requiredText("id");
    const title = top.requiredText("title");
    if (top.problems.length > 0)
      throw new InvalidInputError(ctx.file, [{ line: 1, reason: top.problems.join("; ") }]);
    const roles = readList(lists.get("roles"), "role", ctx.timezone, (fields) => ({
      ...header,
      kind: "ir_role" as const,
      external_id: fields.requiredText("id"),
      name: fields.requiredText("name"),
      holder: person(fields, "holder"),
      deputy: person(fields, "deputy"),
    }));
    const runbooks = readList(lists.get("runbooks"), "runbook", ctx.timezone, (fields) => ({
      ...header,
      kind: "runbook" as const,
      external_id: fields.requiredText("id"),
      title: fields.requiredText("title"),
      owner: fields.text("owner"),
      review_every: reviewCadence(fields, defaultCadence),
      last_reviewed_at: fields.timestamp("last_reviewed"),
      link: fields.text("link"),
    }));
    const contacts = readList(lists.get("contacts"), "contact", ctx.timezone, (fields) => contactOf(fields));
    const known = new Set([
      ...roles.items.map((role) => role.record.external_id),
      ...contacts.items.map((contact) => contact.record.id),
    ]);
    const paths = readList(lists.get("escalation"), "escalation path", ctx.timezone, (fields, value) =>
      escalationOf(fields, value, known, ctx),
    );
    const problems = [roles, runbooks, contacts, paths]
      .flatMap((list) => list.problems)
      .sort((a, b) => a.line - b.line);
    if (problems.length > 0) throw new InvalidInputError(ctx.file, problems);
    yield {
      line: 1,
      record: {
        ...header,
        kind: "ir_plan",
        external_id: planId,
        title,
        owner: top.text("owner"),
        contacts: contacts.items.map((item) => item.record),
        escalation: paths.items.map((item) => item.record),
      },
    };
    for (const item of [...roles.items, ...runbooks.items]) yield item;
  }),
});

/** A list's items read, each with its line, and every problem of the list at the line of its item. */
interface ReadList<T> {
  items: { line: number; record: T }[];
  problems: { line: number; reason: string }[];
}

/** Every item of one list; an item that is no mapping, or whose id was met before, is a problem at its line. */
function readList<T extends { external_id: string } | { id: string }>(
  items: YamlItems | undefined,
  what: string,
  zone: string,
  read: (fields: FieldReader, value: Json) => T,
): ReadList<T> {
  const list: ReadList<T> = { items: [], problems: [] };
  const seen = new Map<string, number>();
  for (const item of items ?? []) {
    if ("problem" in item) {
      list.problems.push({ line: item.line, reason: `${what}: ${item.problem}` });
      continue;
    }
    const fields = new FieldReader(item.value, zone);
    const record = read(fields, item.value);
    const id = "external_id" in record ? record.external_id : record.id;
    const first = seen.get(id);
    if (first !== undefined) fields.problems.push(`listed again (first on line ${first})`);
    else seen.set(id, item.line);
    list.items.push({ line: item.line, record });
    list.problems.push(
      ...fields.problems.map((reason) => ({ line: item.line, reason: `${what} ${id}: ${reason}` })),
    );
  }
  return list;
}

/** A holder or deputy: a person id or e-mail (lower-cased, as rosters differ in case), null when vacant. */
function person(fields: FieldReader, name: string): string | null {
  const text = fields.text(name);
  return text === null ? null : text.includes("@") ? text.toLowerCase() : text;
}

/** A review cadence as an ISO 8601 duration: given so, or in words; null when absent. */
function cadence(fields: FieldReader, name: string): string | null {
  const text = fields.text(name);
  if (text === null) return null;
  const worded = CADENCE_WORDS[text.toLowerCase()];
  if (worded !== undefined) return worded;
  const duration = Duration.fromISO(text.toUpperCase());
  if (duration.isValid && duration.toMillis() > 0) return text.toUpperCase();
  fields.problems.push(
    `${name}: "${text}" is not an ISO 8601 duration (P6M, P90D) nor ${Object.keys(CADENCE_WORDS).join(", ")}`,
  );
  return null;
}

/** A runbook's cadence, else the plan's: a runbook with neither cannot be judged reviewed in time. */
function reviewCadence(fields: FieldReader, planDefault: string | null): string {
  const own = cadence(fields, "review_every") ?? planDefault;
  if (own === null && fields.text("review_every") === null)
    fields.problems.push("review_every is required (on the runbook or at the top of the plan)");
  return own ?? "";
}

function contactOf(fields: FieldReader): IrContact {
  return {
    id: fields.requiredText("id"),
    name: fields.requiredText("name"),
    type: fields.text("type"),
    phone: fields.text("phone"),
    email: fields.text("email")?.toLowerCase() ?? null,
    url: fields.text("url"),
  };
}

/** An escalation path whose steps name only the plan's roles and contacts, with a duration each. */
function escalationOf(
  fields: FieldReader,
  value: Json,
  known: ReadonlySet<string>,
  ctx: ImportContext,
): EscalationPath {
  const steps = mappingList(value.steps, "steps", fields.problems).map((entry, index) => {
    const step = new FieldReader(entry, ctx.timezone);
    const notify = step.list("notify");
    if (notify.length === 0) step.problems.push("notify is required");
    for (const id of notify)
      if (!known.has(id)) step.problems.push(`notify: ${id} is no role or contact of the plan`);
    const within = step.text("within");
    if (within !== null && !Duration.fromISO(within).isValid)
      step.problems.push(`within: "${within}" is not an ISO 8601 duration (PT15M)`);
    fields.problems.push(...step.problems.map((problem) => `steps[${index}]: ${problem}`));
    return { notify, within };
  });
  return { id: fields.requiredText("id"), trigger: fields.requiredText("trigger"), steps };
}
