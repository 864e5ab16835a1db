import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectNpmLs, npmLsImporter } from "./npm-ls.ts";

const fixture = (name: string) =>
  createReadStream(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));

describe("npm ls --json", () => {
  it("lists the 5 top-level dependencies of the hand-made listing, not the nested one, the missing one without a version", async () => {
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

  it("counts the 74 direct dependencies of a real project's npm ls --json (npm 7+), each with its version", async () => {
    // jq '.dependencies | length' npm-ls-vite-react.json → 74; jq '[.dependencies[] | select(.missing)] | length' → 0
    const { records } = await parseItems(npmLsImporter, fixture("npm-ls-vite-react.json"), {
      scannedAt: Date.parse("2026-10-20T06:00:00Z"),
    });
    expect(records[0]).toMatchObject({ project: "vite_react_shadcn_ts", listing: "installed", entries: 74 });
    const listed = records.slice(1).map((r) => ("package" in r ? r : null));
    expect(listed.filter((r) => r?.current === null)).toEqual([]);
    expect(listed.find((r) => r?.package === "eslint-plugin-react-hooks")).toMatchObject({
      current: "5.1.0-rc-fb9a90fa48-20240614",
      direct: true,
    });
  });

  it("reads npm 11's lockfile-only listing (--package-lock-only): 68 direct dependencies, none missing", async () => {
    // jq '.dependencies | length' npm-ls-trinket-lockfile.json → 68
    const { records } = await parseItems(npmLsImporter, fixture("npm-ls-trinket-lockfile.json"), {
      scannedAt: Date.parse("2026-07-10T16:08:11Z"),
    });
    expect(records[0]).toMatchObject({ project: "trinket", listing: "installed", entries: 68 });
    expect(records.slice(1).filter((r) => "current" in r && r.current === null)).toEqual([]);
  });

  it("refuses npm ls run where nothing is installed: all 23 dependencies missing, as npm's ELSPROBLEMS says", async () => {
    // jq '[.dependencies[] | select(.missing)] | length' npm-ls-missing.json → 23 of 23
    await expect(
      parseItems(npmLsImporter, fixture("npm-ls-missing.json"), {
        scannedAt: Date.parse("2026-10-20T06:00:00Z"),
      }),
    ).rejects.toThrow(/input:30: all 23 dependencies are missing/);
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
