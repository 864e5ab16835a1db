import { isIP } from "node:net";
import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from "node:tls";
import { SecmetricsError } from "../../model/errors.ts";
import { TLS_VERSIONS, type TlsVersion } from "../../model/tls-protocol.ts";
import { mapConcurrently } from "../map-concurrently.ts";

/**
 * The TLS protocol probe (`secmetrics probe tls HOST:PORT...`): which protocol
 * versions an endpoint accepts, found by one handshake per version with the
 * client pinned to it (`minVersion` = `maxVersion`). The certificate is not
 * verified (protocol support is the question) but its validity is recorded.
 *
 * TLS 1.0/1.1 on Node 20 (OpenSSL 3.0): at OpenSSL's default security level 1
 * the client still sends a TLS 1.0 ClientHello, but rejects the server's
 * answer (`ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED`, the SHA-1/MD5
 * signature of the key exchange is below level 1), so a naive probe would
 * report a server that accepts TLS 1.0 as refusing it. Every attempt
 * therefore offers `@SECLEVEL=0` and every cipher this OpenSSL has, short of
 * anonymous/PSK/SRP suites that no public server negotiates. Limits: this
 * build has no 3DES or RC4, so a server that speaks TLS 1.0 only with those
 * is seen as refusing it (it would be refused by current clients too). On the
 * server side likewise, a Node/OpenSSL 3 server with `minVersion: "TLSv1"`
 * but default ciphers still cannot complete a TLS 1.0 handshake.
 */

const PROBE_CIPHERS = "ALL:!aNULL:!eNULL:!PSK:!SRP:@SECLEVEL=0";
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_CONCURRENCY = 4;

export interface TlsProbeOptions {
  /** Versions below this count as downgrade exposure. */
  minimum?: TlsVersion;
  /** Per handshake, from TCP connect to the end of the handshake. */
  timeoutMs?: number;
  now?: () => number;
  /** Endpoints probed at the same time (each one's versions are tried in turn). */
  concurrency?: number;
}

/**
 * `accepted`/`rejected` are the server's answer; `error` means the attempt
 * proved nothing (timed out mid-handshake, or failed on our side).
 */
export type AttemptOutcome = "accepted" | "rejected" | "error";

export interface TlsAttempt {
  version: TlsVersion;
  outcome: AttemptOutcome;
  /** Negotiated cipher when accepted. */
  cipher?: string;
  /** The alert or error when not accepted. */
  reason?: string;
}

export interface CertificateInfo {
  subject: string | null;
  issuer: string | null;
  subject_alt_names: string[];
  valid_from: number | null;
  valid_to: number | null;
  /** Seconds from the probe until expiry; negative once expired. */
  expires_in_seconds: number | null;
  expired: boolean;
  /** The chain verifies against Node's CA store. */
  trusted: boolean;
  /** OpenSSL's reason when not trusted, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  trust_error: string | null;
  /** The certificate names the host probed (DNS name or IP). */
  hostname_matches: boolean;
  fingerprint256: string;
}

export interface TlsEndpointResult {
  endpoint: string;
  host: string;
  port: number;
  checked_at: number;
  /**
   * `failed` when the answer is incomplete: unreachable, no version accepted
   * (not a TLS port?), or an attempt that proved nothing. A failed endpoint is
   * never a clean one.
   */
  status: "ok" | "failed";
  error?: { code: string; message: string };
  /** One per version tried, oldest first; none when the endpoint was unreachable. */
  attempts: TlsAttempt[];
  accepted: TlsVersion[];
  /** Accepted versions below the minimum. */
  below_minimum: TlsVersion[];
  /** From the handshake at the highest accepted version. */
  certificate: CertificateInfo | null;
}

export interface TlsProbeRun {
  probe: "tls";
  checked_at: number;
  minimum: TlsVersion;
  results: TlsEndpointResult[];
  /**
   * Endpoints that accepted a version below the minimum (one per endpoint per
   * run); null when no endpoint gave an answer, as unknown is not zero.
   */
  tls_downgrade_attempts: number | null;
  failed: number;
}

export interface Endpoint {
  host: string;
  port: number;
}

/** `host:port`, `[ipv6]:port`, or a bare host (port 443). */
export function parseEndpoint(text: string): Endpoint {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]/]+))(?::(\d{1,5}))?$/.exec(text.trim());
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] === undefined ? 443 : Number(match[3]);
  if (!host || port < 1 || port > 65_535)
    throw new SecmetricsError(
      "invalid_argument",
      `"${text}" is not HOST:PORT`,
      "e.g. example.com:443 or [::1]:8443",
    );
  return { host, port };
}

/**
 * Probes every endpoint. Unreachable endpoints give failed results, not
 * exceptions; malformed endpoints are rejected before any connection.
 */
export async function probeTls(
  endpoints: readonly string[],
  options: TlsProbeOptions = {},
): Promise<TlsProbeRun> {
  const minimum = options.minimum ?? "TLSv1.2";
  if (!TLS_VERSIONS.includes(minimum))
    throw new SecmetricsError(
      "invalid_argument",
      `"${minimum}" is not a TLS version`,
      `use ${TLS_VERSIONS.join(", ")}`,
    );
  const targets = endpoints.map((text) => ({ text, ...parseEndpoint(text) }));
  const now = options.now ?? Date.now;
  const checkedAt = now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const results = await mapConcurrently(targets, options.concurrency ?? DEFAULT_CONCURRENCY, (target) =>
    probeEndpoint(target.text, target, { minimum, timeoutMs, checkedAt: now() }),
  );
  const downgradable = results.filter((result) => result.below_minimum.length > 0).length;
  const conclusive = results.some((result) => result.status === "ok");
  return {
    probe: "tls",
    checked_at: checkedAt,
    minimum,
    results,
    tls_downgrade_attempts: downgradable > 0 || conclusive ? downgradable : null,
    failed: results.filter((result) => result.status === "failed").length,
  };
}

async function probeEndpoint(
  text: string,
  target: Endpoint,
  context: { minimum: TlsVersion; timeoutMs: number; checkedAt: number },
): Promise<TlsEndpointResult> {
  const base = { endpoint: text, host: target.host, port: target.port, checked_at: context.checkedAt };
  const attempts: TlsAttempt[] = [];
  let certificate: CertificateInfo | null = null;
  // Newest first: it proves the port is reachable and gives the current certificate.
  for (const version of [...TLS_VERSIONS].reverse()) {
    const result = await attempt(target, version, context.timeoutMs, context.checkedAt);
    if (result.unreachable) {
      if (attempts.length === 0)
        return {
          ...base,
          status: "failed",
          error: result.unreachable,
          attempts,
          accepted: [],
          below_minimum: [],
          certificate,
        };
      attempts.unshift({ version, outcome: "error", reason: result.unreachable.message });
      continue;
    }
    attempts.unshift(result.attempt);
    if (result.certificate && !certificate) certificate = result.certificate;
  }

  const accepted = attempts.filter((item) => item.outcome === "accepted").map((item) => item.version);
  const minimumIndex = TLS_VERSIONS.indexOf(context.minimum);
  const below_minimum = accepted.filter((version) => TLS_VERSIONS.indexOf(version) < minimumIndex);
  const inconclusive = attempts.filter((item) => item.outcome === "error");
  const error =
    inconclusive.length > 0
      ? {
          code: "inconclusive",
          message: inconclusive.map((item) => `${item.version}: ${item.reason ?? "no answer"}`).join("; "),
        }
      : accepted.length === 0
        ? { code: "no_tls", message: "the server accepted no TLS version; is this a TLS port?" }
        : undefined;
  return {
    ...base,
    status: error ? "failed" : "ok",
    ...(error ? { error } : {}),
    attempts,
    accepted,
    below_minimum,
    certificate,
  };
}

type AttemptResult =
  | { unreachable: { code: string; message: string }; attempt?: undefined; certificate?: undefined }
  | { unreachable?: undefined; attempt: TlsAttempt; certificate?: CertificateInfo };

/** Errors meaning the server answered "not this version": an alert, or hanging up on the hello. */
const REJECTION =
  /^(ERR_SSL_(TLSV1|SSLV3)_ALERT_|ERR_SSL_WRONG_VERSION_NUMBER$|ERR_SSL_UNSUPPORTED_PROTOCOL$|ECONNRESET$|EPIPE$)/;

function attempt(
  target: Endpoint,
  version: TlsVersion,
  timeoutMs: number,
  checkedAt: number,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const socket = connect({
      host: target.host,
      port: target.port,
      minVersion: version,
      maxVersion: version,
      ciphers: PROBE_CIPHERS,
      rejectUnauthorized: false,
    });
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish(
          connected
            ? { attempt: { version, outcome: "error", reason: "handshake timed out" } }
            : { unreachable: { code: "timeout", message: `no TCP connection within ${timeoutMs} ms` } },
        ),
      timeoutMs,
    );
    socket.once("connect", () => {
      connected = true;
    });
    socket.once("secureConnect", () => {
      const negotiated = socket.getProtocol();
      finish(
        negotiated === version
          ? {
              attempt: { version, outcome: "accepted", cipher: socket.getCipher().name },
              certificate: describeCertificate(socket, target.host, checkedAt),
            }
          : {
              attempt: { version, outcome: "error", reason: `negotiated ${negotiated ?? "nothing"} instead` },
            },
      );
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const code = error.code ?? "unknown";
      if (!connected) finish({ unreachable: { code, message: error.message } });
      else
        finish({
          attempt: {
            version,
            outcome: REJECTION.test(code) ? "rejected" : "error",
            reason: `${code}: ${shortReason(error)}`,
          },
        });
    });
    socket.once("close", () => {
      if (connected)
        finish({
          attempt: { version, outcome: "rejected", reason: "connection closed during the handshake" },
        });
      else finish({ unreachable: { code: "closed", message: "connection closed before TCP connect" } });
    });
  });
}

/** OpenSSL messages carry a long internal prefix; the reason is the part users recognise. */
function shortReason(error: Error): string {
  const reason = /:SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1];
  return reason ?? error.message;
}

function describeCertificate(
  socket: TLSSocket,
  host: string,
  checkedAt: number,
): CertificateInfo | undefined {
  const cert: PeerCertificate = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const validFrom = parseCertDate(cert.valid_from);
  const validTo = parseCertDate(cert.valid_to);
  return {
    subject: firstName(cert.subject?.CN) ?? firstName(cert.subject?.O),
    issuer: firstName(cert.issuer?.CN) ?? firstName(cert.issuer?.O),
    subject_alt_names: cert.subjectaltname ? cert.subjectaltname.split(", ") : [],
    valid_from: validFrom,
    valid_to: validTo,
    expires_in_seconds: validTo === null ? null : Math.floor((validTo - checkedAt) / 1000),
    expired: validTo !== null && validTo <= checkedAt,
    trusted: socket.authorized,
    trust_error: socket.authorizationError ? String(socket.authorizationError) : null,
    hostname_matches: checkServerIdentity(isIP(host) ? host : host.toLowerCase(), cert) === undefined,
    fingerprint256: cert.fingerprint256,
  };
}

function firstName(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function parseCertDate(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
