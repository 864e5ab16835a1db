import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { SecmetricsError } from "../../model/errors.ts";

/** An AWS identity's keys, as the standard environment variables give them. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials (an assumed role, SSO). */
  sessionToken?: string;
}

/**
 * The keys from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for
 * temporary ones, `AWS_SESSION_TOKEN`: never from a file of ours, so they
 * are never in the config or its backups.
 */
export function awsCredentialsFrom(env: Readonly<Record<string, string | undefined>>): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const missing = [
    ...(accessKeyId ? [] : ["AWS_ACCESS_KEY_ID"]),
    ...(secretAccessKey ? [] : ["AWS_SECRET_ACCESS_KEY"]),
  ];
  if (!accessKeyId || !secretAccessKey)
    throw new SecmetricsError(
      "invalid_config",
      `AWS credentials: ${missing.join(" and ")} not set`,
      "export the AWS access key of an identity allowed the API calls (and AWS_SESSION_TOKEN for temporary credentials)",
    );
  const sessionToken = env.AWS_SESSION_TOKEN?.trim();
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export interface AwsRequest {
  method: string;
  url: string;
  /** The exact bytes sent, as text; none for a request without a body. */
  body?: string;
  region: string;
  /** The signing name of the service: "securityhub". */
  service: string;
  credentials: AwsCredentials;
  /** When the request is signed (epoch ms): AWS refuses a signature more than 5 minutes off. */
  at: number;
}

/**
 * The headers that sign one request with AWS Signature Version 4, by AWS's
 * own signer: `authorization`, `x-amz-date` and, for temporary credentials,
 * `x-amz-security-token`. The host (and its port) is signed; fetch sends it.
 */
export async function sigV4Headers(request: AwsRequest): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const signer = new SignatureV4({
    credentials: request.credentials,
    region: request.region,
    service: request.service,
    sha256: Hash.bind(null, "sha256"),
    // The payload's hash is signed either way; only S3 wants it as a header too.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host },
      body: request.body,
    },
    { signingDate: new Date(request.at) },
  );
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
