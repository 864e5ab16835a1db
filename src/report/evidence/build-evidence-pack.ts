import type { Config } from "../../config/schema.ts";
import type { Store } from "../../store/store.ts";
import { zipFiles } from "./deterministic-zip.ts";
import type { PackFile } from "./evidence-pack.ts";
import { packFiles } from "./pack-files.ts";
import { assemblePack } from "./pack-manifest.ts";
import { readEvidencePack } from "./read-evidence-pack.ts";

export interface BuiltPack {
  name: string;
  periodId: string;
  files: PackFile[];
  zip: Uint8Array;
}

/**
 * The pack `packFile` defines, from the store as it is. Every figure is
 * judged at the period's end, never at the clock, so the same store gives
 * the same zip whenever, and in whatever time zone, it is built.
 */
export async function buildEvidencePack(store: Store, packFile: string, config: Config): Promise<BuiltPack> {
  const { pack, period } = readEvidencePack(packFile, {
    timezone: config.timezone,
    iterations: config.iterations,
  });
  const contents = await packFiles(store, { ...pack, period: period.id }, packFile, {
    config,
    now: period.end,
  });
  // Every import of every domain, not only those of the included metrics: a report's figures draw on many.
  const imports = (await store.listImports()).map(
    ({ id, format, feed, file_name, sha256, imported_at, records }) => ({
      id,
      format,
      feed,
      file_name,
      sha256,
      imported_at: new Date(imported_at).toISOString(),
      records,
    }),
  );
  const files = assemblePack(pack, period, contents, imports);
  return { name: pack.name, periodId: period.id, files, zip: zipFiles(files) };
}
