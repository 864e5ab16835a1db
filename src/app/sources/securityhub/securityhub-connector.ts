import { awsCredentialsFrom, sigV4Headers } from "../../http/aws-sigv4.ts";
import { requiring } from "../../http/required-permission.ts";
import type { Connector, PullItem } from "../connector.ts";

const STREAM = "findings";
const PAGE = 100;
/** The IAM action GetFindings is allowed by. */
const PERMISSION = "securityhub:GetFindings (IAM)";

/**
 * AWS Security Hub findings by GetFindings (`POST /findings`, SigV4-signed),
 * 100 a page by `NextToken`, oldest update first; after the first pull only
 * the findings updated since the cursor (an `UpdatedAt` filter beside the
 * source's own filters). Each page is an ASFF document `{"Findings": [...]}`
 * for the `asff` importer, exactly as `aws securityhub get-findings` writes
 * it. Throttling (429 `TooManyRequestsException`) is waited out by the HTTP
 * client.
 */
export const securityhubConnector: Connector<"securityhub"> = {
  credentials: () => ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
  optionalCredentials: () => ["AWS_SESSION_TOKEN"],

  async *pull({ source, cursors, env, credentials, now, http }): AsyncIterable<PullItem> {
    const aws = awsCredentialsFrom(credentials);
    const base =
      source.endpoint ??
      env.AWS_ENDPOINT_URL_SECURITYHUB ??
      `https://securityhub.${source.region}.amazonaws.com`;
    const request = requiring(http({ service: "securityhub", base, headers: {} }), PERMISSION);
    const url = `${base.replace(/\/$/, "")}/findings`;
    const since = cursors.get(STREAM)?.position ?? null;
    const until = new Date(now).toISOString();
    const updated = { UpdatedAt: [{ ...(since ? { Start: since } : {}), End: until }] };
    let token: string | undefined;
    do {
      const body = {
        Filters: { ...source.filters, ...updated },
        SortCriteria: [{ Field: "UpdatedAt", SortOrder: "asc" }],
        MaxResults: PAGE,
        ...(token ? { NextToken: token } : {}),
      };
      // Signed for each request; a retry after throttling reuses it, which AWS accepts for 5 minutes.
      const headers = await sigV4Headers({
        method: "POST",
        url,
        body: JSON.stringify(body),
        region: source.region,
        service: "securityhub",
        credentials: aws,
        at: Date.now(),
      });
      const { body: answer } = await request("POST", "/findings", body, [], headers);
      const page = answer as { Findings?: unknown; NextToken?: unknown } | null;
      const findings = Array.isArray(page?.Findings) ? page.Findings : [];
      token = typeof page?.NextToken === "string" && page.NextToken !== "" ? page.NextToken : undefined;
      if (findings.length > 0)
        yield {
          document: {
            format: "asff",
            content: JSON.stringify({ Findings: findings }),
            stream: STREAM,
            url,
            window: { since, until: now },
          },
        };
    } while (token);
    yield { end: { stream: STREAM, cursor: { position: until, etag: null } } };
  },
};
