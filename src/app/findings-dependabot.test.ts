import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { listFindings } from "./findings.ts";
import { importFile } from "./import-file.ts";

const LISTING = join(
  import.meta.dirname,
  "..",
  "importers",
  "dependabot",
  "fixtures",
  "repo-alerts-ranges.json",
);
const TARGET = "AvansHogeschoolBreda/openmrsmodule";
const NOW = Date.parse("2026-07-01T00:00:00Z");
const config = parseConfig({});

for (const engine of ENGINES) {
  describe(`Dependabot alerts on one advisory and package, stored on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      // The real listing, oldest first (`?direction=asc`), with development
      // alert 92 auto-dismissed the way alert 18 is: runtime alert 90 and
      // development alert 91 on the same advisory stay open beside it.
      const alerts = JSON.parse(readFileSync(LISTING, "utf8")).reverse();
      const dismissed = alerts.find((a: { number: number }) => a.number === 18);
      Object.assign(
        alerts.find((a: { number: number }) => a.number === 92),
        { state: dismissed.state, auto_dismissed_at: dismissed.auto_dismissed_at },
      );
      await importFile(store, {
        source: bufferSource("alerts.json", JSON.stringify(alerts)),
        options: { timezone: "UTC", target: TARGET },
        now: NOW,
      });
    });
    afterAll(async () => dispose());

    it("counts each alert, and the open ones stay open", async () => {
      const list = async (status: "open" | "suppressed") =>
        (await listFindings(store, { status, limit: 100 }, config, NOW)).rows
          .filter((r) => r.vulnerability_id === "GHSA-hrpp-h998-j3pp")
          .map((r) => [r.package, r.state]);
      // Hand count from the listing: 90 (runtime) and 91 (development) open,
      // 92 auto-dismissed; before, the three were one finding, suppressed.
      expect(await list("open")).toEqual([
        ["qs", "open"],
        ["qs", "open"],
      ]);
      expect(await list("suppressed")).toEqual([["qs", "suppressed"]]);
      // jq '[.[] | select(.state == "open")] | length' repo-alerts-ranges.json → 10,
      // less 92 auto-dismissed here: 9 (before: 4, each merged group once and 90-92 as suppressed).
      const open = await listFindings(store, { status: "open", limit: 100 }, config, NOW);
      expect(open.rows).toHaveLength(9);
    });
  });
}
