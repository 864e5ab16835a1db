import {
  type HeaderOverride,
  type HeaderOverrides,
  headerOverridesSchema,
  type MatchMode,
} from "../../config/header-overrides.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { mapConcurrently } from "../map-concurrently.ts";
import owasp from "./baseline.json" with { type: "json" };

/**
 * The security-headers probe (`secmetrics probe headers URL...`).
 *
 * `evaluateHeaders` is pure: response headers in, findings out. `probeHeaders`
 * is the I/O edge: it fetches each URL (fetch and clock injected) and returns
 * one plain, JSON-serialisable run object, meant to be stored like an import
 * (time, baseline provenance, overrides in force, per-URL results).
 *
 * Comparison rules (header names are case-insensitive everywhere; a header
 * sent several times is read as the comma-joined list HTTP makes of it):
 * - Strict-Transport-Security: the first value only (RFC 6797 §8.1); `max-age`
 *   at least the expected one, plus `includeSubDomains` / `preload` when the
 *   expected value has them. Browsers ignore HSTS over plain HTTP (§8.1), so
 *   on an `http:` URL it is always `missing`.
 * - Content-Security-Policy: an enforced policy (Report-Only does not count)
 *   that restricts scripts: `script-src`, else `default-src`, exists and
 *   allows neither `'unsafe-inline'` (unless a nonce or hash neutralises it),
 *   `'unsafe-eval'`, nor any-host sources (`*`, `http:`, `https:`, `data:`;
 *   tolerated under `'strict-dynamic'` with a nonce or hash, which makes
 *   browsers ignore them). Browsers enforce every policy sent, so one passing
 *   policy is enough. The baseline's exact policy is site-specific and not
 *   required; pin one with `match: "exact"`.
 * - Cache-Control: every expected directive present; `max-age` may be lower
 *   than expected, and is moot when `no-store` is present (nothing is stored).
 * - Clear-Site-Data: not required by default, because OWASP advises sending it
 *   on the logout response only; when sent, it must clear at least the
 *   expected data types (or `"*"`).
 * - Permissions-Policy: present, and no feature the baseline lists is allowed
 *   to more origins than the baseline allows. Features the response leaves
 *   out are not flagged: the list grows with browser releases and requiring
 *   all of them would flag nearly every site.
 * - Referrer-Policy: the effective (last recognised) policy equals the
 *   expected one, or is `no-referrer`, which never sends a referrer.
 * - X-Frame-Options: `DENY`, or `SAMEORIGIN` when that is what is expected;
 *   conflicting values are ignored by browsers, so they deviate.
 * - X-Content-Type-Options: the first value is exactly `nosniff` (Fetch spec).
 * - Cross-Origin-{Embedder,Opener,Resource}-Policy, X-Permitted-Cross-Domain-
 *   Policies, X-DNS-Prefetch-Control, and any header without a rule: the value
 *   (parameters after `;` aside for the first three) equals the expected one,
 *   case-insensitively; several different values deviate.
 * - Headers on OWASP's removal list are reported as `should_be_removed`,
 *   apart from drift.
 */

export interface HeaderBaseline {
  /** Where the expected values come from; stored with every run. */
  source: {
    name: string;
    repository: string;
    files: string[];
    commit: string;
    committed_at: string;
    license: string;
    last_update_utc: string;
  };
  add: { name: string; value: string }[];
  remove: string[];
}

export const OWASP_BASELINE: HeaderBaseline = {
  source: { ...owasp.source, last_update_utc: owasp.headers_add.last_update_utc },
  add: owasp.headers_add.headers,
  remove: owasp.headers_remove.headers,
};

export type HeaderIssue = "missing" | "deviating" | "should_be_removed";

export interface HeaderFinding {
  header: string;
  issue: HeaderIssue;
  /** The value compared with; null for removal findings and `present` checks. */
  expected: string | null;
  /** What the response sent (several values comma-joined); null when missing. */
  actual: string | null;
  /** Why it deviates, in words a reader of the report understands. */
  reason?: string;
}

export interface HeaderEvaluation {
  url: string;
  checked_at: number;
  findings: HeaderFinding[];
}

/** `Headers` from fetch, a Map, or Node's `IncomingHttpHeaders`-style record. */
export type ResponseHeaders =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Returns why the values deviate from `expected`, or undefined when they comply. */
type Check = (values: string[], expected: string) => string | undefined;

interface HeaderRule {
  check: Check;
  /** Absent headers are findings unless this is false. */
  required?: boolean;
  /** Browsers ignore the header over plain HTTP. */
  httpsOnly?: boolean;
}

interface CheckedHeader {
  name: string;
  expected: string | null;
  required: boolean;
  match: MatchMode;
  rule: HeaderRule | undefined;
}

/**
 * Compares one response's headers with the baseline. Pure: `checkedAt` is
 * passed in so the result says when the response was seen.
 */
export function evaluateHeaders(
  url: string,
  responseHeaders: ResponseHeaders,
  baseline: HeaderBaseline,
  options: { overrides?: HeaderOverrides; checkedAt: number },
): HeaderEvaluation {
  const received = collectHeaders(responseHeaders);
  const plan = planChecks(baseline, options.overrides ?? {});
  const https = isHttps(url);
  const findings: HeaderFinding[] = [];

  for (const header of plan.checked) {
    const values = received.get(header.name.toLowerCase());
    const actual = values ? values.join(", ") : null;
    if (header.rule?.httpsOnly && !https && header.match === "rule") {
      if (header.required)
        findings.push({
          header: header.name,
          issue: "missing",
          expected: header.expected,
          actual,
          reason: "browsers ignore it over plain HTTP (RFC 6797 §8.1); serve the URL over HTTPS",
        });
      continue;
    }
    if (!values) {
      if (header.required) findings.push(missing(header, received));
      continue;
    }
    const reason = deviation(header, values);
    if (reason !== undefined)
      findings.push({ header: header.name, issue: "deviating", expected: header.expected, actual, reason });
  }

  for (const name of plan.remove) {
    const values = received.get(name.toLowerCase());
    if (values)
      findings.push({ header: name, issue: "should_be_removed", expected: null, actual: values.join(", ") });
  }
  return { url, checked_at: options.checkedAt, findings };
}

/** `security_header_drift` of one evaluation: (url, header) pairs missing or deviating. */
export function countDrift(findings: readonly HeaderFinding[]): number {
  return findings.filter((finding) => finding.issue !== "should_be_removed").length;
}

function missing(header: CheckedHeader, received: Map<string, string[]>): HeaderFinding {
  const finding: HeaderFinding = {
    header: header.name,
    issue: "missing",
    expected: header.expected,
    actual: null,
  };
  if (
    header.name.toLowerCase() === "content-security-policy" &&
    received.has("content-security-policy-report-only")
  )
    finding.reason = "only Content-Security-Policy-Report-Only is sent, which enforces nothing";
  return finding;
}

function deviation(header: CheckedHeader, values: string[]): string | undefined {
  if (header.match === "present" || header.expected === null) return undefined;
  if (header.match === "exact" || !header.rule) return exact(values, header.expected);
  return header.rule.check(values, header.expected);
}

function planChecks(
  baseline: HeaderBaseline,
  overrides: HeaderOverrides,
): { checked: CheckedHeader[]; remove: string[] } {
  const byName = new Map<string, HeaderOverride>();
  for (const [name, override] of Object.entries(overrides)) {
    const key = name.toLowerCase();
    if (byName.has(key))
      throw new SecmetricsError(
        "invalid_config",
        `header override "${name}" is given twice (names are case-insensitive)`,
      );
    byName.set(key, override);
  }

  const checked: CheckedHeader[] = [];
  const seen = new Set<string>();
  const addChecked = (name: string, baselineValue: string | null) => {
    const key = name.toLowerCase();
    seen.add(key);
    const override = byName.get(key) ?? {};
    if (override.ignore) return;
    const rule = RULES[key];
    const match =
      override.match ?? (baselineValue === null && override.expected === undefined ? "present" : "rule");
    checked.push({
      name,
      expected: match === "present" ? null : (override.expected ?? baselineValue),
      required: override.required ?? rule?.required ?? true,
      match,
      rule,
    });
  };

  for (const { name, value } of baseline.add) addChecked(name, value);
  const removeKeys = new Set(baseline.remove.map((name) => name.toLowerCase()));
  // An override naming a header beyond the baseline adds it to the checks; on a
  // removal-list header it means "this one is expected after all".
  for (const [name, override] of Object.entries(overrides)) {
    const key = name.toLowerCase();
    if (seen.has(key) || override.ignore) continue;
    const configures =
      override.required !== undefined || override.expected !== undefined || override.match !== undefined;
    if (removeKeys.has(key) && !configures) continue;
    addChecked(name, null);
  }
  const remove = baseline.remove.filter(
    (name) => !seen.has(name.toLowerCase()) && !byName.get(name.toLowerCase())?.ignore,
  );
  return { checked, remove };
}

function collectHeaders(headers: ResponseHeaders): Map<string, string[]> {
  const received = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const list = received.get(key);
    if (list) list.push(value);
    else received.set(key, [value]);
  };
  if (typeof headers.forEach === "function") {
    (headers as { forEach(callback: (value: string, name: string) => void): void }).forEach((value, name) =>
      add(name, String(value)),
    );
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) add(name, String(item));
      else add(name, String(value));
    }
  }
  return received;
}

function isHttps(url: string): boolean {
  return url.toLowerCase().startsWith("https:");
}

/** Splits a comma-separated header list, keeping commas inside double quotes. */
function splitList(values: readonly string[]): string[] {
  const items: string[] = [];
  for (const value of values) {
    let current = "";
    let quoted = false;
    for (const char of value) {
      if (char === '"') quoted = !quoted;
      if (char === "," && !quoted) {
        items.push(current);
        current = "";
      } else current += char;
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

function normalize(value: string): string {
  return value.trim().replace(/\s+/g, " ").toLowerCase();
}

function exact(values: string[], expected: string): string | undefined {
  const distinct = new Set(values.map(normalize));
  if (distinct.size > 1) return "sent several different values";
  return distinct.has(normalize(expected)) ? undefined : `expected "${expected}"`;
}

/** A single token, optionally followed by `;` parameters (structured header item). */
function token(withParameters: boolean): Check {
  return (values, expected) => {
    const tokens = new Set(
      splitList(values).map((item) => normalize(withParameters ? (item.split(";")[0] ?? "") : item)),
    );
    if (tokens.size > 1) return "sent several different values, which browsers do not apply";
    return tokens.has(normalize(expected)) ? undefined : `expected "${expected}"`;
  };
}

function parseDirectives(value: string, separator: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of value.split(separator)) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const equals = trimmed.indexOf("=");
    const name = (equals === -1 ? trimmed : trimmed.slice(0, equals)).trim().toLowerCase();
    const argument = equals === -1 ? "" : trimmed.slice(equals + 1).trim();
    // Later duplicates are ignored, as CSP and HSTS parsers do.
    if (!directives.has(name)) directives.set(name, argument.replace(/^"(.*)"$/, "$1"));
  }
  return directives;
}

const strictTransportSecurity: Check = (values, expected) => {
  const first = splitList(values)[0] ?? "";
  const actual = parseDirectives(first, ";");
  const wanted = parseDirectives(expected, ";");
  const maxAge = actual.get("max-age");
  if (maxAge === undefined || !/^\d+$/.test(maxAge)) return "no valid max-age";
  const problems: string[] = [];
  const wantedMaxAge = Number(wanted.get("max-age") ?? 0);
  if (Number(maxAge) < wantedMaxAge) problems.push(`max-age=${maxAge} is below ${wantedMaxAge}`);
  for (const flag of ["includesubdomains", "preload"])
    if (wanted.has(flag) && !actual.has(flag))
      problems.push(`${flag === "preload" ? "preload" : "includeSubDomains"} is missing`);
  return problems.length > 0 ? problems.join("; ") : undefined;
};

const ANY_HOST_SOURCES = new Set(["*", "http:", "https:", "data:"]);

function scriptPolicyProblems(policy: string): string[] {
  const directives = parseDirectivesWithSources(policy);
  const sources = directives.get("script-src") ?? directives.get("default-src");
  if (!sources) return ["neither script-src nor default-src: scripts are unrestricted"];
  const nonceOrHash = sources.some((source) => /^'(nonce-|sha256-|sha384-|sha512-)/.test(source));
  const strictDynamic = nonceOrHash && sources.includes("'strict-dynamic'");
  const problems: string[] = [];
  if (sources.includes("'unsafe-inline'") && !nonceOrHash) problems.push("scripts allow 'unsafe-inline'");
  if (sources.includes("'unsafe-eval'")) problems.push("scripts allow 'unsafe-eval'");
  const anyHost = sources.filter((source) => ANY_HOST_SOURCES.has(source));
  if (anyHost.length > 0 && !strictDynamic) problems.push(`scripts allow any host (${anyHost.join(" ")})`);
  return problems;
}

function parseDirectivesWithSources(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key))
      directives.set(
        key,
        sources.map((source) => source.toLowerCase()),
      );
  }
  return directives;
}

const contentSecurityPolicy: Check = (values) => {
  // Each comma-separated item is a separate policy, and every one is enforced.
  const policies = splitList(values);
  const problems = policies.map(scriptPolicyProblems);
  if (problems.some((list) => list.length === 0)) return undefined;
  return problems[0]?.join("; ") ?? "empty policy";
};

const cacheControl: Check = (values, expected) => {
  const actual = parseDirectives(splitList(values).join(","), ",");
  const wanted = parseDirectives(expected, ",");
  const problems: string[] = [];
  for (const [name, argument] of wanted) {
    if (name === "max-age") {
      if (actual.has("no-store")) continue;
      const actualAge = actual.get("max-age");
      if (actualAge === undefined || !/^\d+$/.test(actualAge) || Number(actualAge) > Number(argument))
        problems.push(`max-age=${argument} (or lower) is missing`);
    } else if (!actual.has(name) || (argument !== "" && actual.get(name) !== argument)) {
      problems.push(`${argument === "" ? name : `${name}=${argument}`} is missing`);
    }
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
};

const clearSiteData: Check = (values, expected) => {
  const actual = new Set(splitList(values).map(normalize));
  if (actual.has('"*"')) return undefined;
  const absent = splitList([expected]).filter((type) => !actual.has(normalize(type)));
  return absent.length > 0 ? `does not clear ${absent.join(", ")}` : undefined;
};

/** Structured-field dictionary `feature=(allowlist)`; later keys win, as for structured fields. */
function parsePermissions(items: readonly string[]): Map<string, string[]> {
  const features = new Map<string, string[]>();
  for (const item of items) {
    const equals = item.indexOf("=");
    if (equals === -1) continue;
    const name = item.slice(0, equals).trim().toLowerCase();
    const raw = (item.slice(equals + 1).split(";")[0] ?? "").trim();
    const inner = raw.startsWith("(") ? raw.slice(1, raw.lastIndexOf(")")) : raw;
    features.set(
      name,
      inner
        .split(/\s+/)
        .filter((origin) => origin !== "")
        .map((origin) => origin.toLowerCase()),
    );
  }
  return features;
}

const permissionsPolicy: Check = (values, expected) => {
  const actual = parsePermissions(splitList(values));
  if (actual.size === 0) return "no feature is restricted";
  const wanted = parsePermissions(splitList([expected]));
  const broader: string[] = [];
  for (const [feature, allowed] of actual) {
    const limit = wanted.get(feature);
    if (!limit) continue;
    if (allowed.some((origin) => !limit.includes(origin)))
      broader.push(`${feature}=(${allowed.join(" ")}) where the baseline allows (${limit.join(" ")})`);
  }
  return broader.length > 0 ? broader.join("; ") : undefined;
};

const REFERRER_POLICIES = new Set([
  "no-referrer",
  "no-referrer-when-downgrade",
  "same-origin",
  "origin",
  "strict-origin",
  "origin-when-cross-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
]);

const referrerPolicy: Check = (values, expected) => {
  // Browsers take the last policy they recognise, so senders can list fallbacks.
  const effective = splitList(values)
    .map(normalize)
    .filter((policy) => REFERRER_POLICIES.has(policy))
    .at(-1);
  if (effective === undefined) return "no recognised policy";
  return effective === normalize(expected) || effective === "no-referrer"
    ? undefined
    : `effective policy "${effective}", expected "${expected}"`;
};

const xFrameOptions: Check = (values, expected) => {
  const options = new Set(splitList(values).map(normalize));
  if (options.size > 1) return "sent several different values, which browsers ignore";
  if (options.has("deny")) return undefined;
  return options.has("sameorigin") && normalize(expected) === "sameorigin"
    ? undefined
    : `expected "${expected}"`;
};

const xContentTypeOptions: Check = (values, expected) => {
  const first = splitList(values)[0];
  return first !== undefined && normalize(first) === normalize(expected)
    ? undefined
    : `expected "${expected}"`;
};

const RULES: Record<string, HeaderRule> = {
  "strict-transport-security": { check: strictTransportSecurity, httpsOnly: true },
  "content-security-policy": { check: contentSecurityPolicy },
  "cache-control": { check: cacheControl },
  "clear-site-data": { check: clearSiteData, required: false },
  "permissions-policy": { check: permissionsPolicy },
  "referrer-policy": { check: referrerPolicy },
  "x-frame-options": { check: xFrameOptions },
  "x-content-type-options": { check: xContentTypeOptions },
  "cross-origin-embedder-policy": { check: token(true) },
  "cross-origin-opener-policy": { check: token(true) },
  "cross-origin-resource-policy": { check: token(false) },
  "x-permitted-cross-domain-policies": { check: token(false) },
  "x-dns-prefetch-control": { check: token(false) },
};

// ---------------------------------------------------------------------------
// The I/O edge.

export interface HeaderProbeOptions {
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Per URL, covering connection, redirects and response headers. */
  timeoutMs?: number;
  baseline?: HeaderBaseline;
  overrides?: HeaderOverrides;
  /** URLs fetched at the same time. */
  concurrency?: number;
}

export interface HeaderProbeSuccess extends HeaderEvaluation {
  status: "ok";
  http_status: number;
  /** After redirects, which are followed as a browser would; the findings are about this response. */
  final_url: string;
  /** The response's headers that the baseline names (checked or to remove), comma-joined. */
  observed: Record<string, string>;
  /** Missing or deviating headers of this URL. */
  drift: number;
}

export interface HeaderProbeFailure {
  url: string;
  checked_at: number;
  status: "failed";
  /** `timeout`, or the network error's code (`ECONNREFUSED`, `ENOTFOUND`, a certificate error, …). */
  error: { code: string; message: string };
}

export type HeaderProbeResult = HeaderProbeSuccess | HeaderProbeFailure;

export interface HeaderProbeRun {
  probe: "headers";
  checked_at: number;
  baseline: HeaderBaseline["source"];
  overrides: HeaderOverrides;
  results: HeaderProbeResult[];
  /** Missing or deviating (url, header) pairs over the URLs that answered; null when none did. */
  security_header_drift: number | null;
  /** Headers to remove, over the URLs that answered; not part of the drift. */
  should_be_removed: number;
  /** URLs that could not be probed: their drift is unknown, not zero. */
  failed: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONCURRENCY = 4;

/**
 * Fetches each URL and evaluates its headers. An unreachable URL gives a
 * failed result rather than an exception, so one dead host does not hide the
 * others; malformed URLs are rejected before any request is made.
 */
export async function probeHeaders(
  urls: readonly string[],
  options: HeaderProbeOptions = {},
): Promise<HeaderProbeRun> {
  for (const url of urls) validateUrl(url);
  const baseline = options.baseline ?? OWASP_BASELINE;
  const overrides = parseOverrides(options.overrides ?? {}, baseline);
  const now = options.now ?? Date.now;
  const checkedAt = now();
  const results = await mapConcurrently(urls, options.concurrency ?? DEFAULT_CONCURRENCY, (url) =>
    probeOne(url, { ...options, baseline, overrides, now }),
  );
  const answered = results.filter((result): result is HeaderProbeSuccess => result.status === "ok");
  return {
    probe: "headers",
    checked_at: checkedAt,
    baseline: baseline.source,
    overrides,
    results,
    security_header_drift:
      answered.length > 0 ? answered.reduce((sum, result) => sum + result.drift, 0) : null,
    should_be_removed: answered.reduce(
      (sum, result) =>
        sum + result.findings.filter((finding) => finding.issue === "should_be_removed").length,
      0,
    ),
    failed: results.length - answered.length,
  };
}

async function probeOne(
  url: string,
  options: HeaderProbeOptions & { baseline: HeaderBaseline; overrides: HeaderOverrides; now: () => number },
): Promise<HeaderProbeResult> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const checkedAt = options.now();
  let response: Response;
  try {
    response = await doFetch(url, {
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      headers: { "user-agent": "secmetrics-probe" },
    });
  } catch (error) {
    return { url, checked_at: checkedAt, status: "failed", error: describeFetchError(error) };
  }
  // Only the headers matter; dropping the body frees the connection.
  await response.body?.cancel().catch(() => undefined);
  const finalUrl = response.url || url;
  const evaluation = evaluateHeaders(finalUrl, response.headers, options.baseline, {
    overrides: options.overrides,
    checkedAt,
  });
  return {
    url,
    checked_at: checkedAt,
    status: "ok",
    http_status: response.status,
    final_url: finalUrl,
    observed: observedHeaders(response.headers, options.baseline, options.overrides),
    findings: evaluation.findings,
    drift: countDrift(evaluation.findings),
  };
}

/** Only headers the baseline names are kept: responses also carry cookies and tokens. */
function observedHeaders(headers: Headers, baseline: HeaderBaseline, overrides: HeaderOverrides) {
  const names = new Set(
    [
      ...baseline.add.map((header) => header.name),
      ...baseline.remove,
      ...Object.keys(overrides),
      "Content-Security-Policy-Report-Only",
    ].map((name) => name.toLowerCase()),
  );
  const observed: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (names.has(name.toLowerCase())) observed[name.toLowerCase()] = value;
  });
  return observed;
}

function parseOverrides(input: unknown, baseline: HeaderBaseline): HeaderOverrides {
  const parsed = headerOverridesSchema.safeParse(input);
  if (!parsed.success)
    throw new SecmetricsError(
      "invalid_config",
      `header overrides: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      'e.g. { "Cross-Origin-Embedder-Policy": { "required": false } }',
    );
  // Also rejects a header named twice in different cases, before any request.
  planChecks(baseline, parsed.data);
  return parsed.data;
}

function validateUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SecmetricsError(
      "invalid_argument",
      `"${url}" is not a URL`,
      "give absolute URLs, e.g. https://example.com/",
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new SecmetricsError("invalid_argument", `"${url}" is not an http(s) URL`);
}

function describeFetchError(error: unknown): { code: string; message: string } {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return { code: "timeout", message: "no response before the timeout" };
  // undici wraps the network error: `TypeError: fetch failed` with the real one as cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string"
      ? cause.code
      : "fetch_failed";
  return { code, message: cause instanceof Error ? cause.message : String(cause) };
}
