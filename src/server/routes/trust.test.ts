import { describe, expect, it } from "vitest";
import { ENGINES } from "../../test-support/engines.ts";
import { serverForSuite, TEST_NOW, type TestServer } from "../../test-support/server.ts";
import { loadTestTrust } from "../../test-support/trust.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const REQUEST = {
  company: "Acme <Corp>",
  email: "ciso@acme.test",
  purpose: "vendor security review",
  accept_nda: "yes",
};
/** Every NDA and private document of the fixture, by each route that serves documents. */
const GATED = ["soc2-report", "pentest-summary", "board-minutes"];

for (const engine of ENGINES) {
  describe(`the trust center routes on ${engine.name}`, () => {
    let server: TestServer;
    serverForSuite(
      (built) => {
        server = built;
      },
      engine,
      // Behind a proxy, as a public trust center usually is: X-Forwarded-For names each visitor.
      { trust: loadTestTrust(), trustProxy: true },
    );

    const anonymous = (path: string, init: RequestInit = {}) =>
      server.app.request(`http://localhost${path}`, init);
    const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      anonymous(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
        body: new URLSearchParams(fields).toString(),
      });

    it("shows the public trust center without a login: public items only, the expired certification as expired", async () => {
      const response = await anonymous("/trust", { headers: { accept: "text/html" } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Example Payments &lt;Ltd&gt; trust center");
      expect(html).toContain('<a href="/trust/documents/security-overview">Security overview</a>');
      expect(html).toContain("2 more documents are shared under NDA");
      for (const title of ["SOC 2 Type II report 2026", "Penetration test summary", "Risk committee minutes"])
        expect(html).not.toContain(title);
      expect(html).toMatch(/ISO\/IEC 27001:2013<\/th><td data-state="expired">/);
      expect(html).toMatch(/SOC 2 Type II<\/th><td data-state="valid">/);
      // The test server's incidents give September's MTTD: (6 + 4) / 2 = 5 min (INC-3 is a drill, left out).
      expect(html).toMatch(/data-metric="mttd">.*?<span class="figure">5 min<\/span>/);
      // No trust file was imported on this store: no snapshot, so no figure, shown as no data.
      expect(html).toMatch(/data-metric="security_txt_days_left">.*?badge-no_data/);
    });

    it("serves security.txt and the stylesheet without a login", async () => {
      const txt = await anonymous("/.well-known/security.txt");
      expect(txt.status).toBe(200);
      expect(txt.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      const text = await txt.text();
      expect(text).toContain("Expires: 2027-01-31T00:00:00Z\n");
      expect(text).toContain("Canonical: https://trust.example.com/.well-known/security.txt\n");
      expect((await anonymous("/trust/trust.css")).status).toBe(200);
    });

    it("serves a public document as an attachment, and no NDA or private one without a grant", async () => {
      const open = await anonymous("/trust/documents/security-overview");
      expect(open.status).toBe(200);
      expect(open.headers.get("content-disposition")).toBe('attachment; filename="security-overview.md"');
      expect(await open.text()).toContain("Public summary");
      for (const id of [...GATED, "no-such-document", "..%2F..%2Fetc%2Fpasswd"]) {
        expect((await anonymous(`/trust/documents/${id}`)).status).toBe(404);
        expect((await anonymous(`/trust/access/not-a-token/documents/${id}`)).status).toBe(404);
      }
      expect((await anonymous("/trust/access/not-a-token")).status).toBe(404);
    });

    it("keeps the requests page behind the login, and its decisions for editors", async () => {
      expect((await anonymous("/trust/requests", { headers: { accept: "text/html" } })).status).toBe(303);
      for (const path of [
        "/trust/requests/1/approve",
        "/trust/requests/1/reject",
        "/trust/grants/1/revoke",
      ]) {
        expect((await anonymous(path, { method: "POST" })).status).toBe(401);
        expect(
          (await anonymous(path, { method: "POST", headers: bearer(server.tokens.viewer) })).status,
        ).toBe(403);
      }
      expect((await anonymous("/trust/requests", { headers: bearer(server.tokens.viewer) })).status).toBe(
        200,
      );
    });

    it("refuses a request without the NDA accepted, and a cross-site one", async () => {
      const refused = await form("/trust/access-requests", { ...REQUEST, accept_nda: "" });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("accept the terms");
      const crossSite = await form("/trust/access-requests", REQUEST, { origin: "https://evil.test" });
      expect(crossSite.status).toBe(403);
      expect(
        (
          await (await anonymous("/trust/requests", { headers: bearer(server.tokens.editor) })).text()
        ).includes("data-request="),
      ).toBe(false);
    });

    it("takes five access requests an hour from one address, then answers 429 with Retry-After", async () => {
      const from = (address: string) => ({ "x-forwarded-for": address });
      for (let n = 1; n <= 5; n++)
        expect((await form("/trust/access-requests", REQUEST, from("203.0.113.9"))).status).toBe(303);
      const sixth = await form("/trust/access-requests", REQUEST, from("203.0.113.9"));
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(3500);
      expect(await sixth.text()).toContain("too many requests from your address");
      expect((await form("/trust/access-requests", REQUEST, from("203.0.113.10"))).status).toBe(303);
    });

    it("takes a request, lets an editor approve it, opens the NDA documents by the link, records each download, and revokes", async () => {
      const sent = await form("/trust/access-requests", REQUEST, { "x-forwarded-for": "198.51.100.7" });
      expect(sent.status).toBe(303);
      expect(sent.headers.get("location")).toBe("/trust?requested=1#documents");

      const seenByViewer = await (
        await anonymous("/trust/requests", { headers: bearer(server.tokens.viewer) })
      ).text();
      expect(seenByViewer).toContain("ciso@acme.test");
      expect(seenByViewer).not.toContain("/approve");
      const list = await (
        await anonymous("/trust/requests", { headers: bearer(server.tokens.editor) })
      ).text();
      const id = /data-request="(\d+)"/.exec(list)?.[1];
      expect(id).toBeDefined();
      expect(list).toContain("Acme &lt;Corp&gt;");

      const approved = await anonymous(`/trust/requests/${id}/approve`, {
        method: "POST",
        headers: bearer(server.tokens.editor),
      });
      expect(approved.status).toBe(201);
      const link = /id="access-link">http:\/\/localhost(\/trust\/access\/[\w-]+)</.exec(
        await approved.text(),
      )?.[1];
      expect(link).toBeDefined();
      const grantPage = await (await anonymous(link as string)).text();
      expect(grantPage).toContain("Shared with Acme &lt;Corp&gt;");
      expect(grantPage).toContain("SOC 2 Type II report 2026");
      expect(grantPage).toContain("Penetration test summary");
      expect(grantPage).not.toContain("Risk committee minutes");

      const download = await anonymous(`${link}/documents/soc2-report`);
      expect(download.status).toBe(200);
      expect(await download.text()).toContain("SOC 2 Type II report (NDA only)");
      // A grant opens NDA documents through its link only, and never a private one.
      expect((await anonymous(`${link}/documents/board-minutes`)).status).toBe(404);
      expect((await anonymous("/trust/documents/soc2-report")).status).toBe(404);

      const after = await (
        await anonymous("/trust/requests", { headers: bearer(server.tokens.editor) })
      ).text();
      expect(after).toMatch(
        /<td class="mono">soc2-report<\/td><td>Acme &lt;Corp&gt;<\/td><td>ciso@acme.test<\/td>/,
      );
      const grant = /action="\/trust\/grants\/(\d+)\/revoke"/.exec(after)?.[1];
      const revoked = await anonymous(`/trust/grants/${grant}/revoke`, {
        method: "POST",
        headers: bearer(server.tokens.editor),
      });
      expect(revoked.status).toBe(200);
      expect((await anonymous(link as string)).status).toBe(404);
      expect((await anonymous(`${link}/documents/soc2-report`)).status).toBe(404);

      const audit = await server.auth.auditLog({ limit: 10 });
      expect(audit.map((entry) => [entry.action, entry.actor])).toEqual(
        expect.arrayContaining([
          ["trust.access.approve", "token:editor-token#2"],
          ["trust.access.revoke", "token:editor-token#2"],
        ]),
      );
      // The link is a credential: the request log names its route, never its token.
      const token = (link as string).split("/").at(-1) as string;
      expect(server.logs.join("")).not.toContain(token);
      expect(server.logs.join("")).toContain("/trust/access/[token]");
    });
  });
}

/** RFC 9116 §2.5.5: an expired security.txt is stale; the server says so instead of publishing it. */
describe("an expired security.txt", () => {
  let server: TestServer;
  const loaded = loadTestTrust();
  serverForSuite(
    (built) => {
      server = built;
    },
    undefined,
    {
      trust: {
        ...loaded,
        trust: { ...loaded.trust, security_txt: { ...loaded.trust.security_txt, expires: TEST_NOW - 1000 } },
      },
    },
  );

  it("is not served: a 404 whose plain text says when it expired and where the trust center is", async () => {
    const response = await server.app.request("http://localhost/.well-known/security.txt");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await response.text();
    // TEST_NOW is 2026-10-02T08:00:00Z; the file expired a second before.
    expect(text).toContain("expired on 2026-10-02T07:59:59Z and is not served");
    expect(text).toContain("https://trust.example.com");
    expect(text).not.toContain("Contact:");
  });
});
