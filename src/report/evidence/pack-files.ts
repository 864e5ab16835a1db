import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { ComputeContext } from "../../app/compute-kpis.ts";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { poamContents } from "../../app/poam-contents.ts";
import { SecmetricsError } from "../../model/errors.ts";
import type { Store } from "../../store/store.ts";
import { buildReport } from "../build-report.ts";
import { renderHtml } from "../html.ts";
import { kpiJson } from "../kpi-json.ts";
import { renderMarkdown } from "../markdown.ts";
import { oscalPoamDocument } from "../oscal-poam.ts";
import { drillJson } from "../provenance-json.ts";
import type { EvidencePack, PackFile } from "./evidence-pack.ts";

const text = (path: string, content: string): PackFile => ({
  path,
  bytes: new TextEncoder().encode(content),
});
const json = (path: string, value: unknown): PackFile => text(path, `${JSON.stringify(value, null, 2)}\n`);

/**
 * The files a pack's contents name, built by the same code as `report`,
 * `kpis`, `drill` and `export oscal-poam`. `ctx.now` is the instant the
 * figures are judged at: the same store and instant give the same bytes.
 * Documents are read relative to `packFile`'s folder.
 */
export async function packFiles(
  store: Store,
  pack: EvidencePack,
  packFile: string,
  ctx: ComputeContext,
): Promise<PackFile[]> {
  const { period, contents } = pack;
  const files: PackFile[] = [];
  for (const kind of contents.reports) {
    const model = await buildReport(store, kind, period, ctx);
    files.push(text(`reports/${kind}-${period}.md`, renderMarkdown(model)));
    files.push(text(`reports/${kind}-${period}.html`, renderHtml(model)));
  }
  if (contents.metrics.length > 0) {
    const kpis = kpiJson(await computeKpis(store, period, ctx));
    for (const id of contents.metrics) {
      const drill = drillJson(await drillDown(store, id, period, ctx.config));
      const metric = kpis.metrics.find((m) => m.id === id);
      files.push(json(`metrics/${id}-${period}.json`, { metric, drill }));
    }
  }
  files.push(...documents(contents.documents, packFile));
  if (contents.oscal_poam) {
    const poam = await poamContents(store, period, contents.oscal_poam.system_id, ctx.config);
    files.push(json(`oscal/poam-${period}.json`, oscalPoamDocument(poam)));
  }
  return files;
}

function documents(paths: readonly string[], packFile: string): PackFile[] {
  const seen = new Map<string, string>();
  return paths.map((path) => {
    const file = resolve(dirname(packFile), path);
    if (!existsSync(file))
      throw new SecmetricsError(
        "not_found",
        `${packFile}: document ${path} does not exist (looked for ${file})`,
      );
    const name = basename(file);
    const other = seen.get(name);
    if (other)
      throw new SecmetricsError(
        "invalid_input",
        `${packFile}: documents ${other} and ${path} would both be documents/${name} in the pack`,
        "rename one of them",
      );
    seen.set(name, path);
    return { path: `documents/${name}`, bytes: readFileSync(file) };
  });
}
