import { unzipSync, type ZipOptions, zipSync } from "fflate";
import { SecmetricsError } from "../../model/errors.ts";
import type { PackFile } from "./evidence-pack.ts";

/**
 * A zip entry's DOS time is written from the local clock fields of its
 * date, so a fixed local date gives the same bytes in every time zone;
 * 1980-01-01 is the earliest DOS time, the usual reproducible-build choice.
 */
const FIXED_MTIME = () => new Date(1980, 0, 1, 0, 0, 0);
/** Unix, regular file, rw-r--r--: the permissions do not depend on the builder's umask. */
const UNIX = 3;
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/** The files in the order given, with fixed times, permissions and compression: the same files give the same bytes. */
export function zipFiles(files: readonly PackFile[]): Uint8Array {
  const options: ZipOptions = { level: 6, mtime: FIXED_MTIME(), os: UNIX, attrs: FILE_ATTRS };
  const entries: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const file of files) entries[file.path] = [file.bytes, options];
  return zipSync(entries);
}

/** The files of a zip, folders left out. */
export function unzipFiles(bytes: Uint8Array, file: string): PackFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new SecmetricsError("invalid_input", `${file}: not a readable zip (${(error as Error).message})`);
  }
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith("/"))
    .map(([path, content]) => ({ path, bytes: content }));
}
