import { SecmetricsError } from "../../model/errors.ts";
import type { PackFile, PackManifest } from "./evidence-pack.ts";
import { MANIFEST_PATH, sha256 } from "./pack-manifest.ts";

/** How a pack's file differs from what its manifest says. */
export type PackDifference =
  | {
      path: string;
      kind: "changed";
      expected: { size: number; sha256: string };
      actual: { size: number; sha256: string };
    }
  | { path: string; kind: "missing"; expected: { size: number; sha256: string } }
  | { path: string; kind: "added"; actual: { size: number; sha256: string } };

export interface PackVerification {
  manifest: PackManifest;
  /** Each file the manifest names, checked. */
  checked: number;
  differences: PackDifference[];
}

/** Every file of a pack against its manifest: changed, missing from the zip, or in the zip and not the manifest. */
export function verifyPack(files: readonly PackFile[], zipName: string): PackVerification {
  const manifest = readManifest(files, zipName);
  const actual = new Map(
    files
      .filter((file) => file.path !== MANIFEST_PATH)
      .map((file) => [file.path, { size: file.bytes.length, sha256: sha256(file.bytes) }]),
  );
  const differences: PackDifference[] = [];
  for (const { path, size, sha256: hash } of manifest.files) {
    const found = actual.get(path);
    actual.delete(path);
    const expected = { size, sha256: hash };
    if (!found) differences.push({ path, kind: "missing", expected });
    else if (found.sha256 !== hash || found.size !== size)
      differences.push({ path, kind: "changed", expected, actual: found });
  }
  for (const [path, found] of actual) differences.push({ path, kind: "added", actual: found });
  differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { manifest, checked: manifest.files.length, differences };
}

function readManifest(files: readonly PackFile[], zipName: string): PackManifest {
  const file = files.find((f) => f.path === MANIFEST_PATH);
  if (!file)
    throw new SecmetricsError("invalid_input", `${zipName}: no ${MANIFEST_PATH}: not an evidence pack`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (error) {
    throw new SecmetricsError(
      "invalid_input",
      `${zipName}: ${MANIFEST_PATH} is not JSON (${(error as Error).message})`,
    );
  }
  const listed = (manifest as { files?: unknown }).files;
  const wellFormed =
    Array.isArray(listed) &&
    listed.every(
      (f) => typeof f?.path === "string" && typeof f.size === "number" && typeof f.sha256 === "string",
    );
  if (!wellFormed)
    throw new SecmetricsError(
      "invalid_input",
      `${zipName}: ${MANIFEST_PATH} has no list of files with path, size and sha256`,
    );
  return manifest as PackManifest;
}
