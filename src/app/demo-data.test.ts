import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoData } from "../../scripts/demo-data.ts";
import { loadConfig } from "../config/load.ts";
import { fileSource } from "../importers/file-source.ts";
import { openStore } from "../store/kysely-store.ts";
import type { Store } from "../store/store.ts";
import { computeKpis } from "./compute-kpis.ts";
import { importFile } from "./import-file.ts";

const EXPORTED_AT = Date.parse("2026-11-01T00:00:00Z");
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "secmetrics-demo-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("demo data", () => {
  it("is byte-identical on every run", () => {
    const first = generateDemoData(tempDir());
    const second = generateDemoData(tempDir());
    const paths = (data: typeof first) => [...data.files, data.config];
    expect(paths(first).map((p) => basename(p))).toEqual([
      "incidents.csv",
      "alerts.ndjson",
      "secmetrics.yaml",
    ]);
    for (const [index, path] of paths(first).entries()) {
      expect(readFileSync(path).equals(readFileSync(paths(second)[index] as string)), basename(path)).toBe(
        true,
      );
    }
  });

  describe("imported and computed for 2026-10", () => {
    let store: Store;
    let report: Awaited<ReturnType<typeof computeKpis>>;
    const metric = (id: string) => {
      const found = report.metrics.find((m) => m.id === id);
      if (!found) throw new Error(`no metric ${id}`);
      return found;
    };

    beforeAll(async () => {
      const dir = tempDir();
      const data = generateDemoData(join(dir, "data"));
      const config = loadConfig(data.config);
      store = await openStore(join(dir, "demo.db"));
      for (const file of data.files) {
        const outcome = await importFile(store, {
          source: fileSource(file),
          options: { timezone: config.timezone },
          now: EXPORTED_AT,
        });
        expect(outcome.skipped).toEqual([]);
      }
      report = await computeKpis(store, "2026-10", { config, now: EXPORTED_AT });
    });

    afterAll(async () => {
      await store?.close();
    });

    it("shows MTTD worsening beyond the upper natural process limit", () => {
      const mttd = metric("mttd");
      expect(mttd.trend).toBe("worsening");
      expect(mttd.trend_detail.signals.map((s) => s.rule)).toContain("beyond_limit");
      expect(mttd.value).toBeGreaterThan(8 * 60);
      expect(mttd.history.every((h) => h.value !== null && h.value < 8 * 60)).toBe(true);
    });

    it("shows the false-positive rate improving after the tuning effort", () => {
      const fp = metric("false_positive_rate");
      expect(fp.trend).toBe("improving");
      expect(fp.value).toBeLessThan(20);
      expect(fp.history[0]?.value).toBeGreaterThan(30);
    });

    it("keeps every other detection & response metric noisy but stable", () => {
      const others = report.metrics.filter(
        (m) => m.category === "detection_response" && !["mttd", "false_positive_rate"].includes(m.id),
      );
      expect(others.map((m) => [m.id, m.trend])).toEqual(others.map((m) => [m.id, "stable"]));
    });

    it("has drills and open incidents, reported apart", () => {
      expect(metric("incident_count").details.drills).toBe(1);
      expect(metric("incident_count").value).toBeGreaterThanOrEqual(12);
      expect(metric("mttr").open).toBeGreaterThan(0);
      expect(metric("alert_to_incident_ratio").n).toBeGreaterThan(2000);
    });
  });
});
