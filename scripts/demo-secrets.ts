/**
 * Northwind Payments' GitHub secret scanning alerts for the demo: the
 * organization's listing as the `secret-scanning` stream pulls it at the
 * end of October 2026 (`GET /orgs/northwind/secret-scanning/alerts`,
 * `hide_secret=true`, newest update first), each alert naming its
 * repository. No randomness: the figures follow from the table below.
 *
 * The storyline: August's two leaked keys take one and three days to
 * revoke; in September a token pushed past push protection to a public
 * repository is revoked within four hours, a Google API key is kept (won't
 * fix) and an Azure key leaks on the 28th; October revokes that one after
 * three days and an AWS key in two hours, and a token found on the 27th is
 * still open, still active, at the month's end.
 */
import type { DemoFile } from "./demo-operations.ts";

interface Leak {
  number: number;
  repository: string;
  secret_type: string;
  display: string;
  created_at: string;
  resolution?: "revoked" | "wont_fix" | "false_positive";
  resolved_at?: string;
  validity: "active" | "inactive" | "unknown";
  publicly_leaked?: boolean;
  push_protection_bypassed?: boolean;
}

const LEAKS: readonly Leak[] = [
  {
    number: 1,
    repository: "payments-api",
    secret_type: "aws_access_key_id",
    display: "Amazon AWS Access Key ID",
    created_at: "2026-08-04T09:00:00Z",
    resolution: "revoked",
    resolved_at: "2026-08-07T09:00:00Z",
    validity: "inactive",
  },
  {
    number: 1,
    repository: "refunds",
    secret_type: "slack_incoming_webhook_url",
    display: "Slack Incoming Webhook URL",
    created_at: "2026-08-12T14:00:00Z",
    resolution: "revoked",
    resolved_at: "2026-08-13T14:00:00Z",
    validity: "inactive",
  },
  {
    number: 1,
    repository: "merchant-portal",
    secret_type: "stripe_api_key",
    display: "Stripe API Key",
    created_at: "2026-08-20T10:00:00Z",
    resolution: "false_positive",
    resolved_at: "2026-08-20T11:00:00Z",
    validity: "unknown",
  },
  {
    number: 2,
    repository: "payments-api",
    secret_type: "github_personal_access_token",
    display: "GitHub Personal Access Token",
    created_at: "2026-09-03T08:00:00Z",
    resolution: "revoked",
    resolved_at: "2026-09-03T12:00:00Z",
    validity: "inactive",
    publicly_leaked: true,
    push_protection_bypassed: true,
  },
  {
    number: 2,
    repository: "merchant-portal",
    secret_type: "google_api_key",
    display: "Google API Key",
    created_at: "2026-09-15T16:00:00Z",
    resolution: "wont_fix",
    resolved_at: "2026-09-18T16:00:00Z",
    validity: "active",
  },
  {
    number: 2,
    repository: "refunds",
    secret_type: "azure_storage_account_key",
    display: "Azure Storage Account Access Key",
    created_at: "2026-09-28T10:00:00Z",
    resolution: "revoked",
    resolved_at: "2026-10-01T10:00:00Z",
    validity: "inactive",
  },
  {
    number: 3,
    repository: "payments-api",
    secret_type: "aws_secret_access_key",
    display: "Amazon AWS Secret Access Key",
    created_at: "2026-10-14T11:00:00Z",
    resolution: "revoked",
    resolved_at: "2026-10-14T13:00:00Z",
    validity: "inactive",
  },
  {
    number: 3,
    repository: "refunds",
    secret_type: "github_personal_access_token",
    display: "GitHub Personal Access Token",
    created_at: "2026-10-27T09:00:00Z",
    validity: "active",
  },
];

/** One alert as GitHub's organization listing gives it (no secret: the pull asks GitHub to hide it). */
function alert(leak: Leak) {
  const repo = `northwind/${leak.repository}`;
  return {
    number: leak.number,
    created_at: leak.created_at,
    updated_at: leak.resolved_at ?? leak.created_at,
    url: `https://api.github.com/repos/${repo}/secret-scanning/alerts/${leak.number}`,
    html_url: `https://github.com/${repo}/security/secret-scanning/${leak.number}`,
    locations_url: `https://api.github.com/repos/${repo}/secret-scanning/alerts/${leak.number}/locations`,
    state: leak.resolution ? "resolved" : "open",
    resolution: leak.resolution ?? null,
    resolved_at: leak.resolved_at ?? null,
    secret_type: leak.secret_type,
    secret_type_display_name: leak.display,
    repository: { name: leak.repository, full_name: repo, private: leak.publicly_leaked !== true },
    push_protection_bypassed: leak.push_protection_bypassed ?? false,
    validity: leak.validity,
    publicly_leaked: leak.publicly_leaked ?? false,
    multi_repo: false,
  };
}

/** The organization's listing, newest update first, as pulled at the end of October. */
export function secretScanningListing(): DemoFile {
  const alerts = LEAKS.map(alert).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  return {
    name: "github-secret-scanning-northwind-2026-10-31.json",
    text: `${JSON.stringify(alerts, null, 2)}\n`,
  };
}
