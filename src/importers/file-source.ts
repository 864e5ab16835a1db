import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { SecmetricsError } from "../model/errors.ts";
import type { InputSource } from "./importer.ts";

export function fileSource(path: string): InputSource & { size: number } {
  let size: number;
  let mtime: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error("not a regular file");
    size = stats.size;
    mtime = stats.mtimeMs;
  } catch (error) {
    throw new SecmetricsError("invalid_argument", `${path}: cannot read (${(error as Error).message})`);
  }
  return {
    name: basename(path),
    size,
    mtime,
    open: () => createReadStream(path, { highWaterMark: 256 * 1024 }),
  };
}

export function bufferSource(name: string, content: Buffer | string): InputSource {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, open: () => Readable.from([buffer]) };
}
