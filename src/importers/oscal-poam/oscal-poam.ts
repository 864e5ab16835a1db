import {
  EXCEPTION_DECISIONS,
  type ExceptionStatus,
  type RiskException,
} from "../../domains/exceptions/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { type Json, obj, objects, str, textAttributes, texts } from "../shared/fields.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "oscal-poam";
/** FedRAMP's deviation props on a risk, each `pending`, `approved` or `withdrawn`; kept as attributes. */
const FEDRAMP_PROPS = ["operational-requirement", "risk-adjustment", "false-positive", "vendor-dependency"];

/** A prop's value by name (`props: [{ name, value }]`), the first when repeated. */
function prop(item: Json, name: string): string | null {
  return str(objects(item, "props").find((p) => str(p, "name") === name) ?? null, "value");
}

function propValues(item: Json, name: string): string[] {
  return objects(item, "props")
    .filter((p) => str(p, "name") === name)
    .flatMap((p) => texts([p.value]));
}

/**
 * Where a risk stands as an exception, or null when it is none: a risk
 * whose deviation was approved (status `deviation-approved`, or FedRAMP's
 * `operational-requirement` prop `approved`: kept open by design) is an
 * approved exception, one whose deviation is asked for is requested, and a
 * closed risk that carries such a deviation is a closed exception. A risk
 * being remediated is not an exception; FedRAMP's `risk-adjustment` and
 * `false-positive` re-rate or dismiss a risk rather than waive it.
 */
function exceptionStatus(risk: Json): ExceptionStatus | null {
  const status = str(risk, "status");
  const operational = prop(risk, "operational-requirement");
  if (status === "closed") return operational === "approved" ? "closed" : null;
  if (status === "deviation-approved" || operational === "approved") return "approved";
  if (status === "deviation-requested" || operational === "pending") return "requested";
  return null;
}

/** The response the risk is handled by (OSCAL's `type` prop of a remediation): the planned one first. */
function decisionOf(risk: Json): RiskException["decision"] {
  const remediations = objects(risk, "remediations");
  const ordered = [
    ...remediations.filter((r) => str(r, "lifecycle") !== "recommendation"),
    ...remediations.filter((r) => str(r, "lifecycle") === "recommendation"),
  ];
  for (const remediation of ordered) {
    const type = prop(remediation, "type");
    const decision = EXCEPTION_DECISIONS.find((d) => d === type);
    if (decision) return decision;
  }
  return null;
}

/** The POA&M items that name a risk, and the assets its observations (own or its items') are about. */
function linksOf(poam: Json, riskId: string) {
  const items = objects(poam, "poam-items").filter((item) =>
    objects(item, "related-risks").some((r) => str(r, "risk-uuid") === riskId),
  );
  return {
    findings: items.map((item) => prop(item, "POAM-ID") ?? str(item, "uuid") ?? "").filter(Boolean),
    observationIds: items.flatMap((item) =>
      objects(item, "related-observations").flatMap((o) => texts([o["observation-uuid"]])),
    ),
  };
}

function assetsOf(poam: Json, observationIds: readonly string[]): string[] {
  const wanted = new Set(observationIds);
  const assets = objects(poam, "observations")
    .filter((o) => wanted.has(str(o, "uuid") ?? ""))
    .flatMap((o) => objects(o, "subjects").flatMap((s) => texts([s["subject-uuid"]])));
  return [...new Set(assets)];
}

/** The line a risk starts on: where its uuid first appears (risks precede the items that cite them). */
function lineOf(text: string, uuid: string): number {
  const at = text.indexOf(`"${uuid}"`);
  return at < 0 ? 1 : text.slice(0, at).split("\n").length;
}

function snapshotAt(metadata: Json | undefined, ctx: ImportContext): number {
  const modified = str(metadata, "last-modified");
  const at = modified === null ? ctx.scannedAt : (parseTimestamp(modified, ctx.timezone) ?? ctx.scannedAt);
  if (at !== undefined) return at;
  throw new InvalidInputError(
    ctx.file,
    [{ line: 1, reason: "no readable metadata.last-modified: a POA&M is the state at one time" }],
    "pass the time of the export (--scanned-at)",
  );
}

function* risks(poam: Json, ctx: ImportContext, text: string): Iterable<RecordItem<RiskException>> {
  const snapshot_at = snapshotAt(obj(poam, "metadata"), ctx);
  for (const risk of objects(poam, "risks")) {
    const status = exceptionStatus(risk);
    if (status === null) continue;
    const id = str(risk, "uuid") ?? "";
    const line = lineOf(text, id);
    const deadline = str(risk, "deadline");
    const expires_at = deadline === null ? null : (parseTimestamp(deadline, ctx.timezone) ?? null);
    const problems = [
      ...(id === "" ? ["a risk needs a uuid"] : []),
      ...(deadline !== null && expires_at === null
        ? [`deadline: "${deadline}" is not an ISO 8601 timestamp`]
        : []),
      ...(status === "approved" && deadline === null ? ["an approved deviation needs a deadline"] : []),
    ];
    if (problems.length > 0) {
      yield { line, problem: problems.join("; ") };
      continue;
    }
    const { findings, observationIds } = linksOf(poam, id);
    const ownObservations = objects(risk, "related-observations").flatMap((o) =>
      texts([o["observation-uuid"]]),
    );
    yield {
      line,
      record: {
        kind: "exception",
        feed: FEED,
        external_id: id,
        snapshot_at,
        type: "risk",
        status,
        decision: decisionOf(risk),
        title: str(risk, "title"),
        scope: {
          controls: propValues(risk, "impacted-control-id"),
          checks: [],
          assets: assetsOf(poam, [...ownObservations, ...observationIds]),
          findings,
        },
        owner: null,
        requested_by: null,
        approved_by: null,
        approved_at: null,
        expires_at,
        compensating_controls: objects(risk, "mitigating-factors").flatMap((m) => texts([m.description])),
        ticket: null,
        attributes: textAttributes({
          poam: str(poam, "uuid"),
          risk_status: str(risk, "status"),
          ...Object.fromEntries(FEDRAMP_PROPS.map((name) => [name, prop(risk, name)])),
        }),
      },
    };
  }
}

/**
 * An OSCAL plan of action and milestones (JSON): its risks that are
 * deviations, as exceptions expiring at their `deadline`. Identity: the
 * risk's uuid within the feed; each import is the whole plan at
 * `metadata.last-modified`.
 */
export const oscalPoam: Importer<RecordItem<RiskException>> = defineImporter({
  id: "oscal-poam",
  title: "OSCAL plan of action and milestones (JSON)",
  feed: FEED,
  kinds: ["exception"],
  detect: (sample) => /^\s*\{\s*"plan-of-action-and-milestones"\s*:/.test(sample.head),
  read: jsonDocument(function* (document, ctx, text) {
    const poam = obj(document, "plan-of-action-and-milestones");
    if (!poam)
      throw new InvalidInputError(ctx.file, [{ line: 1, reason: "no plan-of-action-and-milestones object" }]);
    yield* risks(poam, ctx, text);
  }),
});
