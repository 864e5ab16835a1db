import { SECRET_RESOLUTIONS, SECRET_VALIDITIES, type SecretAlert } from "../../domains/secrets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { FieldReader, isObject, type Json, str } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "github-secret-scanning";

/**
 * The alert's fields the metrics read, by name, with the repository from
 * the alert (an organization's listing) or `--target` (a repository's).
 * The `secret` itself is left behind here, before anything else sees the
 * alert: no record, problem or drill-down can quote it.
 */
function alertFields(alert: Json, ctx: ImportContext): Record<string, unknown> {
  return {
    repository: str(alert, "repository.full_name") ?? ctx.target ?? null,
    number: alert.number,
    state: alert.state,
    resolution: alert.resolution,
    created_at: alert.created_at,
    updated_at: alert.updated_at,
    resolved_at: alert.resolved_at,
    secret_type: alert.secret_type,
    secret_type_display_name: alert.secret_type_display_name,
    validity: alert.validity,
    publicly_leaked: alert.publicly_leaked,
    push_protection_bypassed: alert.push_protection_bypassed,
    html_url: alert.html_url,
  };
}

/** One alert as a record, or the problems that keep it out. */
function secretAlert(fields: FieldReader): SecretAlert {
  const repository = fields.text("repository");
  if (repository === null)
    fields.problems.push("no repository.full_name: pass --target OWNER/NAME for a repository's listing");
  const number = Number(fields.requiredText("number"));
  if (!Number.isInteger(number) || number <= 0) fields.problems.push("number is not a positive integer");
  const state = fields.requiredOneOf("state", ["open", "resolved"] as const);
  const resolved = state === "resolved";
  // A reopened alert keeps no resolution: only a resolved one is read for it.
  const resolution = resolved ? fields.requiredOneOf("resolution", SECRET_RESOLUTIONS) : null;
  const created_at = fields.requiredTimestamp("created_at");
  const resolved_at = resolved ? fields.timestamp("resolved_at") : null;
  if (resolved && fields.text("resolved_at") === null) fields.problems.push("resolved_at is required");
  fields.order("created_at", created_at, "resolved_at", resolved_at);
  return {
    kind: "secret_alert",
    feed: FEED,
    // GitHub numbers alerts per repository: the pair names one alert.
    external_id: `${repository ?? ""}|${number}`,
    repository: repository ?? "",
    number,
    state: state ?? "open",
    resolution,
    created_at,
    updated_at: fields.timestamp("updated_at"),
    resolved_at,
    secret_type: fields.requiredText("secret_type"),
    secret_type_display_name: fields.text("secret_type_display_name"),
    validity: fields.oneOf("validity", SECRET_VALIDITIES),
    publicly_leaked: fields.boolean("publicly_leaked"),
    push_protection_bypassed: fields.boolean("push_protection_bypassed"),
    html_url: fields.text("html_url"),
  };
}

/**
 * GitHub secret scanning alerts: the REST listing of a repository
 * (`GET /repos/{owner}/{repo}/secret-scanning/alerts`, which names no
 * repository: give `--target`) or of an organization (`GET
 * /orgs/{org}/secret-scanning/alerts`, each alert with its `repository`).
 * Identity: repository + alert number, so a later listing of the same
 * alert replaces it with its latest state.
 */
function* readAlerts(document: unknown, ctx: ImportContext, text: string): Iterable<RecordItem<SecretAlert>> {
  if (!Array.isArray(document))
    throw new InvalidInputError(ctx.file, [
      { line: 1, reason: "not GitHub secret scanning alerts: expected the REST listing, an array of alerts" },
    ]);
  const lines = new LineFinder(text);
  for (const [index, raw] of document.entries()) {
    const line = lines.next(isObject(raw) ? `"number": ${String(raw.number)}` : "{");
    if (!isObject(raw)) {
      yield { line, problem: `alert ${index + 1} is not a JSON object` };
      continue;
    }
    const fields = new FieldReader(alertFields(raw, ctx), ctx.timezone);
    const record = secretAlert(fields);
    yield fields.problems.length > 0
      ? { line, problem: `alert ${str(raw, "number") ?? index + 1}: ${fields.problems.join("; ")}` }
      : { line, record };
  }
}

export function detectGithubSecretScanning(sample: InputSample): boolean {
  return /"secret_type"\s*:/.test(sample.head) && /secret-scanning/.test(sample.head);
}

export const githubSecretScanning = defineImporter({
  id: "github-secret-scanning",
  title: "GitHub secret scanning alerts (REST list)",
  feed: FEED,
  kinds: ["secret_alert"],
  identityOptions: ["target"],
  detect: detectGithubSecretScanning,
  read: jsonDocument(readAlerts),
});
