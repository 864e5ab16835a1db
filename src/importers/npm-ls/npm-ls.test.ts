import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectNpmLs, npmLsImporter } from "./npm-ls.ts";

const fixture = (name: string) =>
  createReadStream(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));

describe("npm ls --json (hand-made, npm 7+ shape)", () => {
  it("lists the 5 top-level dependencies, not the nested one, the missing one without a version", async () => {
    const { records } = await parseItems(npmLsImporter, fixture("npm-ls.json"), {
      scannedAt: Date.parse("2026-10-20T06:00:00Z"),
    });
    expect(records[0]).toMatchObject({
      kind: "dependency_listing",
      project: "prefix",
      listing: "installed",
      entries: 5,
    });
    expect(records.slice(1).map((r) => ("package" in r ? [r.package, r.current, r.direct] : []))).toEqual([
      ["cat", "1.0.0", true],
      ["chai", "1.0.0", true],
      ["dog", "1.0.1", true],
      ["foo", "1.0.0", true],
      ["theta", null, true],
    ]);
  });

  it("is detected by dependencies holding objects, not package.json's ranges nor a lockfile", () => {
    expect(
      detectNpmLs({ name: "l.json", head: '{"name": "x", "dependencies": {"a": {"version": "1.0.0"}}}' }),
    ).toBe(true);
    expect(detectNpmLs({ name: "p.json", head: '{"name": "x", "dependencies": {"a": "^1.0.0"}}' })).toBe(
      false,
    );
    expect(
      detectNpmLs({
        name: "k.json",
        head: '{"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0"}}}',
      }),
    ).toBe(false);
  });
});
