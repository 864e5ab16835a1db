import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../app/open-store.ts";
import { createAuthStore } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { ENGINES } from "../test-support/engines.ts";
import { Browser, buildTestServer, TEST_PERIOD, type TestServer } from "../test-support/server.ts";
import { createServer } from "./create-server.ts";

/** The pages whose shells are kept per computed report. */
const SCORECARD_PAGES = [
  "/",
  `/?period=${TEST_PERIOD}`,
  "/?period=2026-08",
  `/categories/detection_response?period=${TEST_PERIOD}`,
];

/** One more September incident: it changes September's incident count. */
const MORE_INCIDENTS = `id,title,severity,started_at,detected_at,responded_at,recovered_at,synthetic
INC-9,Credential stuffing,SEV2,2026-09-20T10:00:00Z,2026-09-20T11:00:00Z,2026-09-20T12:00:00Z,2026-09-20T15:00:00Z,false
`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function importThrough(server: TestServer): Promise<void> {
  const response = await server.app.request("/api/v1/imports?name=more-incidents.csv", {
    method: "POST",
    headers: { ...bearer(server.tokens.editor), "content-type": "text/csv" },
    body: MORE_INCIDENTS,
  });
  expect(response.status).toBe(201);
}

for (const engine of ENGINES) {
  describe(`page shells on ${engine.name}`, () => {
    let stores: Store[];
    let dispose: () => Promise<void>;
    /** Two servers on two stores opened on one database, sharing no memory. */
    let first: TestServer;
    let second: ReturnType<typeof createServer>;
    /** The first server's deps with the KPI cache, and so the shells, off: every page rendered whole. */
    let uncached: ReturnType<typeof createServer>;

    beforeAll(async () => {
      const database = await engine.create();
      stores = [await openStore(database.url), await openStore(database.url)];
      const [a, b] = stores as [Store, Store];
      dispose = async () => {
        for (const store of stores) await store.close();
        await database.dispose();
      };
      first = await buildTestServer(a);
      second = createServer({ ...first.deps, store: b, auth: createAuthStore(b) });
      uncached = createServer({ ...first.deps, kpiCacheMs: 0 });
    });
    afterAll(() => dispose());

    /** Each page as `browser` sees it from `app`: a session cookie works on any server of the database. */
    const pages = async (browser: Browser, app: { request: typeof uncached.request }) => {
      const session = browser.on(app);
      const html: string[] = [];
      for (const path of SCORECARD_PAGES) {
        const page = await session.page(path);
        expect(page.status, path).toBe(200);
        html.push(page.html);
      }
      return html;
    };

    it("serves the same bytes as a whole render, with each user's own name, role and CSRF token", async () => {
      const viewer = new Browser(first.app);
      await viewer.login("viewer");
      const admin = new Browser(first.app);
      await admin.login("admin");
      const viewerPages = await pages(viewer, first.app);
      // The second round is served from the shells the first round rendered.
      expect(await pages(viewer, first.app)).toEqual(viewerPages);
      expect(viewerPages).toEqual(await pages(viewer, uncached));
      const adminPages = await pages(admin, first.app);
      expect(adminPages).toEqual(await pages(admin, uncached));

      const viewerCsrf = /name="_csrf" value="([^"]+)"/.exec(viewerPages[0] as string)?.[1];
      const adminCsrf = /name="_csrf" value="([^"]+)"/.exec(adminPages[0] as string)?.[1];
      expect(viewerCsrf).toBeDefined();
      expect(adminCsrf).toBeDefined();
      expect(adminCsrf).not.toBe(viewerCsrf);
      for (const html of adminPages) {
        expect(html).toContain("<span>admin · admin</span>");
        expect(html).toContain('<a href="/audit">Audit log</a>');
        expect(html).not.toContain(viewerCsrf);
      }
      for (const html of viewerPages) {
        // The navigation keeps the page's period, the asset list's and the smart contracts' links included.
        expect(html).toMatch(
          /<a href="\/assets\?period=\d{4}-\d{2}">Assets<\/a><a href="\/web3\?period=\d{4}-\d{2}">Smart contracts<\/a><a href="\/maturity\?period=\d{4}-\d{2}">Maturity<\/a><a href="\/exceptions\?period=/,
        );
        expect(html).toContain("<span>viewer · viewer</span>");
        expect(html).not.toContain("/audit");
        expect(html).not.toContain(adminCsrf);
      }
    });

    it("shows an import on the next request, on this server and on another one of the same database", async () => {
      const viewer = new Browser(first.app);
      await viewer.login("viewer");
      const kpis = async (app: { request: typeof uncached.request }) =>
        (
          await app.request(`/api/v1/kpis?period=${TEST_PERIOD}`, { headers: bearer(first.tokens.viewer) })
        ).text();
      const before = { first: await pages(viewer, first.app), second: await pages(viewer, second) };
      const kpisBefore = await kpis(first.app);
      expect(await kpis(second)).toBe(kpisBefore);
      expect(before.second).toEqual(before.first);

      await importThrough(first);

      const kpisAfter = await kpis(second);
      expect(kpisAfter).not.toBe(kpisBefore);
      expect(await kpis(first.app)).toBe(kpisAfter);
      expect(await kpis(uncached)).toBe(kpisAfter);
      const after = await pages(viewer, second);
      expect(after).toEqual(await pages(viewer, first.app));
      expect(after).toEqual(await pages(viewer, uncached));
      expect(after[1]).not.toBe(before.second[1]);
    });
  });
}
