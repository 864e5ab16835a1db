import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecmetricsError } from "../model/errors.ts";
import type { AuthStore, NewAuditEntry } from "../store/auth-store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import {
  Browser,
  buildTestServer,
  INCIDENTS_CSV,
  serverForSuite,
  TEST_PERIOD,
  type TestServer,
} from "../test-support/server.ts";
import { createServer } from "./create-server.ts";

type Who = "viewer" | "editor" | "admin" | "nobody";

interface Case {
  what: string;
  method?: "GET" | "POST";
  path: string;
  who: Who;
  type?: string;
  body?: string;
  status: number;
  /** A part of the error message that says why. */
  reason: string;
}

const MULTIPART = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="incidents.csv"\r\nContent-Type: text/csv\r\n\r\n${INCIDENTS_CSV}\r\n--${boundary}--\r\n`;
const NO_BOUNDARY = "the multipart Content-Type names no boundary, so its parts cannot be found";
const WRONG_BOUNDARY = "the multipart body does not match the boundary its Content-Type names";
const UNKNOWN_PERIOD = 'unknown period "';

/**
 * Malformed requests a client (or an attacker) can send: each is refused with
 * a 4xx and a reason, never a 500. Errors are JSON without `Accept:
 * text/html`; the dashboard's own pages (the imports form, not found) are HTML.
 */
const CASES: Case[] = [
  {
    what: "API upload, multipart without a boundary",
    method: "POST",
    path: "/api/v1/imports",
    who: "editor",
    type: "multipart/form-data",
    body: MULTIPART("x"),
    status: 400,
    reason: NO_BOUNDARY,
  },
  {
    what: "API upload, multipart with another boundary",
    method: "POST",
    path: "/api/v1/imports",
    who: "editor",
    type: "multipart/form-data; boundary=other",
    body: MULTIPART("x"),
    status: 400,
    reason: WRONG_BOUNDARY,
  },
  {
    what: "API upload, multipart with an empty body",
    method: "POST",
    path: "/api/v1/imports",
    who: "editor",
    type: "multipart/form-data; boundary=x",
    body: "",
    status: 400,
    reason: WRONG_BOUNDARY,
  },
  {
    what: "dashboard upload, multipart without a boundary",
    method: "POST",
    path: "/imports",
    who: "editor",
    type: "multipart/form-data",
    body: MULTIPART("x"),
    status: 400,
    reason: NO_BOUNDARY,
  },
  {
    what: "dashboard upload, multipart with another boundary",
    method: "POST",
    path: "/imports",
    who: "editor",
    type: "multipart/form-data; boundary=other",
    body: MULTIPART("x"),
    status: 400,
    reason: WRONG_BOUNDARY,
  },
  {
    what: "login, multipart without a boundary",
    method: "POST",
    path: "/login",
    who: "nobody",
    type: "multipart/form-data",
    body: "name=admin",
    status: 400,
    reason: NO_BOUNDARY,
  },
  {
    what: "token creation, multipart with another boundary",
    method: "POST",
    path: "/admin/tokens",
    who: "admin",
    type: "multipart/form-data; boundary=other",
    body: MULTIPART("x"),
    status: 400,
    reason: WRONG_BOUNDARY,
  },
  {
    what: "API upload, malformed JSON",
    method: "POST",
    path: "/api/v1/imports?name=scan.json",
    who: "editor",
    type: "application/json",
    body: '{"Results": [',
    status: 422,
    reason: "scan.json: cannot tell which format this is",
  },
  {
    what: "API upload, an unknown content type",
    method: "POST",
    path: "/api/v1/imports?name=picture.png",
    who: "editor",
    type: "image/png",
    body: "\u0089PNG\r\n",
    status: 422,
    reason: "picture.png: cannot tell which format this is",
  },
  {
    what: "API upload, an unknown format name",
    method: "POST",
    path: "/api/v1/imports?format=nope",
    who: "editor",
    type: "text/csv",
    body: INCIDENTS_CSV,
    status: 400,
    reason: "format: Invalid option",
  },
  {
    what: "dashboard upload, an unknown content type",
    method: "POST",
    path: "/imports",
    who: "editor",
    type: "image/png",
    body: "\u0089PNG\r\n",
    status: 422,
    reason: "Choose a non-empty file to import.",
  },
  {
    what: "API, a period that is no period",
    path: "/api/v1/kpis?period=garbage",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "API, a 13th month",
    path: "/api/v1/kpis?period=2026-13",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "API, a 99th week",
    path: "/api/v1/kpis?period=2026-W99",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "API, a year 0 month",
    path: "/api/v1/kpis?period=0000-01",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "dashboard, a 9th quarter",
    path: "/?period=2026-Q9",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "Prometheus, a period that is no period",
    path: "/metrics?period=x",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "report download, a period that is no period",
    path: "/reports/scorecard.html?period=x",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
  {
    what: "API, a 100 000-character period",
    path: `/api/v1/kpis?period=${"9".repeat(100_000)}`,
    who: "viewer",
    status: 400,
    reason: "period: Too big",
  },
  {
    what: "API, a limit that is no number",
    path: `/api/v1/metrics/mttd?period=${TEST_PERIOD}&limit=1e400`,
    who: "viewer",
    status: 400,
    reason: "limit:",
  },
  {
    what: "a path with broken percent-encoding",
    path: "/%E0%A4%A",
    who: "viewer",
    status: 404,
    reason: "nothing at",
  },
  {
    what: "a metric page, broken percent-encoding",
    path: "/metrics/%E0%A4%A",
    who: "viewer",
    status: 404,
    reason: "no metric",
  },
  {
    what: "a category, broken percent-encoding",
    path: "/categories/%E0%A4%A",
    who: "viewer",
    status: 404,
    reason: "no category",
  },
  {
    what: "an API metric, broken percent-encoding",
    path: "/api/v1/metrics/%E0%A4%A",
    who: "viewer",
    status: 400,
    reason: "id:",
  },
  {
    what: "an API report, broken percent-encoding",
    path: "/api/v1/reports/%E0%A4%A",
    who: "viewer",
    status: 400,
    reason: "kind:",
  },
  {
    what: "a period, broken percent-encoding",
    path: "/api/v1/kpis?period=%E0%A4%A",
    who: "viewer",
    status: 400,
    reason: UNKNOWN_PERIOD,
  },
];

describe("malformed requests", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  it.each(CASES)("$what: $status", async ({ method = "GET", path, who, type, body, status, reason }) => {
    const headers: Record<string, string> = {};
    if (who !== "nobody") headers.authorization = `Bearer ${server.tokens[who]}`;
    if (type) headers["content-type"] = type;
    const before = await server.store.listImports();
    const response = await server.app.request(path, { method, headers, body });
    expect(response.status).toBe(status);
    const text = await response.text();
    const said = response.headers.get("content-type")?.includes("json")
      ? (JSON.parse(text) as { error: { message: string } }).error.message
      : text;
    expect(said).toContain(reason);
    expect(await server.store.listImports()).toEqual(before);
  });

  it("refuses a dashboard upload from a session whose multipart body has no boundary with 400", async () => {
    const browser = new Browser(server.app);
    await browser.login("editor");
    await browser.page("/imports");
    for (const headers of [{}, { "x-csrf-token": browser.csrf }] as Record<string, string>[]) {
      const response = await browser.request("/imports", {
        method: "POST",
        headers: { ...headers, "content-type": "multipart/form-data", accept: "text/html" },
        body: MULTIPART("x"),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(NO_BOUNDARY);
    }
  });
});

describe("login audit", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  const auditCount = async () => (await server.auth.auditLog({ limit: 10_000 })).length;

  it("answers a next page carrying CR/LF with a redirect to a safe path, no injected header, one audit entry", async () => {
    const browser = new Browser(server.app);
    const before = await auditCount();
    // URLSearchParams sends it as next=%0D%0ASet-Cookie%3Ax.
    const response = await browser.login("viewer", undefined, "/\r\nSet-Cookie:x");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/Set-Cookie:x");
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split("=")[0]);
    expect(cookies.sort()).toEqual(["secmetrics_login", "secmetrics_session"]);
    const entries = await server.auth.auditLog({ limit: 10_000 });
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ actor: "viewer", action: "login" });
  });

  it("records no login and sets no cookie when the session cannot be stored (503)", async () => {
    const diskFull = <T extends object>(auth: T): T =>
      new Proxy(auth, {
        get(target, key, receiver) {
          if (key === "createSession")
            return () =>
              Promise.reject(new SecmetricsError("storage", "SQLITE_FULL: database or disk is full"));
          return Reflect.get(target, key, receiver);
        },
      });
    // The session is written by the store of the login's transaction: that one fails.
    const broken = new Proxy(server.auth, {
      get(target, key, receiver) {
        if (key === "audited")
          return (
            change: (tx: AuthStore) => Promise<unknown>,
            entries: (result: unknown) => NewAuditEntry[],
          ) => target.audited((tx) => change(diskFull(tx)), entries);
        return Reflect.get(target, key, receiver);
      },
    });
    const browser = new Browser(createServer({ ...server.deps, auth: broken }));
    const before = await auditCount();
    const response = await browser.login("viewer");
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie().map((cookie) => cookie.split("=")[0])).not.toContain(
      "secmetrics_session",
    );
    expect(await auditCount()).toBe(before);
  });
});
