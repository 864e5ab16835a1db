import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../model/errors.ts";
import { directorySource } from "./file-source.ts";
import type { AnyImporter } from "./importer.ts";
import { IMPORTERS } from "./registry.ts";

const ROOT = import.meta.dirname;

/** Every importer fixture in the repository: files, and folders that directory importers read whole. */
const FIXTURES = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(ROOT, entry.name)).includes("fixtures"))
  .flatMap((entry) =>
    readdirSync(join(ROOT, entry.name, "fixtures"))
      .filter((name) => name !== "SOURCES.md")
      .map((name) => join(ROOT, entry.name, "fixtures", name)),
  );

const isFolder = (path: string) => statSync(path).isDirectory();

/** The kinds an importer yields for one fixture; none when the fixture is meant to be refused. */
async function kindsOf(importer: AnyImporter, path: string): Promise<Set<string>> {
  const kinds = new Set<string>();
  // Generous options, so snapshot and scanner formats that need a time or a target still parse.
  const ctx = { timezone: "UTC", file: path, scannedAt: Date.UTC(2026, 0, 1), target: "t", year: 2015 };
  try {
    const items =
      importer.input === "directory"
        ? importer.parse(directorySource(path), ctx)
        : importer.parse(createReadStream(path), ctx);
    for await (const item of items) {
      if ("record" in item) kinds.add(item.record.kind);
      if ("scan" in item) kinds.add(item.scan.kind);
    }
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
  }
  return kinds;
}

describe("every importer declares exactly the kinds it yields", () => {
  it.each(IMPORTERS.map((importer) => ({ id: importer.id, importer })))("$id", async ({ importer }) => {
    const yielded = new Set<string>();
    for (const path of FIXTURES) {
      if (isFolder(path) !== (importer.input === "directory")) continue;
      const sample = isFolder(path)
        ? { name: path, head: "", files: directorySource(path).files.map((file) => file.path) }
        : {
            name: path,
            head: readFileSync(path)
              .subarray(0, 64 * 1024)
              .toString("utf8"),
          };
      if (!importer.detect(sample)) continue;
      for (const kind of await kindsOf(importer, path)) yielded.add(kind);
    }
    for (const kind of yielded) expect(importer.kinds).toContain(kind);
    // Formats without a fixture of their own (tokens-csv, accounts-json, deployments-json) yield nothing here.
    if (yielded.size > 0) expect([...yielded].sort()).toEqual([...importer.kinds].sort());
  });
});
