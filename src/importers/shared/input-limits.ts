/**
 * Bounds on what one line, record or JSON value of an input may cost, so a
 * hostile or broken file is refused (or its line skipped) in time linear in
 * its size instead of exhausting time, memory or the stack.
 */

/** `imports.max_line_bytes` when the config does not set it: far above any real log line or record. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Levels of arrays and objects one record (or whole document) may nest.
 * Real outputs stay far below: the deepest of the importers' fixtures is 14
 * (GitHub's SARIF sample with every property: `runs[].results[].codeFlows[]
 * .threadFlows[].locations[].location.physicalLocation.region…`), OSV-Scanner
 * reports 13, OCSF events under 10. serde_json, which many of these tools
 * are written with, stops at 128. Past the bound, stringifying or walking a
 * value recursively (attributes, identities) would overflow the stack: V8's
 * JSON.stringify does at a few thousand levels.
 */
export const MAX_JSON_DEPTH = 256;

/** `1 MiB`, `512 KiB`, or bytes. */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The reason given for a line (or `record`) over the configured cap. */
export function tooLong(maxBytes: number, what = "line"): string {
  return `${what} is longer than ${formatBytes(maxBytes)} (imports.max_line_bytes)`;
}

export const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`;

/** Whether a parsed JSON value nests deeper than `max` levels (itself level 1); iterative, as the value may be deeper than the stack. */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() ?? 0;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === "object" && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** Offset in JSON text of the bracket that opens level `max + 1`, or -1 (strings skipped). */
export function nestingBeyond(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
