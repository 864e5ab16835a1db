import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globFiles, isGlob } from "./glob-files.ts";

describe("globFiles", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-glob-"));
    for (const file of [
      "a.json",
      "b.json",
      "b.csv",
      ".hidden.json",
      "nightly/c.json",
      "nightly/deep/d.json",
    ]) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "{}");
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const names = (pattern: string) => globFiles(join(dir, pattern)).map((file) => file.name);

  it("matches * and ? within a name, ** across folders, in path order, without dot-files", () => {
    expect(names("*.json")).toEqual(["a.json", "b.json"]);
    expect(names("?.csv")).toEqual(["b.csv"]);
    expect(names("**/*.json")).toEqual(["a.json", "b.json", "nightly/c.json", "nightly/deep/d.json"]);
    // Named by the path below the folder before the first wildcard.
    expect(names("nightly/*/*.json")).toEqual(["deep/d.json"]);
    expect(globFiles(join(dir, "*.csv"))[0]?.path).toBe(join(dir, "b.csv"));
  });

  it("says so when nothing matches, or the folder is missing", () => {
    expect(() => names("*.sarif")).toThrow(`${join(dir, "*.sarif")}: matched no file`);
    expect(() => names("gone/*.json")).toThrow(`matched no file (no folder ${join(dir, "gone")})`);
  });

  it("tells a glob from a path", () => {
    expect(isGlob("reports/*.json")).toBe(true);
    expect(isGlob("reports/trivy.json")).toBe(false);
  });
});
