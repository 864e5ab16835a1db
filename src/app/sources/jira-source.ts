import { bufferSource } from "../../importers/file-source.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { createSourceRunStore } from "../../store/source-run-store.ts";
import { configuredImport, importFile } from "../import-file.ts";
import { pullJiraIssues } from "./jira-pull.ts";
import type { SourceReader, SourceReading } from "./source-reader.ts";

/**
 * Pulls the issues the JQL selects, updated since the source's last
 * successful run began (every one the first time), and imports each page of
 * the search as a `jira-issues` input, atomically. A failure stops the pull
 * and fails the run: the pages before it stay imported, and the next run
 * reads from the same bound again, the incidents updated by issue key.
 */
export const readJiraSource: SourceReader<"jira"> = async (store, config, source, now) => {
  const reading: SourceReading = { imported: 0, unchanged: 0, records: 0, errors: [] };
  const email = process.env[source.email_env];
  const token = process.env[source.token_env];
  if (!email || !token) {
    reading.errors.push(
      `${source.name}: set ${source.email_env} and ${source.token_env} (the Atlassian account's email and API token) in the environment`,
    );
    return reading;
  }
  const since = await createSourceRunStore(store).lastSucceeded(source.name);
  const window = since === null ? "every issue" : `updated since ${new Date(since).toISOString()}`;
  const configured = configuredImport(config);
  let page = 0;
  try {
    for await (const pulled of pullJiraIssues({
      site: source.site,
      email,
      token,
      jql: source.jql,
      mapping: config.jira_incidents,
      ...(since === null ? {} : { updatedSince: since }),
    })) {
      page += 1;
      const outcome = await importFile(store, {
        source: bufferSource(`${pulled.url} ${window}, page ${page}`, JSON.stringify(pulled.document)),
        format: "jira-issues",
        options: configured.options,
        sla: configured.sla,
        now,
        // Nothing updated since the last pull, or only issues of other types: a quiet period, not an error.
        allowEmpty: true,
      });
      if (outcome.status === "unchanged") reading.unchanged++;
      else {
        reading.imported++;
        reading.records += outcome.import.records;
      }
    }
  } catch (error) {
    const hint = error instanceof SecmetricsError && error.hint ? ` (${error.hint})` : "";
    reading.errors.push(`${source.name}: ${(error as Error).message}${hint}`);
  }
  return reading;
};
