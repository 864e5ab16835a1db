import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../app/compute-kpis.ts";
import { main } from "../cli/main.ts";
import { SecmetricsError } from "../model/errors.ts";
import { buildQuarterlyReport } from "../report/build-quarterly.ts";
import { buildReport } from "../report/build-report.ts";
import { renderHtml } from "../report/html.ts";
import { kpiJson } from "../report/kpi-json.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import {
  BAD_CSV,
  Browser,
  buildTestServer,
  INCIDENTS_CSV,
  PASSWORD,
  serverForSuite,
  TEST_CONFIG,
  TEST_NOW,
  TEST_PERIOD,
  type TestServer,
} from "../test-support/server.ts";
import { createServer } from "./create-server.ts";
import { createLogger } from "./logger.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Response bodies are checked field by field. */
type Json = any;
const json = (response: Response): Promise<Json> => response.json();

for (const engine of ENGINES) {
  describe(`server on ${engine.name}`, () => {
    let server: TestServer;
    let store: Store;
    let url: string;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      const database = await engine.create();
      url = database.url;
      const { openStore } = await import("../app/open-store.ts");
      store = await openStore(url);
      dispose = async () => {
        await store.close();
        await database.dispose();
      };
      server = await buildTestServer(store);
    });
    afterAll(() => dispose());

    it("answers /healthz without authentication, and nothing else", async () => {
      const health = await server.app.request("/healthz");
      expect(health.status).toBe(200);
      expect(health.headers.get("x-frame-options")).toBe("DENY");
      const api = await server.app.request("/api/v1/kpis");
      expect(api.status).toBe(401);
      expect(api.headers.get("www-authenticate")).toContain("Bearer");
      expect(await json(api)).toMatchObject({ error: { code: "unauthenticated" } });
      const page = await server.app.request("/metrics/mttd?period=2026-09", {
        headers: { accept: "text/html" },
      });
      expect(page.status).toBe(303);
      expect(page.headers.get("location")).toBe(
        `/login?next=${encodeURIComponent("/metrics/mttd?period=2026-09")}`,
      );
      for (const path of ["/metrics", "/api/v1/openapi.json", "/audit", "/reports/scorecard.html"])
        expect((await server.app.request(path)).status, path).not.toBe(200);
    });

    it("returns exactly the CLI's KPI JSON for the same store", async () => {
      const response = await server.app.request(`/api/v1/kpis?period=${TEST_PERIOD}`, {
        headers: bearer(server.tokens.viewer),
      });
      expect(response.status).toBe(200);
      const body = await json(response);
      const expected = kpiJson(await computeKpis(store, TEST_PERIOD, { config: TEST_CONFIG, now: TEST_NOW }));
      expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(body.metrics.find((m: { id: string }) => m.id === "incident_count").value).toBe(2);

      // The CLI itself, on the same database (its clock is the real one, so generated_at differs).
      const dir = mkdtempSync(join(tmpdir(), "secmetrics-cli-json-"));
      try {
        const out = join(dir, "kpis.json");
        const config = join(dir, "secmetrics.yaml");
        const { writeFileSync } = await import("node:fs");
        writeFileSync(
          config,
          "organisation: Test Org\ncategories:\n  detection_response:\n    owner: SecOps\n",
        );
        await main([
          "node",
          "secmetrics",
          "--db",
          url,
          "--config",
          config,
          "kpis",
          "--period",
          TEST_PERIOD,
          "--format",
          "json",
          "--out",
          out,
        ]);
        const cli = JSON.parse(readFileSync(out, "utf8"));
        // The CLI reads the real clock, so generated_at and staleness differ; the figures must not.
        const figures = (report: Json) =>
          report.metrics.map((m: Json) => [m.id, m.value, m.n, m.history, m.trend, m.limits]);
        expect(figures(body)).toEqual(figures(cli));
        expect(Object.keys(body)).toEqual(Object.keys(cli));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("serves one metric with the records behind it and their provenance", async () => {
      const response = await server.app.request(`/api/v1/metrics/mttd?period=${TEST_PERIOD}`, {
        headers: bearer(server.tokens.viewer),
      });
      const body = await json(response);
      expect(body.metric.id).toBe("mttd");
      expect(body.records.rows.map((r: { id: string }) => r.id)).toEqual(["INC-1", "INC-2", "INC-3"]);
      expect(body.records.rows[0].provenance).toMatchObject({ file_name: "incidents.csv", line: 2 });
      // Instants in JSON are ISO 8601, as `secmetrics drill --format json` writes them.
      expect(body.records.period).toEqual({
        id: TEST_PERIOD,
        start: "2026-09-01T00:00:00.000Z",
        end: "2026-10-01T00:00:00.000Z",
      });
      // Imported an hour before TEST_NOW (2026-10-02T08:00Z).
      expect(body.records.rows[0].provenance.imported_at).toBe("2026-10-02T07:00:00.000Z");
      expect(
        (await server.app.request("/api/v1/metrics/nope", { headers: bearer(server.tokens.viewer) })).status,
      ).toBe(404);
      const bad = await server.app.request("/api/v1/kpis?period=2026-13", {
        headers: bearer(server.tokens.viewer),
      });
      expect(bad.status).toBe(400);
    });

    it("serves the reports as the CLI renders them", async () => {
      const md = await server.app.request(`/api/v1/reports/scorecard?period=${TEST_PERIOD}&format=md`, {
        headers: bearer(server.tokens.viewer),
      });
      const model = await buildReport(store, "scorecard", TEST_PERIOD, {
        config: TEST_CONFIG,
        now: TEST_NOW,
      });
      expect(await md.text()).toBe(renderMarkdown(model));
      const iteration = await server.app.request(`/api/v1/reports/iteration?period=${TEST_PERIOD}`, {
        headers: bearer(server.tokens.viewer),
      });
      expect((await json(iteration)).kind).toBe("iteration");
      const quarterly = await server.app.request("/api/v1/reports/quarterly?period=2026-Q3&format=md", {
        headers: bearer(server.tokens.viewer),
      });
      expect(await quarterly.text()).toBe(
        renderMarkdown(await buildQuarterlyReport(store, "2026-Q3", { config: TEST_CONFIG, now: TEST_NOW })),
      );
      const html = await server.app.request(`/api/v1/reports/scorecard?period=${TEST_PERIOD}&format=html`, {
        headers: bearer(server.tokens.viewer),
      });
      expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
      const download = await server.app.request(`/reports/scorecard.html?period=${TEST_PERIOD}`, {
        headers: bearer(server.tokens.viewer),
      });
      expect(download.headers.get("content-disposition")).toBe(
        'attachment; filename="scorecard-2026-09.html"',
      );
      expect(await download.text()).toBe(renderHtml(model));
      expect((await server.auth.auditLog({ limit: 1 }))[0]).toMatchObject({
        action: "export",
        target: "scorecard 2026-09",
        detail: { format: "html" },
      });
    });

    it("refuses an import from a viewer with 403 and changes nothing", async () => {
      const before = await store.listImports();
      const response = await server.app.request("/api/v1/imports?name=more.csv", {
        method: "POST",
        headers: bearer(server.tokens.viewer),
        body: INCIDENTS_CSV.replace(/INC-/g, "NEW-"),
      });
      expect(response.status).toBe(403);
      expect(await store.listImports()).toEqual(before);
      const browser = new Browser(server.app);
      await browser.login("viewer");
      await browser.page("/imports");
      const form = await browser.form("/imports", { _csrf: browser.csrf });
      expect(form.status).toBe(403);
      expect(await store.listImports()).toEqual(before);
    });

    it("imports with an editor token, idempotently, and rejects a bad file whole with file:line", async () => {
      const before = (await store.listImports()).length;
      const body = INCIDENTS_CSV.replace(/INC-/g, "API-");
      const first = await server.app.request("/api/v1/imports?name=api.csv&format=incidents-csv", {
        method: "POST",
        headers: bearer(server.tokens.editor),
        body,
      });
      expect(first.status).toBe(201);
      expect(await json(first)).toMatchObject({
        status: "imported",
        format: "incidents-csv",
        import: { records: 4 },
      });
      const again = await server.app.request("/api/v1/imports?name=api.csv", {
        method: "POST",
        headers: bearer(server.tokens.editor),
        body,
      });
      expect(again.status).toBe(200);
      expect((await json(again)).status).toBe("unchanged");

      const form = new FormData();
      form.set("file", new File([BAD_CSV], "bad.csv"));
      const bad = await server.app.request("/api/v1/imports", {
        method: "POST",
        headers: bearer(server.tokens.editor),
        body: form,
      });
      expect(bad.status).toBe(422);
      const error = await json(bad);
      expect(error.error.code).toBe("invalid_input");
      expect(error.error.problems).toEqual([
        expect.stringContaining('bad.csv:3: detected_at: "yesterday" is not an ISO 8601 timestamp'),
      ]);
      expect(await store.listImports()).toHaveLength(before + 1);

      const audit = await server.auth.auditLog({ limit: 5 });
      expect(audit.map((e) => e.action).slice(0, 3)).toEqual([
        "import.rejected",
        "import.unchanged",
        "import",
      ]);
      expect(audit[2]?.actor).toMatch(/^token:editor-token#/);
    });

    it("logs people in, and refuses a login form without its CSRF token", async () => {
      const browser = new Browser(server.app);
      await browser.page("/login");
      const forged = await browser.form("/login", { _csrf: "forged", name: "admin", password: PASSWORD });
      expect(forged.status).toBe(403);
      const ok = await browser.login("admin");
      expect(ok.status).toBe(303);
      expect(ok.headers.get("set-cookie")).toMatch(
        /secmetrics_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/,
      );
      const overview = await browser.page(`/?period=${TEST_PERIOD}`);
      expect(overview.status).toBe(200);
      expect(overview.html).toContain("Security Scorecard — 2026-09");
      expect(overview.html).toContain('<svg class="trend-chart"');
      expect(overview.html).not.toContain("<script");
      for (const path of [
        "/categories/detection_response",
        "/metrics/mttd",
        "/exceptions",
        "/recommendations",
        "/imports",
        "/audit",
      ]) {
        const { status } = await browser.page(`${path}?period=${TEST_PERIOD}`);
        expect(status, path).toBe(200);
      }
      const metric = await browser.page(`/metrics/mttd?period=${TEST_PERIOD}`);
      expect(metric.html).toContain("incidents.csv:2");
      const exceptions = await browser.page(`/exceptions?period=${TEST_PERIOD}`);
      expect(exceptions.html).toContain("No exception register imported yet, and none requested here.");
    });

    it("rejects state changes from a session without the CSRF token or from another origin", async () => {
      const before = await store.listImports();
      const browser = new Browser(server.app);
      await browser.login("editor");
      await browser.page("/imports");
      const form = new FormData();
      form.set("file", new File([INCIDENTS_CSV.replace(/INC-/g, "CSRF-")], "csrf.csv"));
      const missing = await browser.request("/imports", {
        method: "POST",
        body: form,
        headers: { accept: "text/html" },
      });
      expect(missing.status).toBe(403);
      form.set("_csrf", browser.csrf);
      const crossSite = await browser.request("/imports", {
        method: "POST",
        body: form,
        headers: { origin: "https://evil.example", accept: "text/html" },
      });
      expect(crossSite.status).toBe(403);
      const raw = await browser.request("/api/v1/imports", { method: "POST", body: "x" });
      expect(raw.status).toBe(403);
      expect(await store.listImports()).toEqual(before);
      const accepted = await browser.request("/imports", {
        method: "POST",
        body: form,
        headers: { accept: "text/html" },
      });
      expect(accepted.status).toBe(201);
      expect(await store.listImports()).toHaveLength(before.length + 1);
    });

    it("rate-limits failed logins per IP and user, even for the right password", async () => {
      const app = createServer({ ...server.deps, loginLimits: { perUser: 3, perIp: 100, windowMs: 60_000 } });
      const browser = new Browser(app);
      for (let i = 0; i < 3; i++) expect((await browser.login("admin", "wrong password")).status).toBe(401);
      const blocked = await browser.login("admin");
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await new Browser(app).login("editor")).status).toBe(303);
    });

    it("makes a user with a one-time password choose a new one first", async () => {
      const { addUser } = await import("../auth/accounts.ts");
      const { password } = await addUser(server.auth, {
        name: "newbie",
        role: "viewer",
        actor: "test",
        now: TEST_NOW,
      });
      const browser = new Browser(server.app);
      // A shared link to August: the period must survive the login and the forced password change.
      const wanted = "/?period=2026-08";
      const passwordPage = `/account/password?next=${encodeURIComponent(wanted)}`;
      const login = await browser.login("newbie", password, wanted);
      expect(login.headers.get("location")).toBe(passwordPage);
      expect((await browser.page("/")).response.headers.get("location")).toBe("/account/password");
      expect((await browser.page(wanted)).response.headers.get("location")).toBe(passwordPage);
      const form = await browser.page(passwordPage);
      const next = /name="next" value="([^"]*)"/.exec(form.html)?.[1] ?? "";
      expect(next).toBe(wanted);
      const short = await browser.form("/account/password", {
        _csrf: browser.csrf,
        next,
        current: password,
        new: "short",
        confirm: "short",
      });
      expect(short.status).toBe(400);
      expect(await short.text()).toContain(`name="next" value="${wanted}"`);
      const changed = await browser.form("/account/password", {
        _csrf: browser.csrf,
        next,
        current: password,
        new: "a much longer passphrase",
        confirm: "a much longer passphrase",
      });
      expect(changed.status).toBe(303);
      expect(changed.headers.get("location")).toBe(wanted);
      const overview = await browser.page(wanted);
      expect(overview.status).toBe(200);
      expect(overview.html).toContain("<title>Overview 2026-08");
    });

    it("opens the dashboard on the latest month with data when none is asked for", async () => {
      // The sample's records end on 2026-09-15 (INC-3). On 2026-12-15 the last complete month is
      // November, after the data: the overview opens on September. On TEST_NOW (2026-10-02) the
      // last complete month is September itself.
      const later = createServer({ ...server.deps, now: () => Date.UTC(2026, 11, 15) });
      const browser = new Browser(later);
      await browser.login("viewer");
      expect((await browser.page("/")).html).toContain("<title>Overview 2026-09");
      expect((await browser.page("/?period=2026-11")).html).toContain("<title>Overview 2026-11");
      const api = await later.request("/api/v1/kpis", {
        headers: { authorization: `Bearer ${server.tokens.viewer}` },
      });
      // The API keeps its documented default, the last complete month.
      expect(((await api.json()) as { period: { id: string } }).period.id).toBe("2026-11");
      const now = new Browser(server.app);
      await now.login("viewer");
      expect((await now.page("/")).html).toContain(`<title>Overview ${TEST_PERIOD}`);
    });

    it("lets an admin create and revoke tokens in the browser, and nobody else", async () => {
      const viewer = new Browser(server.app);
      await viewer.login("viewer");
      expect((await viewer.page("/admin")).status).toBe(403);
      const admin = new Browser(server.app);
      await admin.login("admin");
      await admin.page("/admin");
      const created = await admin.form("/admin/tokens", {
        _csrf: admin.csrf,
        name: "ci-bot",
        role: "viewer",
      });
      expect(created.status).toBe(201);
      const secret = /(smt_[\w-]{43})/.exec(await created.text())?.[1] as string;
      const used = await server.app.request("/api/v1/kpis", { headers: bearer(secret) });
      expect(used.status).toBe(200);
      const id = (await server.auth.listTokens()).find((t) => t.name === "ci-bot")?.id;
      expect((await admin.form(`/admin/tokens/${id}/revoke`, { _csrf: "wrong" })).status).toBe(403);
      expect((await admin.form(`/admin/tokens/${id}/revoke`, { _csrf: admin.csrf })).status).toBe(200);
      expect((await server.app.request("/api/v1/kpis", { headers: bearer(secret) })).status).toBe(401);
    });

    it("refuses revoked tokens and never logs credentials", async () => {
      const { revokeToken } = await import("../auth/accounts.ts");
      const ok = await server.app.request("/api/v1/kpis", { headers: bearer(server.tokens.admin) });
      expect(ok.status).toBe(200);
      await revokeToken(server.auth, { idOrName: "admin-token", actor: "test", now: TEST_NOW });
      const refused = await server.app.request("/api/v1/kpis", { headers: bearer(server.tokens.admin) });
      expect(refused.status).toBe(401);
      const logs = server.logs.join("");
      expect(logs).toContain('"path":"/api/v1/kpis"');
      for (const secret of [server.tokens.admin, server.tokens.editor, server.tokens.viewer, PASSWORD])
        expect(logs).not.toContain(secret);
    });
  });
}

describe("server errors", () => {
  it("answers a storage failure with 503 and no storage internals", async () => {
    const { store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    try {
      const server = await buildTestServer(store);
      const broken = new Proxy(store, {
        get(target, key, receiver) {
          if (key === "importsByFormat")
            return () => {
              throw new SecmetricsError(
                "storage",
                "SQLITE_IOERR at /var/lib/secret/store.db: select * from imports",
              );
            };
          return Reflect.get(target, key, receiver);
        },
      });
      const lines: string[] = [];
      const app = createServer({
        ...server.deps,
        store: broken,
        logger: createLogger({ destination: { write: (line: string) => lines.push(line) } }),
      });
      const response = await app.request("/api/v1/kpis", { headers: bearer(server.tokens.viewer) });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).not.toContain("SQLITE");
      expect(text).not.toContain("/var/lib");
      expect(lines.join("")).toContain("SQLITE_IOERR");
    } finally {
      await dispose();
    }
  });
});

describe("request limits and logs", () => {
  it("stops a request that takes too long with 503", async () => {
    const { store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    try {
      const server = await buildTestServer(store);
      const slow = new Proxy(store, {
        get(target, key, receiver) {
          if (key === "importsByFormat")
            return () => new Promise((resolve) => setTimeout(() => resolve(new Map()), 300));
          return Reflect.get(target, key, receiver);
        },
      });
      const app = createServer({ ...server.deps, store: slow, requestTimeoutMs: 50 });
      const response = await app.request("/api/v1/kpis", { headers: bearer(server.tokens.viewer) });
      expect(response.status).toBe(503);
      expect((await json(response)).error.code).toBe("timeout");
    } finally {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await dispose();
    }
  });

  it("redacts credentials should anything log them", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => lines.push(line) } });
    logger.info({
      req: { headers: { authorization: "Bearer smt_secret", cookie: "secmetrics_session=abc" } },
      password: "hunter2hunter2",
      user: { token: "smt_other" },
    });
    const line = lines.join("");
    for (const secret of ["smt_secret", "secmetrics_session=abc", "hunter2hunter2", "smt_other"])
      expect(line).not.toContain(secret);
    expect(line).toContain("[redacted]");
  });
});

describe("/metrics", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  it("is Prometheus text with HELP/TYPE, identifiers only in labels, no value for missing data", async () => {
    const response = await server.app.request(`/metrics?period=${TEST_PERIOD}`, {
      headers: bearer(server.tokens.viewer),
    });
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("# TYPE secmetrics_kpi_value gauge");
    expect(text).toContain(
      'secmetrics_kpi_value{id="incident_count",category="detection_response",unit="count"} 2',
    );
    expect(text).toContain(
      'secmetrics_kpi_status{id="mttd",category="detection_response",status="missed"} 1',
    );
    expect(text).toContain(
      'secmetrics_kpi_target{id="mttd",category="detection_response",unit="seconds",op="lt"} 300',
    );
    expect(text).not.toMatch(/secmetrics_kpi_value\{id="open_vulnerabilities"/);
    expect(text).not.toContain("SecOps");
  });

  const promtool = spawnSync("promtool", ["--version"]).status === 0;
  it.skipIf(!promtool)("passes promtool check metrics", async () => {
    const text = await (
      await server.app.request("/metrics", { headers: bearer(server.tokens.viewer) })
    ).text();
    const result = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
  if (!promtool)
    console.warn("SKIPPED: promtool check metrics — promtool is not installed (Debian: prometheus)");

  it("serves an OpenAPI document generated from the request schemas", async () => {
    const doc = await json(
      await server.app.request("/api/v1/openapi.json", { headers: bearer(server.tokens.viewer) }),
    );
    expect(doc.openapi).toBe("3.1.0");
    const kpis = doc.paths["/api/v1/kpis"].get.parameters;
    expect(kpis).toEqual([expect.objectContaining({ name: "period", in: "query", required: false })]);
    const imports = doc.paths["/api/v1/imports"].post.parameters;
    const format = imports.find((p: { name: string }) => p.name === "format");
    expect(format.schema.enum).toContain("incidents-csv");
    expect(format.schema.default).toBe("auto");
    expect(doc.paths["/api/v1/reports/{kind}"].get.parameters[0].schema.enum).toEqual([
      "iteration",
      "scorecard",
      "quarterly",
    ]);
  });
});
