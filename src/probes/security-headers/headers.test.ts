import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeaderOverrides } from "../../config/header-overrides.ts";
import { SecmetricsError } from "../../model/errors.ts";
import {
  countDrift,
  evaluateHeaders,
  type HeaderFinding,
  OWASP_BASELINE,
  probeHeaders,
  type ResponseHeaders,
} from "./headers.ts";

const AT = Date.UTC(2026, 9, 14, 12);
const HTTPS = "https://app.example/";

/** OWASP's proposed values, as a compliant server would send them. */
const COMPLIANT: Record<string, string> = {
  "Cache-Control": "no-store, max-age=0",
  "Clear-Site-Data": '"cache","cookies","storage"',
  "Content-Security-Policy":
    "default-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy":
    "accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()",
  "Referrer-Policy": "no-referrer",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Frame-Options": "deny",
  "X-Permitted-Cross-Domain-Policies": "none",
};

function evaluate(headers: ResponseHeaders, url = HTTPS, overrides?: HeaderOverrides): HeaderFinding[] {
  return evaluateHeaders(url, headers, OWASP_BASELINE, { overrides, checkedAt: AT }).findings;
}

function without(name: string): Record<string, string> {
  const { [name]: _, ...rest } = COMPLIANT;
  return rest;
}

describe("the OWASP baseline", () => {
  it("is OWASP's data with its provenance", () => {
    expect(OWASP_BASELINE.add).toHaveLength(13);
    expect(OWASP_BASELINE.remove).toHaveLength(87);
    expect(OWASP_BASELINE.remove).toContain("X-Powered-By");
    expect(OWASP_BASELINE.add.map((header) => header.name)).toEqual(Object.keys(COMPLIANT));
    expect(Object.fromEntries(OWASP_BASELINE.add.map((header) => [header.name, header.value]))).toEqual(
      COMPLIANT,
    );
    expect(OWASP_BASELINE.source).toMatchObject({
      commit: "0bdb31eeda228b04a2fc712a6aa89105cc3efa84",
      license: "Apache-2.0",
      last_update_utc: "2026-07-19 05:44:10",
    });
  });
});

describe("evaluateHeaders", () => {
  it("finds nothing on a response that sends OWASP's values over HTTPS", () => {
    const result = evaluateHeaders(HTTPS, COMPLIANT, OWASP_BASELINE, { checkedAt: AT });
    expect(result).toEqual({ url: HTTPS, checked_at: AT, findings: [] });
  });

  it("reports every required header missing from an empty response, but not Clear-Site-Data (logout only)", () => {
    const findings = evaluate({});
    expect(findings.map((finding) => finding.header)).toEqual(
      Object.keys(COMPLIANT).filter((name) => name !== "Clear-Site-Data"),
    );
    expect(findings.every((finding) => finding.issue === "missing" && finding.actual === null)).toBe(true);
    expect(findings[0]).toEqual({
      header: "Cache-Control",
      issue: "missing",
      expected: "no-store, max-age=0",
      actual: null,
    });
    expect(countDrift(findings)).toBe(12);
  });

  it("counts HSTS as missing over plain HTTP, where browsers ignore it", () => {
    expect(evaluate(COMPLIANT, "http://app.example/")).toEqual([
      {
        header: "Strict-Transport-Security",
        issue: "missing",
        expected: "max-age=63072000; includeSubDomains",
        actual: "max-age=63072000; includeSubDomains",
        reason: expect.stringContaining("plain HTTP"),
      },
    ]);
  });

  it("reads header names case-insensitively", () => {
    const lower = Object.fromEntries(
      Object.entries(COMPLIANT).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(evaluate(lower)).toEqual([]);
    expect(evaluate(new Headers(COMPLIANT))).toEqual([]);
  });

  it.each<[string, string | string[], string | undefined]>([
    ["Strict-Transport-Security", "MAX-AGE=63072001; INCLUDESUBDOMAINS", undefined],
    ["Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload", undefined],
    [
      "Strict-Transport-Security",
      "max-age=31536000; includeSubDomains",
      "max-age=31536000 is below 63072000",
    ],
    ["Strict-Transport-Security", "max-age=63072000", "includeSubDomains is missing"],
    ["Strict-Transport-Security", "includeSubDomains", "no valid max-age"],
    [
      "Strict-Transport-Security",
      ["max-age=0", "max-age=63072000; includeSubDomains"],
      "max-age=0 is below 63072000; includeSubDomains is missing",
    ],
    ["Content-Security-Policy", "default-src 'self'", undefined],
    [
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self' 'unsafe-inline'",
      "scripts allow 'unsafe-inline'",
    ],
    [
      "Content-Security-Policy",
      "script-src 'nonce-r4nd0m' 'unsafe-inline' 'strict-dynamic' https:",
      undefined,
    ],
    [
      "Content-Security-Policy",
      "script-src 'sha256-abc=' 'unsafe-inline' https:",
      "scripts allow any host (https:)",
    ],
    ["Content-Security-Policy", "script-src 'self' 'unsafe-eval'", "scripts allow 'unsafe-eval'"],
    ["Content-Security-Policy", "default-src *", "scripts allow any host (*)"],
    [
      "Content-Security-Policy",
      "img-src 'self'",
      "neither script-src nor default-src: scripts are unrestricted",
    ],
    ["Content-Security-Policy", ["script-src 'unsafe-inline'", "default-src 'self'"], undefined],
    ["Cache-Control", "no-store", undefined],
    ["Cache-Control", "No-Store, max-age=0, private", undefined],
    ["Cache-Control", "private, max-age=0", "no-store is missing"],
    ["Cache-Control", "no-cache", "no-store is missing; max-age=0 (or lower) is missing"],
    ["Clear-Site-Data", '"storage", "cache", "cookies"', undefined],
    ["Clear-Site-Data", '"*"', undefined],
    ["Clear-Site-Data", '"cookies"', 'does not clear "cache", "storage"'],
    ["Permissions-Policy", "camera=(), geolocation=()", undefined],
    ["Permissions-Policy", "sync-xhr=self, some-future-feature=*", undefined],
    ["Permissions-Policy", "camera=(self)", "camera=(self) where the baseline allows ()"],
    ["Permissions-Policy", "sync-xhr=*", "sync-xhr=(*) where the baseline allows (self)"],
    ["Permissions-Policy", "interest-cohort", "no feature is restricted"],
    ["Referrer-Policy", "NO-REFERRER", undefined],
    ["Referrer-Policy", "unsafe-url, no-referrer", undefined],
    ["Referrer-Policy", "no-referrer, not-a-policy", undefined],
    [
      "Referrer-Policy",
      "strict-origin-when-cross-origin",
      'effective policy "strict-origin-when-cross-origin", expected "no-referrer"',
    ],
    ["Referrer-Policy", "not-a-policy", "no recognised policy"],
    ["X-Frame-Options", "DENY", undefined],
    ["X-Frame-Options", "SAMEORIGIN", 'expected "deny"'],
    ["X-Frame-Options", ["deny", "sameorigin"], "sent several different values, which browsers ignore"],
    ["X-Content-Type-Options", "NoSniff", undefined],
    ["X-Content-Type-Options", "nosniff, other", undefined],
    ["X-Content-Type-Options", "no-sniff", 'expected "nosniff"'],
    ["Cross-Origin-Opener-Policy", 'same-origin; report-to="coop"', undefined],
    ["Cross-Origin-Opener-Policy", "same-origin-allow-popups", 'expected "same-origin"'],
    ["Cross-Origin-Embedder-Policy", "credentialless", 'expected "require-corp"'],
    [
      "Cross-Origin-Resource-Policy",
      "same-origin, cross-origin",
      "sent several different values, which browsers do not apply",
    ],
    ["Cross-Origin-Resource-Policy", "same-site", 'expected "same-origin"'],
    ["X-Permitted-Cross-Domain-Policies", "master-only", 'expected "none"'],
    ["X-DNS-Prefetch-Control", "OFF", undefined],
    ["X-DNS-Prefetch-Control", "on", 'expected "off"'],
  ])("%s: %j → %s", (header, value, reason) => {
    const findings = evaluate({ ...without(header), [header]: value });
    if (reason === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    const expected = COMPLIANT[header] ?? null;
    expect(findings).toEqual([
      {
        header,
        issue: "deviating",
        expected,
        actual: Array.isArray(value) ? value.join(", ") : value,
        reason,
      },
    ]);
  });

  it("does not take a Report-Only policy for an enforced one", () => {
    const headers = {
      ...without("Content-Security-Policy"),
      "Content-Security-Policy-Report-Only": "default-src 'self'",
    };
    expect(evaluate(headers)).toEqual([
      {
        header: "Content-Security-Policy",
        issue: "missing",
        expected: COMPLIANT["Content-Security-Policy"],
        actual: null,
        reason: "only Content-Security-Policy-Report-Only is sent, which enforces nothing",
      },
    ]);
  });

  it("lists headers to remove apart from the drift", () => {
    const findings = evaluate({ ...COMPLIANT, "x-powered-by": "Express", Server: "nginx/1.25.3" });
    expect(findings).toEqual([
      { header: "Server", issue: "should_be_removed", expected: null, actual: "nginx/1.25.3" },
      { header: "X-Powered-By", issue: "should_be_removed", expected: null, actual: "Express" },
    ]);
    expect(countDrift(findings)).toBe(0);
  });

  describe("overrides", () => {
    it("relaxes a header: not required, yet still compared when sent", () => {
      const overrides = { "cross-origin-embedder-policy": { required: false } };
      expect(evaluate(without("Cross-Origin-Embedder-Policy"), HTTPS, overrides)).toEqual([]);
      expect(
        evaluate({ ...COMPLIANT, "Cross-Origin-Embedder-Policy": "unsafe-none" }, HTTPS, overrides),
      ).toEqual([expect.objectContaining({ header: "Cross-Origin-Embedder-Policy", issue: "deviating" })]);
    });

    it("tightens a header with an expected value of its own", () => {
      const overrides = {
        "Strict-Transport-Security": { expected: "max-age=63072000; includeSubDomains; preload" },
      };
      expect(evaluate(COMPLIANT, HTTPS, overrides)).toEqual([
        {
          header: "Strict-Transport-Security",
          issue: "deviating",
          expected: "max-age=63072000; includeSubDomains; preload",
          actual: "max-age=63072000; includeSubDomains",
          reason: "preload is missing",
        },
      ]);
    });

    it("accepts an expected value the rule compares with", () => {
      const overrides = { "Referrer-Policy": { expected: "strict-origin-when-cross-origin" } };
      const headers = { ...COMPLIANT, "Referrer-Policy": "strict-origin-when-cross-origin" };
      expect(evaluate(headers, HTTPS, overrides)).toEqual([]);
    });

    it("pins an exact value or only asks for presence", () => {
      const exact = {
        "Content-Security-Policy": { expected: "default-src 'none'", match: "exact" as const },
      };
      expect(evaluate(COMPLIANT, HTTPS, exact)).toEqual([
        expect.objectContaining({
          header: "Content-Security-Policy",
          issue: "deviating",
          expected: "default-src 'none'",
        }),
      ]);
      const present = { "Permissions-Policy": { match: "present" as const } };
      expect(evaluate({ ...COMPLIANT, "Permissions-Policy": "camera=*" }, HTTPS, present)).toEqual([]);
    });

    it("requires Clear-Site-Data on a logout URL", () => {
      expect(evaluate(without("Clear-Site-Data"), HTTPS, { "Clear-Site-Data": { required: true } })).toEqual([
        {
          header: "Clear-Site-Data",
          issue: "missing",
          expected: '"cache","cookies","storage"',
          actual: null,
        },
      ]);
    });

    it("ignores a header entirely, on either list", () => {
      const overrides = { "X-Frame-Options": { ignore: true }, Server: { ignore: true } };
      expect(evaluate({ ...without("X-Frame-Options"), Server: "cloudflare" }, HTTPS, overrides)).toEqual([]);
    });

    it("adds headers beyond the baseline, with or without a value", () => {
      const overrides = { "X-Robots-Tag": { expected: "noindex" }, "Reporting-Endpoints": {} };
      expect(evaluate(COMPLIANT, HTTPS, overrides)).toEqual([
        { header: "X-Robots-Tag", issue: "missing", expected: "noindex", actual: null },
        { header: "Reporting-Endpoints", issue: "missing", expected: null, actual: null },
      ]);
      const sent = {
        ...COMPLIANT,
        "X-Robots-Tag": "all",
        "Reporting-Endpoints": 'default="https://r.example"',
      };
      expect(evaluate(sent, HTTPS, overrides)).toEqual([
        {
          header: "X-Robots-Tag",
          issue: "deviating",
          expected: "noindex",
          actual: "all",
          reason: 'expected "noindex"',
        },
      ]);
    });

    it("turns a removal-list header into an expected one when given a value", () => {
      const overrides = { Server: { expected: "edge" } };
      expect(evaluate({ ...COMPLIANT, Server: "edge" }, HTTPS, overrides)).toEqual([]);
    });

    it("rejects a header named twice", () => {
      expect(() =>
        evaluate(COMPLIANT, HTTPS, { Server: { ignore: true }, server: { ignore: false } }),
      ).toThrow(SecmetricsError);
    });
  });
});

describe("probeHeaders against a loopback server", () => {
  let server: Server;
  let origin: string;
  let closedPortUrl: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/compliant") response.writeHead(200, COMPLIANT).end("ok");
      else if (request.url === "/leaky")
        response.writeHead(200, { "X-Content-Type-Options": "nosniff", "X-Powered-By": "Express" }).end("ok");
      else if (request.url === "/redirect") response.writeHead(302, { Location: "/compliant" }).end();
      else if (request.url === "/hang") return;
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
    await new Promise((resolve) => probe.close(resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function clock(start: number) {
    let tick = start;
    return () => tick++;
  }

  it("records headers and findings per URL, follows redirects, and reports the unreachable as failed", async () => {
    const urls = [`${origin}/compliant`, `${origin}/leaky`, `${origin}/redirect`, closedPortUrl];
    const run = await probeHeaders(urls, { now: clock(AT), timeoutMs: 2_000, concurrency: 1 });

    expect(run).toMatchObject({
      probe: "headers",
      checked_at: AT,
      baseline: { commit: "0bdb31eeda228b04a2fc712a6aa89105cc3efa84", license: "Apache-2.0" },
      overrides: {},
      // compliant: HSTS over plain HTTP (1); leaky: 12 required − nosniff (11); redirect lands on compliant (1).
      security_header_drift: 13,
      should_be_removed: 1,
      failed: 1,
    });
    const [compliant, leaky, redirect, closed] = run.results;
    expect(compliant).toMatchObject({ status: "ok", http_status: 200, drift: 1, checked_at: AT + 1 });
    expect(compliant?.status === "ok" && compliant.findings.map((finding) => finding.header)).toEqual([
      "Strict-Transport-Security",
    ]);
    expect(leaky).toMatchObject({
      status: "ok",
      drift: 11,
      observed: { "x-content-type-options": "nosniff", "x-powered-by": "Express" },
    });
    expect(leaky?.status === "ok" && Object.keys(leaky.observed)).toEqual([
      "x-content-type-options",
      "x-powered-by",
    ]);
    expect(
      leaky?.status === "ok" && leaky.findings.filter((finding) => finding.issue === "should_be_removed"),
    ).toEqual([{ header: "X-Powered-By", issue: "should_be_removed", expected: null, actual: "Express" }]);
    expect(redirect).toMatchObject({
      status: "ok",
      http_status: 200,
      final_url: `${origin}/compliant`,
      drift: 1,
    });
    expect(closed).toEqual({
      url: closedPortUrl,
      checked_at: AT + 4,
      status: "failed",
      error: { code: "ECONNREFUSED", message: expect.any(String) },
    });
  });

  it("gives no drift number when no URL answered: unknown is not zero", async () => {
    const run = await probeHeaders([closedPortUrl], { now: clock(AT), timeoutMs: 2_000 });
    expect(run).toMatchObject({ security_header_drift: null, should_be_removed: 0, failed: 1 });
  });

  it("fails a URL that does not answer within the timeout", async () => {
    const run = await probeHeaders([`${origin}/hang`], { now: clock(AT), timeoutMs: 300 });
    expect(run.results[0]).toMatchObject({ status: "failed", error: { code: "timeout" } });
  });

  it("rejects malformed URLs and overrides before any request", async () => {
    await expect(probeHeaders(["app.example"])).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(probeHeaders(["ftp://app.example/"])).rejects.toMatchObject({ code: "invalid_argument" });
    const overrides = { Server: { required: "no" } } as unknown as HeaderOverrides;
    await expect(probeHeaders([`${origin}/compliant`], { overrides })).rejects.toMatchObject({
      code: "invalid_config",
    });
  });

  it("takes fetch as a parameter", async () => {
    const fetch: typeof globalThis.fetch = async (input) =>
      String(input).includes("down")
        ? Promise.reject(
            new TypeError("fetch failed", {
              cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }),
            }),
          )
        : new Response(null, { headers: COMPLIANT });
    const run = await probeHeaders(["https://up.example/", "https://down.example/"], {
      fetch,
      now: () => AT,
    });
    expect(run.results).toEqual([
      expect.objectContaining({ status: "ok", final_url: "https://up.example/", findings: [], drift: 0 }),
      expect.objectContaining({
        status: "failed",
        error: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND" },
      }),
    ]);
    expect(run).toMatchObject({ security_header_drift: 0, failed: 1 });
  });
});
