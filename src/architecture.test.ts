import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Layers of src/, by top-level folder, lowest first. A file may import files of
 * its own rank or lower, never higher. Adjust a rank here when the architecture
 * moves; a new top-level folder needs a line before the test passes.
 */
const RANKS: Readonly<Record<string, number>> = {
  model: 0, // generic record identity, period, errors, severity, time, format, metric definitions
  trends: 1, // pure statistics: model only
  config: 2,
  store: 3, // the generic store core: record kinds, imports, writer, generic reads
  auth: 3,
  records: 3.5, // each domain's records.ts: its record types, kinds and tables
  importers: 4,
  probes: 4,
  domains: 5, // the domain packs: metrics, queries, compute, drill
  catalog: 6,
  app: 7,
  review: 7,
  report: 8,
  server: 9,
  cli: 9,
};

/**
 * A domain's records.ts is the contract between the importers that produce
 * its records and the pack that counts them, so it is a layer of its own
 * below the importers; the rest of a pack sits above them.
 */
const RECORDS = /^src\/domains\/[^/]+\/records\.ts$/;

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(SRC);

interface Edge {
  from: string;
  to: string;
  line: number;
}

/** Every non-test source file: tests, test support and fixtures may reach anywhere. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === "fixtures" || path === join(SRC, "test-support") ? [] : sourceFiles(path);
    }
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The file a relative specifier names, as the repository-relative path used in messages. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found && relative(ROOT, found);
}

/**
 * Relative imports of every kind: `import`, `import type`, `export … from` and
 * `import("…")`, which TypeScript's pre-processor reads without type checking.
 */
function relativeImports(text: string): { specifier: string; line: number }[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.filter(({ fileName }) => fileName.startsWith("."))
    .map(({ fileName, pos }) => ({ specifier: fileName, line: text.slice(0, pos).split("\n").length }));
}

function readGraph(): { edges: Edge[]; unresolved: string[] } {
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const path of sourceFiles(SRC)) {
    const from = relative(ROOT, path);
    for (const { specifier, line } of relativeImports(readFileSync(path, "utf8"))) {
      const to = resolveSpecifier(path, specifier);
      if (!to) unresolved.push(`${from}:${line} imports "${specifier}", which is no file`);
      else if (!to.startsWith(`${relative(ROOT, SRC)}/`))
        unresolved.push(`${from}:${line} imports ${to}, outside src/`);
      else edges.push({ from, to, line });
    }
  }
  return { edges, unresolved };
}

/** The top-level folder of src/ a file is in. */
function folderOf(path: string): string {
  return relative(SRC, resolve(ROOT, path)).split(/[\\/]/)[0] ?? "";
}

/** The layer a file is in: its folder, or `records` for a domain's record contract. */
function layerOf(path: string): string {
  return RECORDS.test(path.replaceAll("\\", "/")) ? "records" : folderOf(path);
}

/** What is wrong with an import from a lower layer to a higher one; undefined for any other import. */
function upward({ from, to, line }: Edge): string | undefined {
  const [source, target] = [layerOf(from), layerOf(to)];
  const [low, high] = [RANKS[source], RANKS[target]];
  if (low === undefined || high === undefined || high <= low) return undefined;
  return `${from}:${line} imports ${to}: ${source} (rank ${low}) is below ${target} (rank ${high})`;
}

/** One shortest cycle through each file that is on a cycle, without repeats. */
function findCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles = new Map<string, string[]>();
  for (const start of [...next.keys()].sort()) {
    // Breadth-first from `start` until a path leads back to it.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    for (let i = 0; i < queue.length && closing === undefined; i++) {
      const node = queue[i] as string;
      for (const to of next.get(node) ?? []) {
        if (to === start) {
          closing = node;
          break;
        }
        if (!cameFrom.has(to)) {
          cameFrom.set(to, node);
          queue.push(to);
        }
      }
    }
    if (closing === undefined) continue;
    const path = [closing];
    while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
    // The same cycle found from another of its files starts at its smallest file.
    const smallest = path.indexOf([...path].sort()[0] as string);
    const cycle = [...path.slice(smallest), ...path.slice(0, smallest)];
    cycles.set(cycle.join(" "), [...cycle, cycle[0] as string]);
  }
  return [...cycles.values()];
}

describe("architecture of src/", () => {
  const { edges, unresolved } = readGraph();

  it("reads static, type-only, re-exporting and dynamic imports", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'export type * from "./d.ts";',
      'const e = await import("./e.ts");',
      'import { z } from "zod";',
    ].join("\n");
    expect(relativeImports(text)).toEqual([
      { specifier: "./a.ts", line: 1 },
      { specifier: "../b.ts", line: 2 },
      { specifier: "./c.ts", line: 3 },
      { specifier: "./d.ts", line: 4 },
      { specifier: "./e.ts", line: 5 },
    ]);
  });

  it("resolves every relative import to a file", () => {
    expect(unresolved).toEqual([]);
  });

  it("ranks every top-level folder", () => {
    const folders = new Set(edges.flatMap((edge) => [folderOf(edge.from), folderOf(edge.to)]));
    for (const path of sourceFiles(SRC)) folders.add(folderOf(relative(ROOT, path)));
    const unranked = [...folders].filter((folder) => !(folder in RANKS)).sort();
    expect(
      unranked.map((folder) => `src/${folder} has no rank: add it to RANKS in src/architecture.test.ts`),
    ).toEqual([]);
  });

  it("has no import from a lower layer to a higher one", () => {
    expect(edges.flatMap((edge) => upward(edge) ?? [])).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const cycles = findCycles(edges);
    expect(cycles.map((cycle) => cycle.join(" → "))).toEqual([]);
  });
});
