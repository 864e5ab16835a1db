import { InvalidInputError } from "../../model/errors.ts";
import type { DirectorySource, ImportContext } from "../importer.ts";
import type { FieldReader } from "./fields.ts";

/**
 * The time of a snapshot file (an inventory, a register): its `snapshot_at`
 * field, else the scan time given on import. A snapshot is the state at one
 * time, so without either the file is refused; `what` names it ("an
 * inventory") in the error.
 */
export function snapshotTime(fields: FieldReader, ctx: ImportContext, what: string): number {
  const own = fields.timestamp("snapshot_at");
  if (own !== null) return own;
  if (ctx.scannedAt !== undefined) return ctx.scannedAt;
  throw new InvalidInputError(
    ctx.file,
    [{ line: 1, reason: `no snapshot_at and no scan time: ${what} is the state at one time` }],
    "add snapshot_at to it or pass the time of the export (--scanned-at)",
  );
}

/**
 * The time of a folder read whole as one snapshot (a deployments registry,
 * a monitor configuration, post-mortems): a folder says nothing of when it
 * was read, so the scan time given on import, else the time of the import.
 */
export function folderSnapshotTime(folder: DirectorySource, ctx: ImportContext): number {
  return pullTime(folder.name, ctx);
}

/**
 * The time of an input that says nothing of when it was read (a folder, an
 * API response saved to a file): the scan time given on import, else the
 * time of the import. `name` is the input, for the error.
 */
export function pullTime(name: string, ctx: ImportContext): number {
  const at = ctx.scannedAt ?? ctx.importedAt;
  if (at === undefined)
    throw new InvalidInputError(
      name,
      [{ line: 1, reason: "no time to place the snapshot at" }],
      "pass --scanned-at",
    );
  return at;
}
