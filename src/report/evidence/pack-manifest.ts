import { createHash } from "node:crypto";
import type { Period } from "../../model/period.ts";
import type { EvidencePack, PackFile, PackImport, PackManifest } from "./evidence-pack.ts";

export const MANIFEST_PATH = "manifest.json";
export const README_PATH = "README.md";

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The whole pack: `files`, a README that says what they are, and the
 * manifest that hashes both, in path order so the same inputs give the
 * same zip. The manifest cannot hash itself; it is what the rest is checked against.
 */
export function assemblePack(
  pack: EvidencePack,
  period: Pick<Period, "id" | "start" | "end">,
  files: readonly PackFile[],
  imports: readonly PackImport[],
): PackFile[] {
  const readme: PackFile = {
    path: README_PATH,
    bytes: new TextEncoder().encode(packReadme(pack, period, files, imports)),
  };
  const hashed = [...files, readme].sort(byPath);
  const manifest: PackManifest = {
    name: pack.name,
    period: {
      id: period.id,
      start: new Date(period.start).toISOString(),
      end: new Date(period.end).toISOString(),
    },
    files: hashed.map((file) => ({ path: file.path, size: file.bytes.length, sha256: sha256(file.bytes) })),
    imports: [...imports],
  };
  const manifestFile = {
    path: MANIFEST_PATH,
    bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  return [...hashed, manifestFile].sort(byPath);
}

function packReadme(
  pack: EvidencePack,
  period: Pick<Period, "id" | "end">,
  files: readonly PackFile[],
  imports: readonly PackImport[],
): string {
  const fileLines = [...files].sort(byPath).map((file) => `- \`${file.path}\` (${file.bytes.length} bytes)`);
  const importLines = imports.map(
    (i) =>
      `| ${i.id} | ${i.format} | ${i.feed} | ${i.file_name} | ${i.imported_at} | ${i.records} | \`${i.sha256}\` |`,
  );
  return [
    `# ${pack.name}`,
    "",
    `Evidence for ${period.id}, as the store held it, with every figure judged at the period's end (${new Date(period.end).toISOString()}).`,
    "",
    "## Files",
    "",
    ...(fileLines.length > 0 ? fileLines : ["(none)"]),
    "",
    "`manifest.json` gives each file's size and SHA-256; `secmetrics evidence verify` checks them.",
    "",
    "## Where the figures come from",
    "",
    "Every import in the store when the pack was built: the file, its format and feed, when it was imported, the records it added, and its SHA-256.",
    "",
    "| import | format | feed | file | imported at | records | sha256 |",
    "| ---: | --- | --- | --- | --- | ---: | --- |",
    ...importLines,
    "",
  ].join("\n");
}
