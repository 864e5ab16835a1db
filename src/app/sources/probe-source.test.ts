import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import type { SourceConfig } from "../../config/sources.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { runSources } from "./run-sources.ts";

const NOW = Date.parse("2026-10-02T09:00:00Z");

describe("a probe source", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers every request with one security header: the probe's result, whatever the drift, is the data.
    server = createServer((_request, response) => {
      response.writeHead(200, { "x-content-type-options": "nosniff" });
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const engine of ENGINES) {
    it(`runs the probe and stores its run like an import on ${engine.name}; with nothing to probe it fails`, async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const config = parseConfig({
          sources: [
            { name: "site", kind: "probe", probe: "headers", targets: [url], schedule: "0 * * * *" },
            { name: "all-probes", kind: "probe", schedule: "0 * * * *" },
          ],
        });
        const due = config.sources.map((source: SourceConfig) => ({ source, dueAt: null }));
        const results = await runSources(store, config, due, () => NOW);
        const runs = results?.map((r) => (r.status === "ran" ? r.run : null));
        // One URL: one probe run stored as one import of one result row.
        expect(runs?.[0]).toMatchObject({
          source: "site",
          outcome: "ok",
          imported: 1,
          records: 1,
          error: null,
        });
        expect(runs?.[1]).toMatchObject({
          source: "all-probes",
          outcome: "failed",
          error:
            "nothing to probe: the source names no targets and probes.urls and probes.endpoints are empty",
        });
        expect((await store.listImports()).map((i) => [i.format, i.file_name])).toEqual([
          ["probe-headers", `probe:headers:${url}`],
        ]);
      } finally {
        await dispose();
      }
    });
  }
});
