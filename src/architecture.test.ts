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
  model: 0, // record types, period, errors, severity, time, format
  trends: 1, // pure statistics: model only
  config: 2,
  store: 3, // the generic store core
  auth: 3,
  importers: 4,
  probes: 4,
  domains: 5, // per-domain KPI packs
  kpi: 5, // predecessor of domains, until it is removed
  catalog: 6,
  app: 7,
  review: 7,
  report: 8,
  server: 9,
  cli: 9,
};

/**
 * Imports that break the rules today, each left to the refactor of app, kpi,
 * store and catalog that removes it. The list may only shrink: an entry whose
 * import is gone fails the test until it is deleted. An entry also takes its
 * import out of the cycle search, so each cycle is listed by the one import
 * that will be cut.
 */
const KNOWN_VIOLATIONS: readonly (readonly [from: string, to: string])[] = [
  // Upward: app builds the report models (buildReport) with the report layer's builders.
  ["src/app/reports.ts", "src/report/build.ts"],
  ["src/app/reports.ts", "src/report/model.ts"],
  // Upward: a KPI result carries its ResolvedMetric, a catalog type.
  ["src/kpi/metric-result.ts", "src/catalog/resolve.ts"],
  // Upward: the store runs the finding lifecycle and returns vulnerability tallies,
  // which are defined with the KPIs (SlaPolicy, VulnerabilityTally, finding groups).
  ["src/store/findings-store.ts", "src/kpi/vulnerability-lifecycle.ts"],
  ["src/store/findings-store.ts", "src/kpi/vulnerability-management.ts"],
  ["src/store/kysely-store.ts", "src/kpi/vulnerability-management.ts"],
  ["src/store/store.ts", "src/kpi/vulnerability-lifecycle.ts"],
  ["src/store/store.ts", "src/kpi/vulnerability-management.ts"],
  // Cycles, each by the type-only import whose type belongs in a file of its own.
  ["src/app/event-drill-down.ts", "src/app/drill-down.ts"], // DrillRow
  ["src/app/finding-drill-down.ts", "src/app/drill-down.ts"], // DrillRow
  ["src/app/event-metric-families.ts", "src/app/metric-families.ts"], // MetricFamily
  ["src/store/store.ts", "src/store/findings-store.ts"], // FindingQuery
];

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

const isKnown = (edge: Edge) => KNOWN_VIOLATIONS.some(([from, to]) => edge.from === from && edge.to === to);

/** What is wrong with an import from a lower layer to a higher one; undefined for any other import. */
function upward({ from, to, line }: Edge): string | undefined {
  const [source, target] = [folderOf(from), folderOf(to)];
  const [low, high] = [RANKS[source], RANKS[target]];
  if (low === undefined || high === undefined || high <= low) return undefined;
  return `${from}:${line} imports ${to}: ${source} (rank ${low}) is below ${target} (rank ${high})`;
}

/** Whether a chain of imports leads from `start` to `goal`. */
function reaches(edges: readonly Edge[], start: string, goal: string): boolean {
  const seen = new Set([start]);
  for (const node of seen) {
    if (node === goal) return true;
    for (const edge of edges) if (edge.from === node) seen.add(edge.to);
  }
  return false;
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
    expect(edges.filter((edge) => !isKnown(edge)).flatMap((edge) => upward(edge) ?? [])).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const cycles = findCycles(edges.filter((edge) => !isKnown(edge)));
    expect(cycles.map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  it("allow-lists only imports that exist and still break a rule", () => {
    const stale = KNOWN_VIOLATIONS.filter(([from, to]) => {
      const edge = edges.find((e) => e.from === from && e.to === to);
      return !edge || (upward(edge) === undefined && !reaches(edges, to, from));
    });
    expect(
      stale.map(([from, to]) => `${from} → ${to} is gone or allowed now: delete it from KNOWN_VIOLATIONS`),
    ).toEqual([]);
  });
});
