import { computeKpis } from "../app/compute-kpis.ts";
import { importFile } from "../app/import-file.ts";
import type { Config } from "../config/schema.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, type TestEngine } from "./engines.ts";

/** The KPIs with a value for a period, as [id, value] pairs: what a pulled and a filed store must share. */
export async function kpiValues(store: Store, period: string, config: Config, now: number) {
  return (await computeKpis(store, period, { config, now })).metrics
    .filter((m) => m.value !== null)
    .map((m) => [m.id, m.value]);
}

/**
 * The KPIs with a value for a period, from a pull into one fresh store and
 * from the same listing imported as a file into another (both on `engine`).
 */
export async function pulledAndFiledKpis(
  engine: TestEngine,
  pull: (store: Store) => Promise<unknown>,
  file: { format: string; content: Buffer; target: string },
  at: { period: string; config: Config; now: number },
) {
  const pulled = await createTestStore(engine);
  const filed = await createTestStore(engine);
  try {
    await pull(pulled.store);
    await importFile(filed.store, {
      source: bufferSource("alerts.json", file.content),
      format: file.format,
      options: { timezone: "UTC", target: file.target },
      now: at.now,
    });
    return {
      pulled: await kpiValues(pulled.store, at.period, at.config, at.now),
      filed: await kpiValues(filed.store, at.period, at.config, at.now),
    };
  } finally {
    await pulled.dispose();
    await filed.dispose();
  }
}
