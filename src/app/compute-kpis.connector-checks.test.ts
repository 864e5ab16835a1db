import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import {
  type FakeGithubDeployments,
  startFakeGithubDeployments,
} from "../test-support/fake-github-deployments.ts";
import { runOnlySource } from "../test-support/run-source.ts";
import { computeKpis } from "./compute-kpis.ts";

/*
 * A github source pulling deployments (the importer's hand-made
 * edge-rollback.json over a fake GitHub): the latest deployment recorded
 * started 2026-09-05 10:00 (105; 106 never ends). The hygiene metrics'
 * cadence is the default 28 days. By hand:
 *   2026-10 judged at its end (11-01 00:00) from the data alone: 56 days 14 h
 *     after 09-05 10:00: stale.
 *   a pull on 10-20 that finds nothing new vouches for the source up to 10-20:
 *     12 days before 11-01, not stale; no deployment in October: 0 failed.
 *   2026-11 judged on 11-20 00:00 (running): the last successful pull, 10-20
 *     06:00, is 30 days 18 h back: stale, whatever a failed pull on 11-04 did.
 */
const FIXTURE = join(import.meta.dirname, "../importers/github-deployments/fixtures/edge-rollback.json");
const TOKEN = "ghp_fake0123456789abcdef";
const config = parseConfig({
  sources: [
    { name: "gh", kind: "github", repository: "acme/shop", streams: ["deployments"], schedule: "0 6 * * *" },
  ],
});

let github: FakeGithubDeployments;
beforeEach(async () => {
  github = await startFakeGithubDeployments({
    repository: "acme/shop",
    token: TOKEN,
    deployments: JSON.parse(readFileSync(FIXTURE, "utf8")),
    pageSize: 100,
  });
});
afterEach(() => github.close());

const pull = (store: Store, at: string) =>
  runOnlySource(store, config, { env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url } }, Date.parse(at));

async function failedDeployments(store: Store, period: string, now: string) {
  const report = await computeKpis(store, period, { config, now: Date.parse(now) });
  return report.metrics.find((m) => m.id === "failed_deployments");
}

for (const engine of ENGINES) {
  describe(`a connector's successful pulls vouch for its formats on ${engine.name}`, () => {
    it("takes a pull that found nothing new as checked, and never a failed one", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        expect(await pull(store, "2026-09-10T06:00:00Z")).toMatchObject({ outcome: "ok", records: 6 });
        expect(await failedDeployments(store, "2026-10", "2026-11-05T00:00:00Z")).toMatchObject({
          status: "stale",
          value: null,
        });

        expect(await pull(store, "2026-10-20T06:00:00Z")).toMatchObject({ outcome: "ok", imported: 0 });
        expect(await failedDeployments(store, "2026-10", "2026-11-05T00:00:00Z")).toMatchObject({
          status: "no_target",
          value: 0,
          data_end: Date.parse("2026-10-20T06:00:00Z"),
        });

        github.interrupt({
          method: "GET",
          path: /deployments$/,
          status: 502,
          body: { message: "Server Error" },
        });
        expect(await pull(store, "2026-11-04T06:00:00Z")).toMatchObject({ outcome: "failed" });
        const november = await failedDeployments(store, "2026-11", "2026-11-20T00:00:00Z");
        expect(november).toMatchObject({ status: "stale", value: null });
        expect(november?.reason).toBe(
          "last successful pull of github-deployments (nothing newer): 2026-10-20 (30 days before now; expected at least every 28 d)",
        );
      } finally {
        await dispose();
      }
    });
  });
}
