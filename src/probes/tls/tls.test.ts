import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, createServer, type Server, type TlsOptions } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEndpoint, probeTls, type TlsEndpointResult } from "./tls.ts";

const AT = Date.now();
/** When openssl had made the certificate: key generation can take seconds on a busy machine. */
let certificateMadeBy = AT;
const TIMEOUT_MS = 3_000;

let dir: string;
const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
const endpoints: Record<string, string> = {};

async function listen(name: string, server: Server | TcpServer): Promise<void> {
  servers.push(server);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoints[name] = `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "secmetrics-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-days",
      "1",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  certificateMadeBy = Date.now();
  const identity = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
  const tlsServer = (options: TlsOptions) => {
    const server = createServer({ ...identity, ...options }, (socket) => socket.end());
    // Refused handshakes are what the test provokes; they are not server errors.
    server.on("tlsClientError", () => undefined);
    return server;
  };
  await listen("modern", tlsServer({ minVersion: "TLSv1.3" }));
  await listen("tls12", tlsServer({ minVersion: "TLSv1.2", maxVersion: "TLSv1.2" }));
  await listen("legacy", tlsServer({ minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" }));
  // Asks for TLS 1.0 but keeps OpenSSL 3's default security level, which forbids it.
  await listen("legacyAtSeclevel1", tlsServer({ minVersion: "TLSv1" }));
  // Accepts TCP, then never speaks: each handshake can only time out.
  await listen(
    "silent",
    createTcpServer((socket) => socket.resume()),
  );
  await listen(
    "plain",
    createTcpServer((socket) => socket.resume().end("HTTP/1.1 400 Bad Request\r\n\r\n")),
  );
  const closed = createTcpServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  endpoints.closed = `127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  // close() waits for open connections; a server half-way through a handshake would hold it.
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

function endpoint(name: string): string {
  const value = endpoints[name];
  if (!value) throw new Error(`no server ${name}`);
  return value;
}

function byEndpoint(results: TlsEndpointResult[], name: string): TlsEndpointResult {
  const result = results.find((item) => item.endpoint === endpoint(name));
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

describe("probeTls against loopback servers", () => {
  it("finds exactly the versions each server accepts, TLS 1.0 and 1.1 included", async () => {
    const names = ["modern", "tls12", "legacy", "legacyAtSeclevel1"];
    const run = await probeTls(names.map(endpoint), { timeoutMs: TIMEOUT_MS, now: () => AT });

    expect(run).toMatchObject({ probe: "tls", checked_at: AT, minimum: "TLSv1.2", failed: 0 });
    const accepted = Object.fromEntries(names.map((name) => [name, byEndpoint(run.results, name).accepted]));
    expect(accepted).toEqual({
      modern: ["TLSv1.3"],
      tls12: ["TLSv1.2"],
      legacy: ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
      legacyAtSeclevel1: ["TLSv1.2", "TLSv1.3"],
    });
    expect(byEndpoint(run.results, "legacy").below_minimum).toEqual(["TLSv1", "TLSv1.1"]);
    expect(byEndpoint(run.results, "modern").below_minimum).toEqual([]);
    // One per endpoint per run, however many old versions it accepts.
    expect(run.tls_downgrade_attempts).toBe(1);
  });

  it("records each attempt, oldest version first, with the server's refusal", async () => {
    const run = await probeTls([endpoint("modern")], { timeoutMs: TIMEOUT_MS, now: () => AT });
    const [result] = run.results;
    expect(result?.status).toBe("ok");
    expect(result?.attempts.map((item) => [item.version, item.outcome])).toEqual([
      ["TLSv1", "rejected"],
      ["TLSv1.1", "rejected"],
      ["TLSv1.2", "rejected"],
      ["TLSv1.3", "accepted"],
    ]);
    expect(result?.attempts[0]?.reason).toMatch(/^ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: /);
    expect(result?.attempts[3]?.cipher).toMatch(/^TLS_/);
  });

  it("counts against a stricter minimum", async () => {
    const names = ["modern", "tls12", "legacy"];
    const run = await probeTls(names.map(endpoint), {
      minimum: "TLSv1.3",
      timeoutMs: TIMEOUT_MS,
      now: () => AT,
    });
    expect(run.results.map((result) => result.below_minimum)).toEqual([
      [],
      ["TLSv1.2"],
      ["TLSv1", "TLSv1.1", "TLSv1.2"],
    ]);
    expect(run.tls_downgrade_attempts).toBe(2);
  });

  it("records the certificate without trusting it", async () => {
    const run = await probeTls([endpoint("tls12")], { timeoutMs: TIMEOUT_MS, now: () => AT });
    const certificate = run.results[0]?.certificate;
    expect(certificate).toMatchObject({
      subject: "localhost",
      issuer: "localhost",
      subject_alt_names: ["DNS:localhost", "IP Address:127.0.0.1"],
      expired: false,
      trusted: false,
      trust_error: "DEPTH_ZERO_SELF_SIGNED_CERT",
      hostname_matches: true,
    });
    // `-days 1`: valid for one day from its creation, which came after AT by the time openssl took.
    expect(certificate?.expires_in_seconds).toBeGreaterThan(86_400 - 600);
    expect(certificate?.expires_in_seconds).toBeLessThanOrEqual(
      86_400 + Math.ceil((certificateMadeBy - AT) / 1000),
    );
    expect(certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it("reports an unreachable endpoint and a non-TLS port as failed, never as clean", async () => {
    const run = await probeTls([endpoint("closed"), endpoint("plain")], {
      timeoutMs: TIMEOUT_MS,
      now: () => AT,
    });
    expect(run.failed).toBe(2);
    expect(run.tls_downgrade_attempts).toBeNull();
    expect(run.results[0]).toMatchObject({
      status: "failed",
      error: { code: "ECONNREFUSED" },
      attempts: [],
      accepted: [],
      certificate: null,
    });
    expect(run.results[1]).toMatchObject({ status: "failed", error: { code: "no_tls" }, accepted: [] });
    expect(run.results[1]?.attempts.every((item) => item.outcome === "rejected")).toBe(true);
  });

  it("reports handshakes that time out as inconclusive, not as refused", async () => {
    const run = await probeTls([endpoint("silent")], { timeoutMs: 300, now: () => AT });
    expect(run.results[0]).toMatchObject({ status: "failed", error: { code: "inconclusive" }, accepted: [] });
    expect(run.results[0]?.attempts.map((item) => [item.outcome, item.reason])).toEqual(
      Array.from({ length: 4 }, () => ["error", "handshake timed out"]),
    );
  });

  it("needs security level 0 to see TLS 1.0: at OpenSSL 3's default the client aborts the handshake itself", async () => {
    const { host, port } = parseEndpoint(endpoint("legacy"));
    const socket = connect({
      host,
      port,
      minVersion: "TLSv1",
      maxVersion: "TLSv1",
      rejectUnauthorized: false,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once("secureConnect", () => resolve("accepted"));
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      socket.setTimeout(TIMEOUT_MS, () => resolve("timeout"));
    });
    socket.destroy();
    expect(outcome).toBe("ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED");
  });

  it("rejects malformed endpoints and minimums before connecting", async () => {
    await expect(probeTls(["127.0.0.1:99999"])).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(probeTls(["https://example.com"])).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(probeTls([], { minimum: "SSLv3" as never })).rejects.toMatchObject({
      code: "invalid_argument",
    });
  });
});

describe("parseEndpoint", () => {
  it.each([
    ["example.com:8443", { host: "example.com", port: 8443 }],
    ["example.com", { host: "example.com", port: 443 }],
    ["[::1]:443", { host: "::1", port: 443 }],
    ["10.0.0.1:636", { host: "10.0.0.1", port: 636 }],
  ])("%s", (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });
});
