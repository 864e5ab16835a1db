import { describe, expect, it } from "vitest";
import { ENGINES } from "../../test-support/engines.ts";
import { Browser, serverForSuite, type TestServer } from "../../test-support/server.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** 2026-12-31 in the test config's zone (UTC): 90 days after TEST_NOW's day and more. */
const EXPIRY = "2026-12-31";

/** One imported register, its snapshot before TEST_NOW: read-only on the dashboard. */
const REGISTER_CSV = `id,type,status,decision,title,controls,checks,assets,findings,owner,requested_by,approved_by,approved_at,expires_at,compensating_controls,ticket,snapshot_at
EX-001,risk,approved,accept,Legacy admin accounts,AC-2,,web-1,,alice,alice,ciso,2026-03-01,2026-10-20,,GRC-101,2026-09-30T00:00:00Z
`;

const REQUEST = {
  type: "compliance",
  title: "TLS 1.1 on the partner gateway",
  decision: "accept",
  scope: { controls: ["SC-8"], assets: ["gw-partner"] },
  owner: "network team",
  compensating_controls: ["IP allow-list"],
  expires_at: EXPIRY,
  ticket: "GRC-7",
};

for (const engine of ENGINES) {
  describe(`the exceptions API on ${engine.name}`, () => {
    let server: TestServer;
    serverForSuite((built) => {
      server = built;
    }, engine);

    const post = (path: string, token: string, body?: unknown) =>
      server.app.request(path, {
        method: "POST",
        headers: { ...bearer(token), "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const list = async (query = "") => {
      const response = await server.app.request(`/api/v1/exceptions${query}`, {
        headers: bearer(server.tokens.viewer),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        exceptions: {
          id: string;
          status: string;
          state: string;
          editable: boolean;
          approved_by: string | null;
          expires_at: string | null;
          days_left: number | null;
          source: { file_name: string };
        }[];
      };
    };

    it("requests, refuses one's own approval, approves by another, renews, revokes; each audited", async () => {
      const requested = await post("/api/v1/exceptions", server.tokens.editor, REQUEST);
      expect(requested.status).toBe(201);
      expect(await requested.json()).toMatchObject({
        action: "request",
        id: "DASH-0001",
        exception: { status: "requested", requested_by: "token:editor-token#2", editable: true },
      });

      const own = await post("/api/v1/exceptions/DASH-0001/approve", server.tokens.editor, {});
      expect(own.status).toBe(403);
      expect(await own.json()).toMatchObject({
        error: { code: "forbidden", message: expect.stringContaining("may not approve it") },
      });

      const viewer = await post("/api/v1/exceptions/DASH-0001/approve", server.tokens.viewer, {});
      expect(viewer.status).toBe(403);

      const approved = await post("/api/v1/exceptions/DASH-0001/approve", server.tokens.admin, {
        note: "reviewed",
      });
      expect(approved.status).toBe(200);
      // From TEST_NOW (2026-10-02T08:00Z) to 2026-12-31T00:00Z: 89 days and 16 hours, 89 whole days.
      expect((await list()).exceptions.find((e) => e.id === "DASH-0001")).toMatchObject({
        status: "approved",
        state: "open",
        approved_by: "token:admin-token#3",
        days_left: 89,
      });

      const ownRenewal = await post("/api/v1/exceptions/DASH-0001/renew", server.tokens.editor, {
        expires_at: "2027-03-31",
      });
      expect(ownRenewal.status).toBe(403);
      const noExpiry = await post("/api/v1/exceptions/DASH-0001/renew", server.tokens.admin, {});
      expect(noExpiry.status).toBe(400);
      const renewed = await post("/api/v1/exceptions/DASH-0001/renew", server.tokens.admin, {
        expires_at: "2027-03-31",
      });
      expect(renewed.status).toBe(200);
      expect(await renewed.json()).toMatchObject({ exception: { expires_at: "2027-03-31T00:00:00.000Z" } });

      expect((await post("/api/v1/exceptions/DASH-0001/revoke", server.tokens.editor)).status).toBe(200);
      const again = await post("/api/v1/exceptions/DASH-0001/renew", server.tokens.admin, {
        expires_at: "2027-06-30",
      });
      expect(again.status).toBe(409);

      const log = await server.auth.auditLog({ limit: 10 });
      expect(log.filter((e) => e.action.startsWith("exception.")).map((e) => [e.action, e.actor])).toEqual([
        ["exception.revoke", "token:editor-token#2"],
        ["exception.renew", "token:admin-token#3"],
        ["exception.approve", "token:admin-token#3"],
        ["exception.request", "token:editor-token#2"],
      ]);
      expect(log.find((e) => e.action === "exception.approve")?.detail).toMatchObject({
        note: "reviewed",
        before: { status: "requested" },
        after: { status: "approved", expires_at: "2026-12-31T00:00:00.000Z" },
      });
    });

    it("refuses an approval without an expiry, and a request with a bad body", async () => {
      const { id } = (await (
        await post("/api/v1/exceptions", server.tokens.editor, { ...REQUEST, expires_at: null })
      ).json()) as { id: string };
      const refused = await post(`/api/v1/exceptions/${id}/approve`, server.tokens.admin, {});
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        error: { message: expect.stringContaining("needs an expiry") },
      });
      expect(
        (await post("/api/v1/exceptions", server.tokens.editor, { ...REQUEST, type: "whim" })).status,
      ).toBe(400);
      expect((await post("/api/v1/exceptions", server.tokens.editor, { ...REQUEST, scope: {} })).status).toBe(
        400,
      );
      expect((await post(`/api/v1/exceptions/${id}/approve`, server.tokens.admin, "not json")).status).toBe(
        400,
      );
    });

    it("shows an imported register read-only with its file, and refuses to change it", async () => {
      const imported = await server.app.request("/api/v1/imports?name=register.csv", {
        method: "POST",
        headers: { ...bearer(server.tokens.editor), "content-type": "text/csv" },
        body: REGISTER_CSV,
      });
      expect(imported.status).toBe(201);
      const entry = (await list()).exceptions.find((e) => e.id === "EX-001");
      // 2026-10-20 is 17 days and 16 hours after TEST_NOW: expiring within 30 days.
      expect(entry).toMatchObject({
        editable: false,
        state: "expiring",
        days_left: 17,
        source: { file_name: "register.csv" },
      });
      expect((await list("?expiring=true")).exceptions.map((e) => e.id)).toEqual(["EX-001"]);
      const revoke = await post("/api/v1/exceptions/EX-001/revoke", server.tokens.editor);
      expect(revoke.status).toBe(409);
      expect(await revoke.json()).toMatchObject({
        error: { message: expect.stringContaining("register.csv") },
      });
    });
  });
}

describe("the exceptions page", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  it("shows viewers the register without forms, and refuses their posts", async () => {
    const browser = new Browser(server.app);
    await browser.login("viewer");
    const { status, html } = await browser.page("/exceptions");
    expect(status).toBe(200);
    expect(html).toContain("No exception register imported yet, and none requested here.");
    expect(html).toContain("the file is their source of truth");
    expect(html).not.toContain("Request an exception");
    const refused = await browser.form("/exceptions", {
      _csrf: browser.csrf,
      type: "risk",
      title: "x",
      assets: "a",
    });
    expect(refused.status).toBe(403);
  });

  it("lets an editor request through the form, with the CSRF token only, and not approve it herself", async () => {
    const editor = new Browser(server.app);
    await editor.login("editor");
    await editor.page("/exceptions");
    const fields = {
      type: "risk",
      title: "Unpatched batch host",
      decision: "accept",
      assets: "batch-1",
      findings: "CVE-2026-1234",
      compensating_controls: "No inbound network\nDaily integrity check",
      expires_at: EXPIRY,
    };
    expect((await editor.form("/exceptions", fields)).status).toBe(403);
    const requested = await editor.form("/exceptions", { ...fields, _csrf: editor.csrf });
    expect(requested.status).toBe(201);
    const page = await requested.text();
    expect(page).toContain("DASH-0001 requested");
    expect(page).toContain("awaiting another approver");

    const own = await editor.form("/exceptions/DASH-0001/approve", {
      _csrf: editor.csrf,
      expires_at: EXPIRY,
    });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain(
      "Nothing was changed: editor requested DASH-0001 and may not approve it",
    );

    const admin = new Browser(server.app);
    await admin.login("admin");
    const before = await admin.page("/exceptions");
    expect(before.html).toContain('action="/exceptions/DASH-0001/approve"');
    const approved = await admin.form("/exceptions/DASH-0001/approve", {
      _csrf: admin.csrf,
      expires_at: EXPIRY,
    });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain("DASH-0001 approved; expires 2026-12-31.");

    const [entry] = await server.auth.auditLog({ limit: 1 });
    expect(entry).toMatchObject({ action: "exception.approve", actor: "admin", target: "DASH-0001" });
    expect(entry?.detail).toMatchObject({ before: { approved_by: null }, after: { approved_by: "admin" } });

    const filtered = await admin.page("/exceptions?status=rejected");
    expect(filtered.html).toContain("No exception matches these filters.");
  });

  it("documents the API in the OpenAPI document", async () => {
    const response = await server.app.request("/api/v1/openapi.json", {
      headers: bearer(server.tokens.viewer),
    });
    const doc = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/v1/exceptions"] ?? {})).toEqual(["get", "post"]);
    expect(doc.paths["/api/v1/exceptions/{id}/{action}"]).toHaveProperty("post");
  });
});
