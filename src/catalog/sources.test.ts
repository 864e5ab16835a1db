import { describe, expect, it } from "vitest";
import { QUESTIONNAIRE_SOURCES } from "../app/questionnaire-fill.ts";
import { PROBE_SOURCES } from "../app/record-probe.ts";
import { familyOf } from "../domains/registry.ts";
import { IMPORTERS } from "../importers/registry.ts";
import { CATALOG } from "./metrics.ts";

/** Every format a metric can name as its source: the importers, the probes and questionnaire fills, with the record kinds each yields. */
const PROVIDERS = new Map<string, readonly string[]>([
  ...IMPORTERS.map((importer) => [importer.id, importer.kinds] as const),
  ...PROBE_SOURCES.map((probe) => [probe.id, probe.kinds] as const),
  ...QUESTIONNAIRE_SOURCES.map((source) => [source.id, source.kinds] as const),
]);

describe("the catalog's sources", () => {
  it.each(CATALOG.map((metric) => [metric.id, metric] as const))(
    "%s names only formats that yield a record kind it is computed from",
    (_id, metric) => {
      const family = familyOf(metric.id);
      if (!family) {
        // Not computed yet: naming a source would promise data that no import can bring.
        expect(metric.sources).toEqual([]);
        return;
      }
      expect(metric.sources.length).toBeGreaterThan(0);
      for (const source of metric.sources) {
        const kinds = PROVIDERS.get(source);
        expect(kinds, `${metric.id} names ${source}, which no importer or probe provides`).toBeDefined();
        expect(
          kinds?.some((kind) => family.kinds.includes(kind)),
          `${source} yields ${kinds?.join(", ")}, none of which ${metric.id} reads (${family.kinds.join(", ")})`,
        ).toBe(true);
      }
    },
  );
});
