import type { Connector } from "../connector.ts";
import { pullJiraIssues } from "./jira-pull.ts";

/** The one stream of a jira source: its cursor is the latest `updated` among the issues pulled. */
const STREAM = "issues";

/**
 * A `jira` source: the issues its JQL selects, updated since the latest
 * `updated` of the last pull (every one the first time), a page of the
 * search per `jira-issues` document.
 */
const FORMAT = "jira-issues";

export const jiraConnector: Connector<"jira"> = {
  credentials: (source) => [source.email_env, source.token_env],
  formats: () => [FORMAT],
  async *pull({ source, config, cursors, credentials, http, now }) {
    const email = credentials[source.email_env] ?? "";
    const token = credentials[source.token_env] ?? "";
    const request = http({
      service: "jira",
      base: source.site,
      headers: {
        authorization: `Basic ${Buffer.from(`${email}:${token}`).toString("base64")}`,
        accept: "application/json",
      },
      forbiddenHint:
        'the account needs the "Browse projects" permission on every project the JQL selects (and the issue security levels of its issues)',
    });
    const position = cursors.get(STREAM)?.position ?? null;
    const since = position === null ? undefined : Date.parse(position);
    let latest = since;
    for await (const page of pullJiraIssues(request, {
      site: source.site,
      jql: source.jql,
      mapping: config.jira_incidents,
      ...(since === undefined ? {} : { updatedSince: since }),
    })) {
      for (const issue of page.document.issues) {
        const updated = Date.parse(String((issue.fields as { updated?: unknown } | undefined)?.updated));
        if (!Number.isNaN(updated) && (latest === undefined || updated > latest)) latest = updated;
      }
      yield {
        document: {
          format: FORMAT,
          content: JSON.stringify(page.document),
          stream: STREAM,
          url: page.url,
          window: { since: position, until: now },
        },
      };
    }
    if (latest !== undefined)
      yield { end: { stream: STREAM, cursor: { position: new Date(latest).toISOString(), etag: null } } };
  },
};
