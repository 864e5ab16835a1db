import type { Deployment } from "../../domains/hygiene/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { field, isObject, type Json, objects, str, textAttributes } from "../shared/fields.ts";
import { DEPLOYMENT_OUTCOMES, GITHUB_DEPLOYMENTS_FEED, repositoryName } from "../shared/github-deployment.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { jsonRecords } from "../shared/readers.ts";

/**
 * `github-deployments`: GitHub's deployments listing (`GET
 * /repos/{owner}/{repo}/deployments`, JSON array or NDJSON), each
 * deployment carrying its statuses (`GET …/deployments/{id}/statuses`) in a
 * `statuses` array, as the github source's `deployments` stream writes it.
 * A deployment is judged by its latest status: `failure` or `error` is a
 * failed deployment, `success` or `inactive` a successful one, anything
 * else (or no status) still running, so it yields nothing until a later
 * listing. `version` is the deployed `sha`: the hygiene pack counts a SHA
 * shipped again after a newer one went live as a rollback.
 */
export const githubDeployments: Importer<RecordItem<Deployment>> = defineImporter({
  id: "github-deployments",
  title: "GitHub deployments with their statuses (REST JSON)",
  feed: GITHUB_DEPLOYMENTS_FEED,
  kinds: ["deployment"],
  detect: (sample) => {
    const record = firstJsonRecord(sample.head);
    return isObject(record) && "statuses_url" in record && "sha" in record;
  },
  read: jsonRecords(async function* (records, ctx) {
    for await (const item of records) {
      if ("problem" in item) {
        yield item;
        continue;
      }
      const deployment = item.value;
      const url = str(deployment, "url");
      const environment = str(deployment, "environment");
      if (!url || !environment) {
        yield { line: item.line, problem: "a deployment needs url and environment" };
        continue;
      }
      const started = timestamp(deployment, "created_at", ctx.timezone);
      if (typeof started === "string") {
        yield { line: item.line, problem: started };
        continue;
      }
      const latest = latestStatus(objects(deployment, "statuses"), ctx.timezone);
      if (typeof latest === "string") {
        yield { line: item.line, problem: latest };
        continue;
      }
      const status = latest ? DEPLOYMENT_OUTCOMES[latest.state] : undefined;
      if (!latest || !status) continue;
      yield {
        line: item.line,
        record: {
          kind: "deployment",
          feed: GITHUB_DEPLOYMENTS_FEED,
          external_id: url,
          service: repositoryName(str(deployment, "repository_url")) ?? url,
          environment,
          started_at: started,
          finished_at: Math.max(started, latest.at),
          status,
          rollback_of: null,
          version: str(deployment, "sha"),
          change_ticket: null,
          // GitHub cannot say whether a pipeline ran it or a person did.
          via_pipeline: null,
          attributes: textAttributes({
            github_state: latest.state,
            status_id: latest.id,
            ref: field(deployment, "ref"),
            task: field(deployment, "task"),
            creator: field(deployment, "creator.login"),
            production_environment: field(deployment, "production_environment"),
          }),
        },
      };
    }
  }),
});

interface LatestStatus {
  state: string;
  at: number;
  id: string | null;
}

/** The newest status (by time, then id); a problem when a status has no state or time. */
function latestStatus(statuses: readonly Json[], timezone: string): LatestStatus | undefined | string {
  let latest: LatestStatus | undefined;
  for (const status of statuses) {
    const state = str(status, "state")?.toLowerCase();
    const at = timestamp(status, "created_at", timezone);
    if (!state) return "a deployment status needs a state";
    if (typeof at === "string") return `statuses: ${at}`;
    const id = str(status, "id");
    const later = !latest || at > latest.at || (at === latest.at && Number(id ?? 0) > Number(latest.id ?? 0));
    if (later) latest = { state, at, id };
  }
  return latest;
}

/** An instant, or the problem with it. */
function timestamp(value: Json, path: string, timezone: string): number | string {
  const text = str(value, path);
  const at = text === null ? undefined : parseTimestamp(text, timezone);
  return at ?? `${path}: ${JSON.stringify(field(value, path))} is not an ISO 8601 timestamp`;
}
