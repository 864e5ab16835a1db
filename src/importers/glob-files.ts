import { join } from "node:path";
import { SecmetricsError } from "../model/errors.ts";
import { directoryFiles, isDirectory } from "./file-source.ts";

const WILDCARD = /[*?]/;

export function isGlob(path: string): boolean {
  return WILDCARD.test(path);
}

/**
 * The files a glob matches, as paths below its folder (the segments before
 * the first wildcard, which must hold one), in path order: `*` and `?` match within a name, a
 * `**` segment any number of folders. Dot-files are left out as a folder's
 * import leaves them out. A glob that matches nothing is an error that says
 * so: a source whose files stopped arriving must not look like a quiet one.
 */
export function globFiles(pattern: string): { path: string; name: string }[] {
  const segments = pattern.split("/");
  const fixed = segments.findIndex((segment) => WILDCARD.test(segment));
  const base = fixed === 0 ? "." : segments.slice(0, fixed).join("/") || "/";
  if (!isDirectory(base))
    throw new SecmetricsError("not_found", `${pattern}: matched no file (no folder ${base})`);
  const regex = new RegExp(`^${segments.slice(fixed).map(segmentSource).join("")}$`);
  const files = directoryFiles(base).filter((file) => regex.test(file));
  if (files.length === 0) throw new SecmetricsError("not_found", `${pattern}: matched no file`);
  return files.map((file) => ({ path: join(base, file), name: file }));
}

/** A segment as a regular expression, with the `/` that follows it but for the last. */
function segmentSource(segment: string, index: number, all: readonly string[]): string {
  const last = index === all.length - 1;
  if (segment === "**") return last ? ".*" : "(?:[^/]+/)*";
  const source = segment
    .split("")
    .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[\\^$.+()[\]{}|]/g, "\\$&")))
    .join("");
  return last ? source : `${source}/`;
}
