import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectGoModules, goListModulesImporter } from "./go-list-modules.ts";

const fixture = (name: string) =>
  createReadStream(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));
const AT = Date.parse("2026-10-20T06:00:00Z");

describe("go list -m -u -json all (Hugo's modules, go-mod-outdated's test input)", () => {
  it("lists the 6 modules go-mod-outdated's table lists, the Main one as the project", async () => {
    const { records } = await parseItems(goListModulesImporter, fixture("go-list-hugo.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({
      project: "github.com/gohugoio/hugo",
      listing: "complete",
      entries: 6,
    });
    // go-mod-outdated's out.txt: NEW VERSION for toml, purell, smartcrop, inflect; DIRECT false for urlesc;
    // inflect's VERSION is its replacement's.
    expect(
      records.slice(1).map((r) => ("package" in r ? [r.package, r.current, r.latest, r.direct] : [])),
    ).toEqual([
      ["github.com/BurntSushi/locker", "v0.0.0-20171006230638-a6e239ea1c69", null, true],
      ["github.com/BurntSushi/toml", "v0.0.0-20170626110600-a368813c5e64", "v0.3.1", true],
      ["github.com/PuerkitoBio/purell", "v1.1.0", "v1.1.1", true],
      ["github.com/PuerkitoBio/urlesc", "v0.0.0-20170810143723-de5bf2ad4578", null, false],
      ["github.com/muesli/smartcrop", "v0.0.0-20180228075044-f6ebaa786a12", "v0.2.0", true],
      ["github.com/markbates/inflect", "v0.0.0-20171215194931-a12c3aec81a6", "v1.0.4", true],
    ]);
  });

  it("reads Go 1.26's stream (GoVersion, Sum, GoModSum): 26 modules, 1 direct, none with an update without -u", async () => {
    // jq -s '[.[] | select(.Main | not)] | length' go-list-go126.json → 26;
    // jq -s '[.[] | select((.Main | not) and (.Indirect | not))] | length' → 1
    const { records } = await parseItems(goListModulesImporter, fixture("go-list-go126.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({
      project: "github.com/Romero-jace/repo-metrics",
      listing: "complete",
      entries: 26,
    });
    const modules = records.slice(1).flatMap((r) => ("package" in r ? [r] : []));
    expect(modules.filter((m) => m.direct).map((m) => [m.package, m.current])).toEqual([
      ["modernc.org/sqlite", "v1.56.0"],
    ]);
    // Captured without -u: Go names no update, so every module would look current.
    expect(modules.filter((m) => m.latest !== null)).toEqual([]);
  });

  it("refuses a stream cut short, naming the module's line", async () => {
    const cut = Readable.from(['{"Path": "a", "Main": true}\n{\n  "Path": "b",\n']);
    await expect(parseItems(goListModulesImporter, cut, { scannedAt: AT })).rejects.toThrow(
      /input:2: the last module is cut short/,
    );
  });

  it("is detected by a first Path key", () => {
    expect(detectGoModules({ name: "m.json", head: '{\n\t"Path": "github.com/x/y",\n\t"Main": true' })).toBe(
      true,
    );
    expect(detectGoModules({ name: "m.json", head: '{"name": "x"}' })).toBe(false);
  });
});
