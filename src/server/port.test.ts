import { existsSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { probeHeaders } from "../probes/security-headers/headers.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { startHangingServer } from "../test-support/hanging-server.ts";
import { chromiumChildren, liveInGroups } from "../test-support/processes.ts";
import { buildTestServer, TEST_PERIOD, type TestServer } from "../test-support/server.ts";
import { chromiumPrinter, DEFAULT_CHROMIUM } from "./pdf.ts";
import { type RunningServer, startServer } from "./start.ts";

/** Over a real loopback port: what in-process requests cannot show (sockets, limits, the header probe). */
describe("server on a loopback port", () => {
  let server: TestServer;
  let running: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    dispose = created.dispose;
    server = await buildTestServer(created.store, {
      maxImportBytes: 1024,
      chromium: existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null,
    });
    running = await startServer(server.deps, { port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await running.close();
    await dispose();
  });

  it("gets a clean result from secmetrics' own header probe on every kind of response", async () => {
    const urls = ["/healthz", "/login", "/static/app.css", "/", "/api/v1/kpis", "/no-such-page"].map(
      (path) => `${running.url}${path}`,
    );
    // The only override: HSTS is sent over TLS only (browsers ignore it on
    // plain HTTP, RFC 6797 §8.1), and this test server is plain HTTP on
    // loopback. The next test checks it is sent when the client used https.
    const run = await probeHeaders(urls, { overrides: { "Strict-Transport-Security": { required: false } } });
    expect(run.failed).toBe(0);
    const findings = run.results.flatMap((result) => (result.status === "ok" ? result.findings : []));
    expect(findings).toEqual([]);
    expect(run.security_header_drift).toBe(0);
  });

  it("sends HSTS, a Secure __Host- cookie and upgrade-insecure-requests behind a trusted TLS proxy", async () => {
    const proxied = await startServer({ ...server.deps, trustProxy: true }, { port: 0, host: "127.0.0.1" });
    try {
      const run = await probeHeaders([`${proxied.url}/login`], {
        fetch: (input, init) =>
          fetch(input, { ...init, headers: { ...init?.headers, "x-forwarded-proto": "https" } }),
      });
      const result = run.results[0];
      expect(result?.status === "ok" && result.observed["strict-transport-security"]).toBe(
        "max-age=63072000; includeSubDomains",
      );
      const login = await fetch(`${proxied.url}/login`, { headers: { "x-forwarded-proto": "https" } });
      expect(login.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
      const untrusted = await fetch(`${running.url}/login`, { headers: { "x-forwarded-proto": "https" } });
      expect(untrusted.headers.get("strict-transport-security")).toBeNull();
    } finally {
      await proxied.close();
    }
  });

  it("refuses an import over the size limit with 413 and writes nothing", async () => {
    const before = await server.store.listImports();
    const response = await fetch(`${running.url}/api/v1/imports?name=big.csv`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.tokens.editor}` },
      body: "x".repeat(4096),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string; message: string } }).error.code).toBe(
      "payload_too_large",
    );
    expect(await server.store.listImports()).toEqual(before);
  });

  it("refuses a request line longer than Node's 16 KiB header limit with 431 before the app sees it", async () => {
    const response = await fetch(`${running.url}/api/v1/kpis?period=${"9".repeat(20_000)}`, {
      headers: { authorization: `Bearer ${server.tokens.viewer}` },
    });
    expect(response.status).toBe(431);
  });

  it("downloads the scorecard as the CLI's HTML file", async () => {
    const response = await fetch(`${running.url}/reports/scorecard.html?period=${TEST_PERIOD}`, {
      headers: { authorization: `Bearer ${server.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="scorecard-2026-09.html"');
    expect(await response.text()).toContain("<title>Security Scorecard — 2026-09");
  });

  const chromium = existsSync(DEFAULT_CHROMIUM);
  if (!chromium) console.warn(`SKIPPED: PDF export test — no Chromium at ${DEFAULT_CHROMIUM}`);
  it.skipIf(!chromium)("downloads the scorecard as PDF printed by headless Chromium", async () => {
    const response = await fetch(`${running.url}/reports/scorecard.pdf?period=${TEST_PERIOD}`, {
      headers: { authorization: `Bearer ${server.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  it.skipIf(!chromium)(
    "closes the browser of a PDF whose client went away: no Chromium outlives the request",
    async () => {
      // Real Chromium printing a page that never finishes loading, so the client leaves mid-print.
      const hanging = await startHangingServer();
      const printer = chromiumPrinter(DEFAULT_CHROMIUM);
      const printing = await startServer(
        { ...server.deps, pdf: { print: (_html, signal) => printer(hanging.page, signal) } },
        { port: 0, host: "127.0.0.1" },
      );
      try {
        const client = new AbortController();
        const download = fetch(`${printing.url}/reports/scorecard.pdf?period=${TEST_PERIOD}`, {
          headers: { authorization: `Bearer ${server.tokens.viewer}` },
          signal: client.signal,
        });
        download.catch(() => undefined);
        await vi.waitFor(() => expect(hanging.connections()).toBeGreaterThan(0), { timeout: 20_000 });
        const browsers = chromiumChildren();
        expect(browsers).toHaveLength(1);
        const logged = server.logs.length;
        client.abort();
        // The server answers the abandoned request once the print has stopped.
        await vi.waitFor(
          () =>
            expect(server.logs.slice(logged).join("")).toContain(
              '"path":"/reports/scorecard.pdf","status":503',
            ),
          // Closing Chromium takes longer than the default second on a busy machine.
          { timeout: 10_000 },
        );
        expect(liveInGroups(browsers)).toEqual([]);
      } finally {
        await printing.close();
        await hanging.close();
      }
    },
  );

  it("cuts off a client that sends its headers a byte a second after the documented 10 s", async () => {
    const socket = connect(Number(new URL(running.url).port), "127.0.0.1");
    socket.on("error", () => undefined);
    const started = performance.now();
    const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${"a".repeat(100)}`;
    let sent = 0;
    const drip = setInterval(() => socket.write(request.charAt(sent++)), 1000);
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    await new Promise((resolve) => socket.on("close", resolve));
    clearInterval(drip);
    const seconds = (performance.now() - started) / 1000;
    // Node checks for expired connections once a second: closed at 10-11 s, bounded generously.
    expect(seconds).toBeGreaterThan(9);
    expect(seconds).toBeLessThan(20);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 30_000);

  it("says clearly when PDF export has no Chromium", async () => {
    const app = (await import("./create-server.ts")).createServer({ ...server.deps, chromium: null });
    const response = await app.request(`/reports/scorecard.pdf?period=${TEST_PERIOD}`, {
      headers: { authorization: `Bearer ${server.tokens.viewer}` },
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string; message: string } }).error.message).toContain(
      "PDF export needs Chromium",
    );
  });
});
