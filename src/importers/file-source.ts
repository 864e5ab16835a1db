import { createReadStream, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { SecmetricsError } from "../model/errors.ts";
import type { DirectorySource, InputSource } from "./importer.ts";

/** What a file is read in, and an upload handed on in: a parser holds what one chunk yields. */
export const CHUNK_BYTES = 256 * 1024;

/** A file on disk; `name` (its base name unless given) is what errors and provenance show. */
export function fileSource(path: string, name = basename(path)): InputSource & { size: number } {
  let size: number;
  let mtime: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error("not a regular file");
    size = stats.size;
    mtime = stats.mtimeMs;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new SecmetricsError(
      missing ? "not_found" : "invalid_argument",
      missing ? `${path}: no such file or directory` : `${path}: cannot read (${(error as Error).message})`,
    );
  }
  return {
    name,
    path,
    size,
    mtime,
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  };
}

/**
 * An upload held in memory, read in the chunks a file is read in: a parser
 * given the whole buffer at once parses every row of it before the importer
 * takes the first, and holds them all.
 */
export function bufferSource(name: string, content: Buffer | string): InputSource {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, open: () => Readable.from(chunksOf(buffer)) };
}

function* chunksOf(buffer: Buffer): Iterable<Buffer> {
  for (let start = 0; start < buffer.length; start += CHUNK_BYTES)
    yield buffer.subarray(start, start + CHUNK_BYTES);
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Dot-files that are data: hardhat-deploy names a network folder's chain in
 * `.chainId` (hardhat-deploy 2: `.chain`).
 */
const DATA_DOT_FILES: ReadonlySet<string> = new Set([".chainId", ".chain"]);

/**
 * The regular files below a directory, as `/`-separated paths relative to
 * it, sorted by code unit so the order never depends on the locale. Dot-files
 * and dot-directories (`.git`, `.DS_Store`) are not data, but for
 * `DATA_DOT_FILES`; symbolic links are not followed, so a link cannot loop or
 * reach outside the folder.
 */
export function directoryFiles(path: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(path, relative), { withFileTypes: true })) {
      if (entry.name.startsWith(".") && !(entry.isFile() && DATA_DOT_FILES.has(entry.name))) continue;
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  walk("");
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A directory read whole by a directory importer. */
export function directorySource(path: string): DirectorySource {
  return {
    name: basename(resolve(path)),
    files: directoryFiles(path).map((file) => ({
      path: file,
      open: () => createReadStream(join(path, file), { highWaterMark: CHUNK_BYTES }),
    })),
  };
}
