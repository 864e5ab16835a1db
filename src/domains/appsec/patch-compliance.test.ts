import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { importFile } from "../../app/import-file.ts";
import { parseConfig } from "../../config/load.ts";
import { bufferSource } from "../../importers/file-source.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";

/*
 * patch_compliance end to end, from the package manager fixtures of src/importers/{npm-ls,
 * npm-outdated,pip-list,go-list-modules}/fixtures, all listed on 2026-10-20 (--scanned-at). By hand:
 *
 * npm, project "prefix" (npm ls's name, npm outdated's dependent): npm-ls.json's direct
 *   dependencies cat 1.0.0, chai 1.0.0, dog 1.0.1, foo 1.0.0 (theta missing: not installed) = 4;
 *   npm-outdated-long.json: cat → 1.0.1 patch, chai → 1.0.1 patch, dog → 2.0.0 major; foo not
 *   listed: current. Compliant (allowed lag none): foo → 1 of 4.
 * pypi, project "pypi": pip-list.json installs pip 24.2, pip-test-package 0.1, simple 1.0,
 *   simple2 3.0, simplewheel 1.0 = 5; pip-list-outdated.json: simple → 3.0 major, simplewheel → 2.0
 *   major, pip-test-package → 0.1.1 patch. Compliant: pip, simple2 → 2 of 5.
 * go, project github.com/gohugoio/hugo (the Main module): go-list-hugo.json's direct modules
 *   locker (no Update: current), toml v0.0.0-2017… → v0.3.1 minor, purell v1.1.0 → v1.1.1 patch,
 *   smartcrop v0.0.0-2018… → v0.2.0 minor, inflect (replaced by v0.0.0-2017…) → v1.0.4 major = 5;
 *   urlesc is Indirect, left out. Compliant: locker → 1 of 5.
 * All: 1 + 2 + 1 = 4 of 4 + 5 + 5 = 14 → 28.57…%; behind on patch 4 (cat, chai,
 * pip-test-package, purell), minor 2 (toml, smartcrop), major 4 (dog, simple, simplewheel, inflect).
 * With npm allowed a patch lag: cat and chai comply too → 6 of 14.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const LISTED_AT = Date.parse("2026-10-20T06:00:00Z");
const FIXTURES = [
  ["npm-ls", "npm-ls.json"],
  ["npm-outdated", "npm-outdated-long.json"],
  ["pip-list", "pip-list.json"],
  ["pip-list", "pip-list-outdated.json"],
  ["go-list-modules", "go-list-hugo.json"],
] as const;

async function importListings(
  store: Store,
  fixtures: readonly (readonly [string, string])[],
  options: { scannedAt: number; target?: string },
) {
  for (const [folder, name] of fixtures) {
    const bytes = await readFile(new URL(`../../importers/${folder}/fixtures/${name}`, import.meta.url));
    await importFile(store, {
      source: bufferSource(name, bytes),
      options: { timezone: "UTC", ...options },
      now: NOW,
    });
  }
}

async function patchCompliance(store: Store, period: string, config = parseConfig({})) {
  const report = await computeKpis(store, period, { config, now: NOW });
  return report.metrics.find((m) => m.id === "patch_compliance");
}

for (const engine of ENGINES) {
  describe(`patch compliance on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const value = (period: string, config = parseConfig({})) => patchCompliance(store, period, config);

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importListings(store, FIXTURES, { scannedAt: LISTED_AT });
    });
    afterAll(async () => dispose());

    it("counts the direct dependencies current with their latest release", async () => {
      const october = await value("2026-10");
      expect(october?.value).toBeCloseTo((4 / 14) * 100, 10);
      expect(october?.details).toEqual({
        direct_dependencies: 14,
        compliant: 4,
        behind_patch: 4,
        behind_minor: 2,
        behind_major: 4,
        unknown_version: 0,
        projects: 3,
        incomplete_projects: [],
      });
      expect((await value("2026-09"))?.value).toBeNull(); // before the first listing
    });

    it("allows the lag the config allows, per ecosystem", async () => {
      const config = parseConfig({ patch_compliance: { allowed_lag: { npm: "patch" } } });
      expect((await value("2026-10", config))?.value).toBeCloseTo((6 / 14) * 100, 10);
    });

    it("lists the dependencies behind first, with current, latest and lag", async () => {
      const { rows } = await drillDown(store, "patch_compliance", "2026-10", parseConfig({}));
      expect(rows).toHaveLength(14);
      expect(rows.filter((r) => !r.counted).map((r) => [r.fields.package, r.fields.lag])).toEqual([
        ["github.com/BurntSushi/toml", "minor"],
        ["github.com/PuerkitoBio/purell", "patch"],
        ["github.com/markbates/inflect", "major"],
        ["github.com/muesli/smartcrop", "minor"],
        ["cat", "patch"],
        ["chai", "patch"],
        ["dog", "major"],
        ["pip-test-package", "patch"],
        ["simple", "major"],
        ["simplewheel", "major"],
      ]);
      expect(rows.find((r) => r.fields.package === "github.com/markbates/inflect")?.fields).toMatchObject({
        project: "github.com/gohugoio/hugo",
        current: "v0.0.0-20171215194931-a12c3aec81a6",
        latest: "v1.0.4",
      });
    });

    it("names a project with only one of its two listings, and does not count it", async () => {
      const bytes = await readFile(new URL("../../importers/npm-ls/fixtures/npm-ls.json", import.meta.url));
      await importFile(store, {
        source: bufferSource("other-npm-ls.json", bytes),
        options: { timezone: "UTC", scannedAt: LISTED_AT, target: "merchant-portal" },
        now: NOW,
      });
      expect((await value("2026-10"))?.details).toMatchObject({
        direct_dependencies: 14,
        incomplete_projects: ["npm:merchant-portal"],
      });
    });
  });
}

/*
 * A real project: trinket-oss at the commit that holds its npm-outdated.json, listed on 2026-07-10.
 * npm-ls-trinket-lockfile.json (npm ls --package-lock-only at that commit) installs 68 direct
 * dependencies; npm-outdated-trinket.json names 48 behind (csv among them, no longer a dependency:
 * not counted). Both are given --target trinket-oss (npm ls names the package "trinket"). By hand,
 * each of the 68 against the outdated listing's latest (else current): 31 current, 5 behind on
 * minor (adm-zip 0.4.16 → 0.5.18, moment-timezone 0.5.48 → 0.6.2, passport 0.2.2 → 0.7.0,
 * redis-mock 0.2.0 → 0.56.3, sass 1.98.0 → 1.101.0), 32 on major, none on patch → 31 of 68.
 * The outdated listing ran on an older node_modules: for 14 packages its `current` is older than
 * the locked version (nodemailer 2.7.2 against 9.0.3, latest 9.0.3); the installed listing's
 * version decides, so those that are locked at their latest count as current.
 */
const TRINKET_AT = Date.parse("2026-07-10T16:08:11Z");

for (const engine of ENGINES) {
  describe(`patch compliance of a real npm project on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await importListings(
        store,
        [
          ["npm-ls", "npm-ls-trinket-lockfile.json"],
          ["npm-outdated", "npm-outdated-trinket.json"],
        ],
        { scannedAt: TRINKET_AT, target: "trinket-oss" },
      );
    });
    afterAll(async () => dispose());

    it("counts 31 of its 68 direct dependencies current", async () => {
      const metric = await patchCompliance(store, "2026-07");
      expect(metric?.value).toBeCloseTo((31 / 68) * 100, 10);
      expect(metric?.details).toEqual({
        direct_dependencies: 68,
        compliant: 31,
        behind_patch: 0,
        behind_minor: 5,
        behind_major: 32,
        unknown_version: 0,
        projects: 1,
        incomplete_projects: [],
      });
    });
  });
}
