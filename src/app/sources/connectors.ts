import type { SourceConfig } from "../../config/sources.ts";
import type { Connector, ConnectorKind } from "./connector.ts";
import { githubConnector } from "./github/github-connector.ts";
import { jiraConnector } from "./jira/jira-connector.ts";
import { pagerdutyConnector } from "./pagerduty/pagerduty-connector.ts";
import { securityhubConnector } from "./securityhub/securityhub-connector.ts";

/** Each kind of source that pulls from an API, with its connector. */
export const CONNECTORS: { [K in ConnectorKind]: Connector<K> } = {
  github: githubConnector,
  pagerduty: pagerdutyConnector,
  securityhub: securityhubConnector,
  jira: jiraConnector,
};

/** Whether the source pulls from an API (`secmetrics pull` runs only those). */
export function isConnectorSource(
  source: SourceConfig,
): source is Extract<SourceConfig, { kind: ConnectorKind }> {
  return Object.hasOwn(CONNECTORS, source.kind);
}
