import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { type FakeApi, startFakeApi } from "./fake-api.ts";

/**
 * A loopback AWS Security Hub answering GetFindings (`POST /findings`) as
 * its API reference describes it: the SigV4 `Authorization` header checked
 * (shape, credential scope, and the signature itself, recomputed with the
 * identity's secret), `UpdatedAt` date filters, `SortCriteria` on
 * `UpdatedAt`, `MaxResults` and an opaque `NextToken`. Pages hold at most
 * `pageSize` findings, to exercise paging. Errors come in AWS's JSON shape,
 * with `x-amzn-ErrorType`.
 */
export interface FakeSecurityHub extends FakeApi {
  findings: Record<string, unknown>[];
  /** The `Filters` of each GetFindings call. */
  filters: unknown[];
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/securityhub\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export async function startFakeSecurityHub(options: {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  findings: Record<string, unknown>[];
  pageSize: number;
}): Promise<FakeSecurityHub> {
  const { findings } = options;
  const filters: unknown[] = [];
  const pending: Promise<void>[] = [];
  const api = await startFakeApi((method, url, body, reply, req) => {
    const refuse = (status: number, type: string, message: string) =>
      reply(status, { message }, { "x-amzn-errortype": type });
    const auth = AUTHORIZATION.exec(String(req.headers.authorization ?? ""));
    if (!auth || auth[1] !== options.accessKeyId || auth[3] !== options.region)
      return refuse(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    if (method !== "POST" || url.pathname !== "/findings")
      return refuse(404, "ResourceNotFoundException", "Not found");
    const check = signatureOf(options, req.headers, method, url, body, auth[4] ?? "").then((expected) => {
      if (expected !== auth[5])
        return refuse(
          403,
          "InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided.",
        );
      const call = body as {
        Filters?: { UpdatedAt?: { Start?: string; End?: string }[] };
        NextToken?: string;
        MaxResults?: number;
      };
      filters.push(call.Filters);
      const range = call.Filters?.UpdatedAt?.[0] ?? {};
      const start = range.Start ? Date.parse(range.Start) : Number.NEGATIVE_INFINITY;
      const end = range.End ? Date.parse(range.End) : Number.POSITIVE_INFINITY;
      const matching = findings
        .filter((finding) => {
          const updated = Date.parse(String(finding.UpdatedAt));
          return updated >= start && updated <= end;
        })
        .sort((a, b) => Date.parse(String(a.UpdatedAt)) - Date.parse(String(b.UpdatedAt)));
      const offset = call.NextToken ? Number(Buffer.from(call.NextToken, "base64").toString("utf8")) : 0;
      const size = Math.min(call.MaxResults ?? 100, options.pageSize);
      const next =
        offset + size < matching.length ? Buffer.from(String(offset + size)).toString("base64") : undefined;
      reply(200, { Findings: matching.slice(offset, offset + size), ...(next ? { NextToken: next } : {}) });
    });
    pending.push(check);
  });
  return {
    ...api,
    findings,
    filters,
    close: async () => {
      await Promise.all(pending);
      await api.close();
    },
  };
}

/** The signature AWS would compute for the request over the headers it names as signed. */
async function signatureOf(
  options: { accessKeyId: string; secretAccessKey: string; region: string },
  headers: Record<string, string | string[] | undefined>,
  method: string,
  url: URL,
  body: unknown,
  signedHeaders: string,
): Promise<string> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
    service: "securityhub",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const signed = Object.fromEntries(
    signedHeaders.split(";").map((name) => [name, String(headers[name] ?? "")]),
  );
  const date = String(headers["x-amz-date"] ?? "");
  const at = Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`,
  );
  const { host: _host, ...rest } = signed;
  const request = await signer.sign(
    {
      method,
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query: {},
      headers: { host: String(headers.host ?? ""), ...rest },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    { signingDate: new Date(at) },
  );
  return /Signature=([0-9a-f]{64})/.exec(String(request.headers.authorization))?.[1] ?? "";
}
