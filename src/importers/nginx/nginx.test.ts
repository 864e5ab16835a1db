import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { HttpEvent, TlsHandshake } from "../../domains/prevention/records.ts";
import { SecmetricsError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { nginx } from "./nginx.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(name: string, options: Partial<ImportContext> = {}) {
  const items: RecordItem<HttpEvent | TlsHandshake>[] = [];
  for await (const item of nginx.parse(createReadStream(fixture(name)), {
    timezone: "UTC",
    file: name,
    ...options,
  }))
    items.push(item);
  return {
    records: items.flatMap((item) =>
      "record" in item && item.record.kind === "http_event" ? [item.record] : [],
    ),
    handshakes: items.flatMap((item) =>
      "record" in item && item.record.kind === "tls_handshake" ? [item.record] : [],
    ),
    skipped: items.flatMap((item) => ("skipped" in item ? [item.line] : [])),
  };
}

const INGRESS_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id';

describe("nginx", () => {
  it("keeps the 4xx/5xx lines of a real combined access log", async () => {
    const { records, skipped } = await parse("access-beats.log");
    // awk '{print $9}' | sort | uniq -c → 2×200, 2×304, 8×404, and line 13 whose $9 is not a status
    // (a `$host` prefix: not the combined format) → skipped and reported, no longer a
    // problem that refuses the whole log.
    expect(records).toHaveLength(8);
    expect(records.every((r) => r.status === 404 && !r.rate_limited && r.source === "access")).toBe(true);
    expect(skipped).toEqual([13]);
    expect(records[0]).toMatchObject({
      method: "GET",
      path: "/favicon.ico",
      client_ip: "77.179.66.156",
      at: Date.parse("2016-10-25T14:49:34+02:00"),
    });
  });

  it("reads a custom log_format: ingress-nginx's upstreaminfo", async () => {
    const { records, skipped } = await parse("ingress-nginx.log", { logFormat: INGRESS_FORMAT });
    expect(skipped).toEqual([]);
    // statuses of the 7 lines: 200, 400, 400, 200, 200, 502, 502
    expect(records.map((r) => [r.status, r.method])).toEqual([
      [400, null],
      [400, null],
      [502, "GET"],
      [502, "GET"],
    ]);
    expect(records[2]).toMatchObject({ client_ip: "2a02:cf40::4e36", path: "/favicon.ico" });
    // Same host, second and text apart from the upstream address: two ids.
    expect(records[2]?.external_id).not.toBe(records[3]?.external_id);
  });

  it("reads the vhost line with a $host log_format and skips the rest", async () => {
    const format = `$host ${'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'}`;
    const { records, skipped } = await parse("access-beats.log", { logFormat: format });
    // line 13 is a 206: matched, not kept; lines 1–12 do not match the format.
    expect(records).toEqual([]);
    expect(skipped).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("reads access and error lines mixed in one file (fail2ban's botsearch log)", async () => {
    const { records, skipped } = await parse("access-fail2ban-botsearch.log");
    // lines 1–8 are 404 access lines (with one extra trailing field); 9–14 are error-log `open() failed`
    // and `is not found` lines, which are not rate limits.
    expect(skipped).toEqual([]);
    expect(records).toHaveLength(8);
    expect(records[6]).toMatchObject({
      user: "root",
      status: 404,
      at: Date.parse("2015-01-20T01:17:07+01:00"),
    });
  });

  it("counts error-log rate-limit rejections, not delays", async () => {
    const { records, skipped } = await parse("error-limit-req.log");
    expect(skipped).toEqual([]);
    // grep -c 'limiting requests' → 5 (lines 1–4, 9); grep -c 'limiting connections' → 2; `delaying request` (2) skipped.
    expect(records).toHaveLength(7);
    expect(records.every((r) => r.rate_limited && r.status === null && r.source === "error")).toBe(true);
    expect(records.map((r) => r.client_ip)).toEqual([
      "1.2.3.4",
      "192.0.2.0",
      "13.123.1.123",
      "2001:db8::80da:af6b:8b2c",
      "128.199.22.141",
      "162.240.161.123",
      "192.0.2.2",
    ]);
    expect(records[0]).toMatchObject({
      method: "POST",
      path: "/index.htm",
      at: Date.UTC(2015, 9, 29, 20, 1, 2),
    });
  });

  it("keeps 401/403/429 and skips malformed lines (hand-made)", async () => {
    const { records, skipped } = await parse("edge-statuses.log");
    expect(records.map((r) => [r.status, r.rate_limited, r.user])).toEqual([
      [401, false, null],
      [403, false, "alice"],
      [429, true, null],
      [429, true, null],
    ]);
    expect(new Set(records.map((r) => r.external_id)).size).toBe(4);
    expect(skipped).toEqual([6, 7]);
  });

  it("refuses a log_format without $status", async () => {
    await expect(parse("edge-statuses.log", { logFormat: "$remote_addr [$time_local]" })).rejects.toThrow(
      SecmetricsError,
    );
  });

  it("detects nginx logs", () => {
    expect(
      nginx.detect({
        name: "access.log",
        head: '1.2.3.4 - - [25/Oct/2016:14:49:33 +0200] "GET / HTTP/1.1" 200 612 "-" "x"\n',
      }),
    ).toBe(true);
    expect(
      nginx.detect({
        name: "error.log",
        head: '2015/10/29 20:01:02 [error] 1#0: *9 limiting requests, excess: 1 by zone "one", client: 1.2.3.4, server: x\n',
      }),
    ).toBe(true);
    expect(
      nginx.detect({
        name: "auth.log",
        head: "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user x from 1.2.3.4\n",
      }),
    ).toBe(false);
  });

  it("keeps handshakes the server refused for their protocol, from real error-log lines", async () => {
    const { records, handshakes, skipped } = await parse("error-ssl-handshake.log");
    // Lines 1-2: `unsupported protocol` (OpenSSL 1.1.1 and 1.0); line 3 inappropriate fallback, line 4
    // an internal error and line 5 a handshake to an upstream are not a refused client protocol.
    expect(skipped).toEqual([]);
    expect(records).toEqual([]);
    expect(handshakes).toEqual([
      {
        kind: "tls_handshake",
        feed: "nginx",
        external_id: expect.any(String),
        at: Date.parse("2018-06-24T22:41:22Z"),
        protocol: null,
        refused: true,
        client_ip: "54.208.42.136",
        host: "0.0.0.0:443",
        source: "error",
      },
      expect.objectContaining({ client_ip: "80.215.171.167", host: "0.0.0.0:8443", refused: true }),
    ]);
  });

  it("reads the OpenSSL 3 and `version too low` shapes (hand-made lines)", async () => {
    const { handshakes } = await parse("hand-made-tls.log");
    expect(handshakes.map((h) => [h.client_ip, h.protocol, h.refused, h.at])).toEqual([
      ["203.0.113.9", null, true, Date.parse("2026-03-02T10:15:00Z")],
      ["74.82.47.4", null, true, Date.parse("2018-09-30T08:00:00Z")],
    ]);
  });

  const SSL_FORMAT =
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $ssl_protocol $ssl_cipher';

  it("keeps access lines whose $ssl_protocol is below the minimum, whatever their status", async () => {
    const { records, handshakes, skipped } = await parse("hand-made-ssl-protocol.log", {
      logFormat: SSL_FORMAT,
    });
    expect(skipped).toEqual([]);
    // TLSv1 200 and TLSv1.1 403 are below TLSv1.2; TLSv1.2, TLSv1.3 and plain HTTP (`-`) are not.
    expect(handshakes.map((h) => [h.client_ip, h.protocol, h.refused, h.source])).toEqual([
      ["198.51.100.7", "TLSv1", false, "access"],
      ["198.51.100.7", "TLSv1.1", false, "access"],
    ]);
    expect(handshakes[0]?.at).toBe(Date.parse("2026-03-02T09:00:01Z"));
    // The 403 on TLSv1.1 is also an HTTP event, under the same line identity.
    expect(records.map((r) => r.status)).toEqual([403, 401]);
    expect(records[0]?.external_id).toBe(handshakes[1]?.external_id);
  });

  it("applies the configured minimum", async () => {
    const { handshakes } = await parse("hand-made-ssl-protocol.log", {
      logFormat: SSL_FORMAT,
      minimumTls: "TLSv1.3",
    });
    expect(handshakes.map((h) => h.protocol)).toEqual(["TLSv1", "TLSv1.1", "TLSv1.2"]);
  });
});
