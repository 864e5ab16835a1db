import {
  AUDIT_SOURCES,
  type AuditFinding,
  type AuditSource,
  type AuditStatus,
} from "../../domains/audit-findings/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { type Json, obj, objects, str, textAttributes, texts } from "../shared/fields.ts";
import { oscalProp, uuidLines } from "../shared/oscal.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "oscal-assessment-results";

/** Risk ratings as OSCAL assessors write them (a facet named `severity`, `risk` or `impact`), on our scale. */
const SEVERITY_WORDS: Record<string, Severity> = {
  critical: "critical",
  "very-high": "critical",
  high: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
  "very-low": "info",
  informational: "info",
  info: "info",
  none: "info",
};
const RATING_FACETS = ["severity", "risk", "impact"];
const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];
/** A finding whose risks carry no rating: the middle of the scale, flagged in its attributes. */
const UNRATED: Severity = "medium";

/**
 * `ac-6.1_obj.2` or `ac-6.1_smt.a` → `AC-6(1)`: the control an objective or
 * statement belongs to. Numeric segments after the base are enhancements; the
 * first other one (`ac-1.a.1`, a statement part) ends the control id.
 */
export function controlOf(targetId: string): string {
  const [base = targetId, ...rest] = (targetId.split("_")[0] ?? targetId).split(".");
  const end = rest.findIndex((segment) => !/^\d+$/.test(segment));
  const enhancements = end === -1 ? rest : rest.slice(0, end);
  return base.toUpperCase() + enhancements.map((e) => `(${e})`).join("");
}

/** The worst rating among the risks' characterization facets, or null when none is rated. */
function severityOf(risks: readonly Json[]): Severity | null {
  const ratings = risks.flatMap((risk) =>
    objects(risk, "characterizations").flatMap((c) =>
      objects(c, "facets")
        .filter((f) => RATING_FACETS.includes(str(f, "name") ?? ""))
        .flatMap((f) => {
          const word = SEVERITY_WORDS[(str(f, "value") ?? "").toLowerCase()];
          return word ? [word] : [];
        }),
    ),
  );
  return SEVERITY_ORDER.find((s) => ratings.includes(s)) ?? null;
}

/**
 * A not-satisfied finding is open; `risk_accepted` when one of its risks'
 * deviation was approved, `in_progress` when one is being investigated or
 * remediated. A satisfied finding is closed at the result's time.
 */
function statusOf(state: string, risks: readonly Json[]): AuditStatus {
  if (state === "satisfied") return "closed";
  const statuses = risks.map((risk) => str(risk, "status"));
  if (statuses.includes("deviation-approved")) return "risk_accepted";
  if (statuses.includes("investigating") || statuses.includes("remediating")) return "in_progress";
  return "open";
}

/** A `source` prop on the finding, else on its result, when it names one of ours; else external. */
function sourceOf(finding: Json, result: Json): AuditSource {
  const named = oscalProp(finding, "source") ?? oscalProp(result, "source");
  return AUDIT_SOURCES.find((s) => s === named) ?? "external";
}

function timeOf(text: string | null, ctx: ImportContext): number | null | undefined {
  return text === null ? null : parseTimestamp(text, ctx.timezone);
}

function* resultFindings(
  document: Json,
  result: Json,
  ctx: ImportContext,
  lines: Map<string, number[]>,
  seen: Map<string, number>,
): Iterable<RecordItem<AuditFinding>> {
  const risksById = new Map(objects(result, "risks").map((risk) => [str(risk, "uuid") ?? "", risk]));
  const at = str(result, "end") ?? str(result, "start");
  const snapshot_at = timeOf(at, ctx);
  const opened_at = timeOf(str(result, "start"), ctx);
  const inResult = new Set<string>();
  for (const finding of objects(result, "findings")) {
    const id = str(finding, "uuid") ?? "";
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    const line = lines.get(id)?.[occurrence] ?? 1;
    const repeated = inResult.has(id);
    inResult.add(id);
    const state = str(finding, "target.status.state");
    const targetId = str(finding, "target.target-id");
    const problems = [
      ...(id === "" ? ["a finding needs a uuid"] : []),
      ...(repeated ? [`uuid ${id} is already used by another finding of this result`] : []),
      ...(state !== "satisfied" && state !== "not-satisfied"
        ? [`target.status.state: "${state ?? ""}" is not satisfied or not-satisfied`]
        : []),
      ...(targetId === null ? ["a finding needs a target.target-id"] : []),
      ...(snapshot_at === undefined || opened_at === undefined || opened_at === null
        ? [`its result's start/end "${at ?? ""}" is not an ISO 8601 timestamp`]
        : []),
    ];
    if (problems.length > 0 || state === null || targetId === null || !snapshot_at || !opened_at) {
      yield { line, problem: problems.join("; ") };
      continue;
    }
    const risks = objects(finding, "related-risks").flatMap((r) => {
      const risk = risksById.get(str(r, "risk-uuid") ?? "");
      return risk ? [risk] : [];
    });
    const deadlines = risks
      .filter((risk) => str(risk, "status") !== "closed")
      .flatMap((risk) => {
        const deadline = timeOf(str(risk, "deadline"), ctx);
        return typeof deadline === "number" ? [deadline] : [];
      });
    const severity = severityOf(risks);
    const status = statusOf(state, risks);
    yield {
      line,
      record: {
        kind: "audit_finding",
        feed: FEED,
        external_id: id,
        snapshot_at,
        source: sourceOf(finding, result),
        control: controlOf(targetId),
        title: str(finding, "title"),
        severity: severity ?? UNRATED,
        status,
        opened_at,
        due_at: deadlines.length === 0 ? null : Math.min(...deadlines),
        closed_at: status === "closed" ? Math.max(snapshot_at, opened_at) : null,
        owner: null,
        attributes: textAttributes({
          assessment_results: str(document, "uuid"),
          result: str(result, "uuid"),
          target: targetId,
          state,
          severity: severity === null ? "not rated" : null,
          risks: risks.map((risk) => `${str(risk, "uuid")}:${str(risk, "status")}`).join(", ") || null,
          observations:
            objects(finding, "related-observations")
              .flatMap((o) => texts([o["observation-uuid"]]))
              .join(", ") || null,
        }),
      },
    };
  }
}

/**
 * An OSCAL assessment results document (JSON): each result's findings as
 * audit findings, a snapshot at the result's `end` (its `start` while
 * under way). Identity: the finding's uuid within the feed. A finding whose
 * target is not satisfied is open; the assessor's findings are external
 * unless a `source` prop says otherwise.
 */
export const oscalAssessmentResults: Importer<RecordItem<AuditFinding>> = defineImporter({
  id: "oscal-assessment-results",
  title: "OSCAL assessment results (JSON)",
  feed: FEED,
  kinds: ["audit_finding"],
  detect: (sample) => /^\s*\{\s*"assessment-results"\s*:/.test(sample.head),
  read: jsonDocument(function* (document, ctx, text) {
    const results = obj(document, "assessment-results");
    if (!results)
      throw new InvalidInputError(ctx.file, [{ line: 1, reason: "no assessment-results object" }]);
    const lines = uuidLines(text);
    const seen = new Map<string, number>();
    for (const result of objects(results, "results"))
      yield* resultFindings(results, result, ctx, lines, seen);
  }),
});
