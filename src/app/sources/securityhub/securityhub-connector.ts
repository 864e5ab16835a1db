import { awsCredentialsFrom, sigV4Headers } from "../../http/aws-sigv4.ts";
import { requiring } from "../../http/required-permission.ts";
import type { Connector, PullItem } from "../connector.ts";

const STREAM = "findings";
const FORMAT = "asff";
const PAGE = 100;
/** The IAM action GetFindings is allowed by. */
const PERMISSION = "securityhub:GetFindings (IAM)";
/** GetFindings allows a few calls a second: a throttled call comes back after 1–2 s, then 2–4 s, …, at most 20 s. */
const THROTTLED = { baseMs: 2_000, capMs: 20_000 };

/**
 * AWS Security Hub findings by GetFindings (`POST /findings`, SigV4-signed),
 * 100 a page by `NextToken`, oldest update first; after the first pull only
 * the findings updated since the cursor (an `UpdatedAt` filter beside the
 * source's own filters). Each page is an ASFF document `{"Findings": [...]}`
 * for the `asff` importer, exactly as `aws securityhub get-findings` writes
 * it. Throttling (429 `TooManyRequestsException`, 400 `ThrottlingException`)
 * names no wait: the HTTP client backs off exponentially with jitter from
 * `THROTTLED`, as AWS advises, and honours a `Retry-After` when one comes.
 */
export const securityhubConnector: Connector<"securityhub"> = {
  credentials: () => ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
  formats: () => [FORMAT],
  optionalCredentials: () => ["AWS_SESSION_TOKEN"],

  async *pull({ source, cursors, env, credentials, now, http }): AsyncIterable<PullItem> {
    const aws = awsCredentialsFrom(credentials);
    const base =
      source.endpoint ??
      env.AWS_ENDPOINT_URL_SECURITYHUB ??
      `https://securityhub.${source.region}.amazonaws.com`;
    const request = requiring(
      http({ service: "securityhub", base, headers: {}, backoff: THROTTLED }),
      PERMISSION,
    );
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
            format: FORMAT,
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
