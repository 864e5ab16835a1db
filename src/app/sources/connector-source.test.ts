import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { createConnectorCursorStore } from "../../store/connector-cursor-store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { type FakeApi, pageOf, startFakeApi } from "../../test-support/fake-api.ts";
import { listFindings } from "../findings.ts";
import { nextLink } from "../http/api-http.ts";
import type { Connector } from "./connector.ts";
import { connectorReader } from "./connector-source.ts";

/**
 * The machinery every connector runs on, driven by a connector made for the
 * test: it pages through a real Dependabot listing (11 alerts) on a fake API,
 * 4 a page, and yields each page as a `dependabot` document.
 */
const ALERTS = JSON.parse(
  readFileSync(
    join(import.meta.dirname, "../../importers/dependabot/fixtures/repo-alerts-ranges.json"),
    "utf8",
  ),
) as { updated_at: string }[];
const TARGET = "AvansHogeschoolBreda/openmrsmodule";
const TOKEN = "ghp_test0123456789";
const NOW = Date.parse("2026-07-01T00:00:00Z");
const config = parseConfig({});
const source = {
  name: "alerts",
  kind: "files",
  path: "-",
  schedule: "0 * * * *",
  enabled: true,
  catch_up: true,
} as const;

/** A connector of the `files` kind only for the test: the reader is the same whatever the kind. */
const pagesConnector: Connector<"files"> = {
  credentials: () => ["TEST_TOKEN"],
  formats: () => ["dependabot"],
  async *pull({ cursors, credentials, http, now }) {
    const request = http({
      service: "test",
      base: api.url,
      headers: { authorization: `Bearer ${credentials.TEST_TOKEN}` },
    });
    const since = cursors.get("alerts")?.position ?? null;
    let next: string | null = "/alerts?per_page=100";
    let latest = since;
    while (next) {
      const page = await request("GET", next);
      const alerts = page.body as { updated_at: string }[];
      for (const alert of alerts) if (latest === null || alert.updated_at > latest) latest = alert.updated_at;
      yield {
        document: {
          format: "dependabot",
          content: JSON.stringify(alerts),
          stream: "alerts",
          url: `${api.url}${next.replace(api.url, "")}`,
          window: { since, until: now },
          target: TARGET,
        },
      };
      next = nextLink(page.headers.get("link"));
    }
    yield { end: { stream: "alerts", cursor: { position: latest, etag: null } } };
  },
};

let api: FakeApi;
beforeEach(async () => {
  api = await startFakeApi((_method, url, _body, reply, req) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return reply(401, { message: `Bad credentials: ${req.headers.authorization}` });
    const { items, page, last, next } = pageOf(ALERTS, url, 4);
    reply(200, items, page < last ? { link: `<${api.url}${next.pathname}${next.search}>; rel="next"` } : {});
  });
});
afterEach(() => api.close());

const read = connectorReader(pagesConnector);

for (const engine of ENGINES) {
  describe(`the connector reader on ${engine.name}`, () => {
    it("imports each page, stores the cursor at the end, and a second pull imports nothing twice", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const first = await read(store, config, source, NOW, { env: { TEST_TOKEN: TOKEN } });
        // 11 alerts, 4 a page: pages of 4, 4 and 3.
        expect(first).toEqual({ imported: 3, unchanged: 0, records: expect.any(Number), errors: [] });
        expect(api.requests).toEqual([
          "GET /alerts?per_page=100",
          "GET /alerts?per_page=100&page=2",
          "GET /alerts?per_page=100&page=3",
        ]);
        // The latest updated_at of the listing: alert 18's, 2026-06-15T18:21:31Z.
        expect(await createConnectorCursorStore(store).read("alerts")).toEqual(
          new Map([["alerts", { position: "2026-06-15T18:21:31Z", etag: null }]]),
        );
        const imports = await store.listImports();
        expect(imports.map((i) => i.file_name)).toEqual([
          `${api.url}/alerts?per_page=100 (updated after the start, pulled 2026-07-01T00:00:00.000Z)`,
          `${api.url}/alerts?per_page=100&page=2 (updated after the start, pulled 2026-07-01T00:00:00.000Z)`,
          `${api.url}/alerts?per_page=100&page=3 (updated after the start, pulled 2026-07-01T00:00:00.000Z)`,
        ]);
        // The same pages again: the same bytes, so the same imports.
        const again = await read(store, config, source, NOW + 1000, { env: { TEST_TOKEN: TOKEN } });
        expect(again).toEqual({ imported: 0, unchanged: 3, records: 0, errors: [] });
        // jq 'length' repo-alerts-ranges.json → 11 alerts; 10 open, 18 auto-dismissed (suppressed).
        const open = await listFindings(store, { status: "open", limit: 100 }, config, NOW);
        expect(open.rows).toHaveLength(10);
      } finally {
        await dispose();
      }
    });

    it("stops at a failure with the cursor where it was, and the next pull completes counting nothing twice", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        api.interrupt({
          method: "GET",
          path: /^\/alerts$/,
          status: 502,
          skip: 2,
          body: { message: "Server Error" },
        });
        const failed = await read(store, config, source, NOW, { env: { TEST_TOKEN: TOKEN } });
        expect(failed).toMatchObject({ imported: 2, unchanged: 0 });
        expect(failed.errors).toEqual([
          `test: GET ${api.url}/alerts?per_page=100&page=3: 502: Server Error (run it again: it resumes where it stopped); the pull stopped there and resumes from the last stream it finished`,
        ]);
        expect(await createConnectorCursorStore(store).read("alerts")).toEqual(new Map());
        const resumed = await read(store, config, source, NOW + 1000, { env: { TEST_TOKEN: TOKEN } });
        expect(resumed).toMatchObject({ imported: 1, unchanged: 2, errors: [] });
        const open = await listFindings(store, { status: "open", limit: 100 }, config, NOW);
        expect(open.rows).toHaveLength(10);
      } finally {
        await dispose();
      }
    });
  });
}

describe("the connector reader's credentials", () => {
  it("refuses a run whose variable is unset, and never shows the token in an error", async () => {
    const { store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    try {
      expect(await read(store, config, source, NOW, { env: {} })).toEqual({
        imported: 0,
        unchanged: 0,
        records: 0,
        errors: ["TEST_TOKEN is not set: source alerts reads its credentials from the environment only"],
      });
      // The fake echoes the Authorization header it was sent, as a careless API might.
      const refused = await read(store, config, source, NOW, { env: { TEST_TOKEN: "ghp_wrong_value" } });
      expect(refused.errors[0]).toContain("401, the token was refused: Bad credentials: Bearer [redacted]");
      expect(refused.errors[0]).not.toContain("ghp_wrong_value");
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("passes an optional credential when it is set, and redacts it too", async () => {
    const { store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    try {
      // The session token rides as the bearer: the fake refuses it and echoes it back.
      const withSession: Connector<"files"> = {
        ...pagesConnector,
        optionalCredentials: () => ["TEST_SESSION"],
        pull: (context) =>
          pagesConnector.pull({
            ...context,
            credentials: { TEST_TOKEN: context.credentials.TEST_SESSION ?? "no session passed" },
          }),
      };
      const reader = connectorReader(withSession);
      const env = { TEST_TOKEN: TOKEN, TEST_SESSION: "session-token-value" };
      const refused = await reader(store, config, source, NOW, { env });
      expect(refused.errors[0]).toContain("Bad credentials: Bearer [redacted]");
      expect(refused.errors[0]).not.toContain("session-token-value");
      // Unset, it is simply absent: the run is not refused for it.
      const without = await reader(store, config, source, NOW, { env: { TEST_TOKEN: TOKEN } });
      expect(without.errors[0]).toContain("Bad credentials: Bearer no session passed");
    } finally {
      await dispose();
    }
  });
});
