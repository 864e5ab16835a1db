import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DependencyVersion } from "../../domains/appsec/records.ts";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectNpmOutdated, npmOutdatedImporter } from "./npm-outdated.ts";

const fixture = (name: string) =>
  createReadStream(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));
const AT = Date.parse("2026-10-20T06:00:00Z");
const versions = (records: readonly { kind: string }[]) =>
  records.filter((r): r is DependencyVersion => r.kind === "dependency_version");

describe("npm outdated --json (npm's own snapshots)", () => {
  it("lists the 4 packages npm's table lists, theta not installed, with --long's type", async () => {
    // npm's human output for the same project: 4 rows, cat, chai, dog, and theta MISSING.
    const { records } = await parseItems(npmOutdatedImporter, fixture("npm-outdated-long.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({
      kind: "dependency_listing",
      project: "prefix",
      listing: "outdated",
      entries: 4,
    });
    expect(versions(records).map((v) => [v.package, v.current, v.latest, v.dependency_type])).toEqual([
      ["cat", "1.0.0", "1.0.1", "dependencies"],
      ["chai", "1.0.0", "1.0.1", "peerDependencies"],
      ["dog", "1.0.1", "2.0.0", "dependencies"],
      ["theta", null, "1.0.1", "dependencies"],
    ]);
  });

  it("reads a workspaces listing's arrays, one row per dependent as npm's table shows (5)", async () => {
    const { records } = await parseItems(npmOutdatedImporter, fixture("npm-outdated-workspaces.json"), {
      scannedAt: AT,
      target: "monorepo",
    });
    expect(versions(records).map((v) => [v.package, v.dependent])).toEqual([
      ["cat", "a"],
      ["dog", "prefix"],
      ["theta", "c"],
      ["theta", "d"],
      ["theta", "e"],
    ]);
    expect(new Set(records.map((r) => r.external_id)).size).toBe(6);
    expect(records[0]).toMatchObject({ project: "monorepo" });
  });

  it("reads a real project's npm 7+ listing: 48 packages behind, the dependent folder as the project", async () => {
    // jq 'length' npm-outdated-trinket.json → 48; jq '[.[] | .dependent] | unique' → ["trinket-oss"]
    const { records } = await parseItems(npmOutdatedImporter, fixture("npm-outdated-trinket.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({ project: "trinket-oss", listing: "outdated", entries: 48 });
    const rows = versions(records);
    expect(rows).toHaveLength(48);
    expect(rows.find((v) => v.package === "lodash")).toMatchObject({
      current: "4.17.23",
      wanted: "4.18.1",
      latest: "4.18.1",
      dependent: "trinket-oss",
      direct: true,
    });
  });

  it("reads npm 6's listing, which names no dependent: the project then comes from --target or the ecosystem", async () => {
    // npm 6's own test expects exactly these 2 entries (underscore, request).
    const plain = await parseItems(npmOutdatedImporter, fixture("npm-outdated-npm6.json"), { scannedAt: AT });
    expect(plain.records[0]).toMatchObject({ project: "npm", entries: 2 });
    expect(versions(plain.records).map((v) => [v.package, v.current, v.latest, v.dependent])).toEqual([
      ["underscore", "1.3.3", "1.5.1", null],
      ["request", "0.9.5", "2.27.0", null],
    ]);
    const named = await parseItems(npmOutdatedImporter, fixture("npm-outdated-npm6.json"), {
      scannedAt: AT,
      target: "outdated-json",
    });
    expect(named.records[0]).toMatchObject({ project: "outdated-json" });
  });

  it("needs a time, and is told apart from npm ls and package.json", async () => {
    await expect(parseItems(npmOutdatedImporter, fixture("npm-outdated-long.json"))).rejects.toThrow(
      /input:1: a package listing carries no time/,
    );
    expect(
      detectNpmOutdated({ name: "o.json", head: '{\n  "cat": {\n    "current": "1.0.0", "latest": "1.0.1"' }),
    ).toBe(true);
    expect(
      detectNpmOutdated({ name: "o.json", head: '{"theta": [{"wanted": "1.0.1", "latest": "1.0.1"}]}' }),
    ).toBe(true);
    expect(detectNpmOutdated({ name: "p.json", head: '{"name": "x", "dependencies": {"a": "^1"}}' })).toBe(
      false,
    );
  });
});
