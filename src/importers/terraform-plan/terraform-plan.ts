import { createHash } from "node:crypto";
import type { ChangeAction, ChangeEvent, PlanRun } from "../../domains/hygiene/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { isObject, str, texts } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "terraform";
const SKIPPED = new Set(["no-op", "read"]);
const SINGLE: Record<string, ChangeAction> = {
  create: "create",
  update: "update",
  delete: "delete",
  forget: "forget",
};

/**
 * `terraform show -json PLAN`. `resource_drift[]` entries are config drift
 * (reality changed outside Terraform); `resource_changes[]` entries whose
 * actions are not `no-op`/`read` are planned changes; `["delete","create"]`
 * and `["create","delete"]` are replacements, flagged apart. The plan's time
 * is its `timestamp` (Terraform ≥ 1.5), else the scan time. Every plan is
 * also a `plan_run`, so a plan that found nothing still says it looked.
 */
export const terraformPlan: Importer<RecordItem<ChangeEvent | PlanRun>> = defineImporter({
  id: "terraform-plan",
  title: "Terraform plan JSON (terraform show -json)",
  feed: FEED,
  kinds: ["change_event", "plan_run"],
  detect: (sample) =>
    /^\s*\{\s*"format_version"/.test(sample.head) &&
    /"(resource_changes|resource_drift|planned_values)"/.test(sample.head),
  read: jsonDocument(function* (plan, ctx, text) {
    if (!isObject(plan) || !("format_version" in plan))
      throw new InvalidInputError(ctx.file, [
        { line: 1, reason: "not a Terraform plan (no format_version)" },
      ]);
    const timestamp = str(plan, "timestamp");
    const stamp = timestamp === null ? undefined : parseTimestamp(timestamp, "UTC");
    const at = stamp ?? ctx.scannedAt;
    if (at === undefined) {
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: "the plan has no timestamp (Terraform < 1.5)" }],
        "pass the time the plan ran (--scanned-at)",
      );
    }
    const lines = new LineFinder(text);
    const tally = { stored: 0, unchanged: 0 };
    const drift = [...entries(plan.resource_drift, "drift", at, lines, tally)];
    const driftCount = tally.stored;
    const changes = [...entries(plan.resource_changes, "planned", at, lines, tally)];
    yield* drift;
    yield* changes;
    yield {
      line: 1,
      record: {
        kind: "plan_run",
        feed: FEED,
        // The same plan, compact or pretty-printed, is the same run.
        external_id: `${new Date(at).toISOString()}|${sha256(JSON.stringify(plan))}`,
        at,
        terraform_version: str(plan, "terraform_version"),
        format_version: str(plan, "format_version") ?? "",
        drift_count: driftCount,
        change_count: tally.stored - driftCount,
        unchanged_count: tally.unchanged,
      },
    };
  }),
});

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function* entries(
  list: unknown,
  change_type: ChangeEvent["change_type"],
  at: number,
  lines: LineFinder,
  tally: { stored: number; unchanged: number },
): Iterable<RecordItem<ChangeEvent>> {
  if (!Array.isArray(list)) return;
  lines.seek(change_type === "drift" ? '"resource_drift"' : '"resource_changes"');
  for (const entry of list) {
    const address = str(entry, "address");
    const line = address ? lines.next(JSON.stringify(address)) : lines.next('"change"');
    // Step past this entry's change block, so an entry without an address is found by its own.
    if (address) lines.next('"change"');
    const actions = texts(entry, "change.actions");
    if (!address || actions.length === 0) {
      yield { line, problem: `${change_type} entry without ${address ? "change.actions" : "address"}` };
      continue;
    }
    if (actions.every((a) => SKIPPED.has(a))) {
      tally.unchanged++;
      continue;
    }
    const replacement = actions.length === 2 && actions.includes("create") && actions.includes("delete");
    const action = replacement ? "replace" : actions.length === 1 ? SINGLE[actions[0] ?? ""] : undefined;
    if (!action) {
      yield { line, problem: `${address}: unknown actions ${JSON.stringify(actions)}` };
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const key of ["mode", "name", "module_address", "action_reason", "previous_address"]) {
      const value = str(entry, key);
      if (value !== null) attributes[key] = value;
    }
    tally.stored++;
    yield {
      line,
      record: {
        kind: "change_event",
        feed: FEED,
        external_id: `${new Date(at).toISOString()}|${change_type}|${address}`,
        at,
        change_type,
        address,
        resource_type: str(entry, "type"),
        provider: str(entry, "provider_name"),
        action,
        actions,
        replacement,
        attributes,
      },
    };
  }
}
