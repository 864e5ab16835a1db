import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BanEvent } from "../domains/prevention/records.ts";
import { defineImporter } from "../importers/define-importer.ts";
import { directorySource, fileSource } from "../importers/file-source.ts";
import { IMPORTERS } from "../importers/registry.ts";
import { directory } from "../importers/shared/readers.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { importFile, inputsOf } from "./import-file.ts";

const FIXTURES = join(import.meta.dirname, "..", "importers");
const INCIDENTS_CSV = join(FIXTURES, "incidents", "fixtures", "incidents.csv");
const ALERTS_JSON = join(FIXTURES, "alerts", "fixtures", "alerts.json");
const NOW = Date.parse("2026-04-01T12:00:00Z");
const OPTIONS = { timezone: "UTC" };

/** What the fake importer saw: the paths and contents of the files it was given, in order. */
const seen: { path: string; text: string }[] = [];

/** A registry snapshot spread over files, as a directory importer reads it: one record per file. */
const snapshot = defineImporter({
  id: "fake-snapshot",
  title: "A folder with a snapshot.marker file",
  kinds: ["ban_event"],
  detect: (sample) => sample.files?.includes("snapshot.marker") ?? false,
  read: directory(async function* (folder) {
    for (const file of folder.files) {
      const chunks: Buffer[] = [];
      for await (const chunk of file.open()) chunks.push(chunk as Buffer);
      seen.push({ path: file.path, text: Buffer.concat(chunks).toString("utf8") });
      yield { line: 1, record: ban(file.path) };
    }
  }),
});
const WITH_SNAPSHOT = [snapshot, ...IMPORTERS];

/** One ban per file: the smallest record there is, named after the file. */
function ban(path: string): BanEvent {
  const at = Date.parse("2026-03-01T00:00:00Z");
  return {
    kind: "ban_event",
    feed: "fake-snapshot",
    external_id: path,
    at,
    action: "ban",
    jail: "x",
    ip: "192.0.2.1",
    host: null,
  };
}

/** A folder: `b.json`, `a/c.json`, the marker, and dot-files that are not data. */
function makeFolder(root: string, name: string): string {
  const folder = join(root, name);
  mkdirSync(join(folder, "a"), { recursive: true });
  mkdirSync(join(folder, ".git"));
  writeFileSync(join(folder, "b.json"), '{"b": 1}');
  writeFileSync(join(folder, "a", "c.json"), '{"c": 2}');
  writeFileSync(join(folder, "snapshot.marker"), "");
  writeFileSync(join(folder, ".DS_Store"), "x");
  writeFileSync(join(folder, ".git", "HEAD"), "ref");
  return folder;
}

describe("inputs that are directories", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "secmetrics-dir-"));
    seen.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("lists a folder's regular files sorted, relative, without dot-files", () => {
    const folder = directorySource(makeFolder(root, "snap"));
    expect(folder.name).toBe("snap");
    expect(folder.files.map((file) => file.path)).toEqual(["a/c.json", "b.json", "snapshot.marker"]);
  });

  it("reads a folder whole when a directory importer claims it, else each file on its own", () => {
    const folder = makeFolder(root, "snap");
    expect(inputsOf(folder, "auto", WITH_SNAPSHOT)).toEqual([expect.objectContaining({ name: "snap" })]);
    expect(inputsOf(folder, "fake-snapshot", WITH_SNAPSHOT)).toHaveLength(1);
    const files = inputsOf(folder, "auto");
    expect(files.map((source) => source.name)).toEqual(["a/c.json", "b.json", "snapshot.marker"]);
    expect(files.every((source) => !("files" in source))).toBe(true);
    const empty = join(root, "empty");
    mkdirSync(empty);
    expect(() => inputsOf(empty, "auto")).toThrow(/no files to import/);
  });

  it("refuses a directory format for a file, and a file format for a directory", async () => {
    const { store, dispose } = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    try {
      const file = {
        source: fileSource(INCIDENTS_CSV),
        options: OPTIONS,
        now: NOW,
        importers: WITH_SNAPSHOT,
      };
      await expect(importFile(store, { ...file, format: "fake-snapshot" })).rejects.toThrow(
        "incidents.csv: format fake-snapshot reads a directory, not a file",
      );
      const folder = directorySource(makeFolder(root, "snap"));
      await expect(importFile(store, { ...file, source: folder, format: "incidents-csv" })).rejects.toThrow(
        "snap: format incidents-csv reads a file, not a directory",
      );
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });
});

for (const engine of ENGINES) {
  describe(`importing a directory on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let root: string;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
      root = mkdtempSync(join(tmpdir(), "secmetrics-dir-"));
      seen.length = 0;
    });
    afterEach(async () => {
      await dispose();
      rmSync(root, { recursive: true, force: true });
    });

    const request = (path: string) => ({
      source: directorySource(path),
      options: OPTIONS,
      now: NOW,
      importers: WITH_SNAPSHOT,
    });

    it("imports a folder as one import, hashed over its sorted (path, content) pairs", async () => {
      const folder = makeFolder(root, "snap");
      const outcome = await importFile(store, request(folder));
      expect(seen).toEqual([
        { path: "a/c.json", text: '{"c": 2}' },
        { path: "b.json", text: '{"b": 1}' },
        { path: "snapshot.marker", text: "" },
      ]);
      const expected = createHash("sha256");
      for (const { path, text } of seen)
        expected.update(`${path}\0${createHash("sha256").update(text).digest("hex")}\n`);
      expect(outcome).toMatchObject({
        status: "imported",
        format: "fake-snapshot",
        import: { file_name: "snap", records: 3, sha256: expected.digest("hex") },
      });
    });

    it("changes nothing when the same folder comes again, from anywhere; a changed file is a new import", async () => {
      const folder = makeFolder(root, "snap");
      const first = await importFile(store, request(folder));
      cpSync(folder, join(root, "copy"), { recursive: true });
      writeFileSync(join(root, "copy", ".DS_Store"), "other");
      const again = await importFile(store, request(join(root, "copy")));
      expect(again).toMatchObject({ status: "unchanged", import: { id: first.import.id } });
      writeFileSync(join(folder, "b.json"), '{"b": 3}');
      expect((await importFile(store, request(folder))).status).toBe("imported");
      expect(await store.listImports()).toHaveLength(2);
    });

    it("imports each file of a folder on its own when no directory importer reads it", async () => {
      const folder = join(root, "exports");
      mkdirSync(join(folder, "older"), { recursive: true });
      cpSync(ALERTS_JSON, join(folder, "alerts.json"));
      cpSync(INCIDENTS_CSV, join(folder, "older", "incidents.csv"));
      const outcomes = [];
      for (const source of inputsOf(folder, "auto"))
        outcomes.push(await importFile(store, { source, options: OPTIONS, now: NOW }));
      expect(outcomes.map((o) => [o.import.file_name, o.format, o.import.sha256])).toEqual([
        ["alerts.json", "alerts-json", sha256(ALERTS_JSON)],
        ["older/incidents.csv", "incidents-csv", sha256(INCIDENTS_CSV)],
      ]);
    });
  });
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
