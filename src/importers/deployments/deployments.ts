import { DEPLOYMENT_STATUSES, type Deployment } from "../../domains/hygiene/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { field, isObject, str } from "../shared/fields.ts";
import { DEPLOYMENT_OUTCOMES, GITHUB_DEPLOYMENTS_FEED, repositoryName } from "../shared/github-deployment.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { csvTable, jsonRecords, jsonTable, type Table } from "../shared/readers.ts";

const FIELDS = new Set([
  "id",
  "service",
  "environment",
  "started_at",
  "finished_at",
  "status",
  "rollback_of",
  "version",
  "change_ticket",
  "via_pipeline",
]);

/**
 * `deployments-csv` / `deployments-json`: `id`, `service`, `environment`,
 * `started_at`, `finished_at`, `status` (success|failure), `rollback_of`,
 * `version`, `change_ticket`, `via_pipeline`. A production deployment with neither a
 * pipeline nor a change ticket is what `manual_prod_changes` counts.
 */
const DEPLOYMENTS: Table<Deployment> = {
  required: ["id", "service", "environment", "started_at", "status"],
  fields: FIELDS,
  recognizes: () => true,
  map(fields): Deployment {
    const started_at = fields.requiredTimestamp("started_at");
    const finished_at = fields.timestamp("finished_at");
    fields.order("started_at", started_at, "finished_at", finished_at);
    return {
      kind: "deployment",
      feed: "deployments",
      external_id: fields.requiredText("id"),
      service: fields.requiredText("service"),
      environment: fields.requiredText("environment"),
      started_at,
      finished_at,
      status: fields.oneOf("status", DEPLOYMENT_STATUSES) ?? "failure",
      rollback_of: fields.text("rollback_of"),
      version: fields.text("version"),
      change_ticket: fields.text("change_ticket"),
      via_pipeline: fields.boolean("via_pipeline"),
      attributes: fields.attributes(FIELDS),
    };
  },
};
const FAMILY = { feed: "deployments", kinds: ["deployment"] } as const;

export const deploymentsCsv: Importer<RecordItem<Deployment>> = defineImporter({
  ...FAMILY,
  id: "deployments-csv",
  title: "Deployment log (CSV with a header row)",
  read: csvTable(DEPLOYMENTS),
});
export const deploymentsJson: Importer<RecordItem<Deployment>> = defineImporter({
  ...FAMILY,
  id: "deployments-json",
  title: "Deployment log (JSON array or NDJSON)",
  read: jsonTable(DEPLOYMENTS),
});

interface Seen {
  line: number;
  url: string;
  first_at: number;
  /** The latest status that finished it, when there is one. */
  final?: { at: number; state: string; environment: string; id: string; line: number };
  repository: string | null;
  environment: string;
}

/**
 * GitHub deployment statuses (`GET /repos/{o}/{r}/deployments/{id}/statuses`,
 * one page or several concatenated, JSON array or NDJSON). Statuses are
 * grouped by deployment: it started at its first status and finished at its
 * latest `success`, `failure`, `error` (a failure) or `inactive` (a success
 * a later deployment superseded); a deployment with no such status yet is
 * still running and yields nothing until a later export. GitHub
 * cannot say whether a pipeline or a ticket was involved: `via_pipeline` is null.
 */
export const githubDeploymentStatuses: Importer<RecordItem<Deployment>> = defineImporter({
  id: "github-deployment-statuses",
  title: "GitHub deployment statuses (REST JSON)",
  feed: GITHUB_DEPLOYMENTS_FEED,
  kinds: ["deployment"],
  detect: (sample) => {
    const record = firstJsonRecord(sample.head);
    return isObject(record) && "deployment_url" in record && "state" in record;
  },
  read: jsonRecords(async function* (records, ctx) {
    // One entry per deployment, not per status: a page is at most 100 statuses.
    const deployments = new Map<string, Seen>();
    for await (const item of records) {
      if ("problem" in item) {
        yield item;
        continue;
      }
      const status = item.value;
      const url = str(status, "deployment_url");
      const state = str(status, "state")?.toLowerCase() ?? null;
      const created = str(status, "created_at");
      const at = created === null ? undefined : parseTimestamp(created, ctx.timezone);
      if (!url || !state) {
        yield { line: item.line, problem: "a deployment status needs deployment_url and state" };
        continue;
      }
      if (at === undefined) {
        yield {
          line: item.line,
          problem: `created_at: ${JSON.stringify(field(status, "created_at"))} is not an ISO 8601 timestamp`,
        };
        continue;
      }
      const environment = str(status, "environment") ?? "";
      const seen = deployments.get(url) ?? {
        line: item.line,
        url,
        first_at: at,
        repository: repositoryName(str(status, "repository_url")),
        environment,
      };
      seen.first_at = Math.min(seen.first_at, at);
      if (!seen.environment) seen.environment = environment;
      if (state in DEPLOYMENT_OUTCOMES && (!seen.final || at >= seen.final.at))
        seen.final = { at, state, environment, id: str(status, "id") ?? "", line: item.line };
      deployments.set(url, seen);
    }
    for (const seen of deployments.values()) {
      const record = toDeployment(seen);
      if (record) yield record;
    }
  }),
});

function toDeployment(seen: Seen): RecordItem<Deployment> | undefined {
  const final = seen.final;
  if (!final) return undefined;
  return {
    line: final.line,
    record: {
      kind: "deployment",
      feed: GITHUB_DEPLOYMENTS_FEED,
      external_id: seen.url,
      service: seen.repository ?? seen.url,
      environment: final.environment || seen.environment,
      started_at: seen.first_at,
      finished_at: final.at,
      status: DEPLOYMENT_OUTCOMES[final.state] ?? "failure",
      rollback_of: null,
      version: null,
      change_ticket: null,
      via_pipeline: null,
      attributes: { github_state: final.state, status_id: final.id },
    },
  };
}
