import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { detectPipList, pipListImporter } from "./pip-list.ts";

const fixture = (name: string) =>
  createReadStream(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));
const AT = Date.parse("2026-10-20T06:00:00Z");

describe("pip list --format=json", () => {
  it("reads --outdated as the outdated listing: the 3 packages pip's own test expects", async () => {
    const { records } = await parseItems(pipListImporter, fixture("pip-list-outdated.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({ project: "pypi", listing: "outdated", entries: 3 });
    expect(
      records.slice(1).map((r) => ("package" in r ? [r.package, r.current, r.latest, r.direct] : [])),
    ).toEqual([
      ["simple", "1.0", "3.0", null],
      ["simplewheel", "1.0", "2.0", null],
      ["pip-test-package", "0.1", "0.1.1", null],
    ]);
  });

  it("reads the plain listing as the installed one, and [] as an outdated listing with nothing behind", async () => {
    const installed = await parseItems(pipListImporter, fixture("pip-list.json"), { scannedAt: AT });
    expect(installed.records[0]).toMatchObject({ listing: "installed", entries: 5 });
    const none = await parseItems(pipListImporter, Readable.from(["[]\n"]), { scannedAt: AT });
    expect(none.records).toEqual([expect.objectContaining({ listing: "outdated", entries: 0 })]);
  });

  it("reads a real environment's listing of 105 packages, an editable one among them", async () => {
    // jq 'length' pip-list-editable.json → 105; jq '[.[] | select(.editable_project_location)] | length' → 1
    const { records } = await parseItems(pipListImporter, fixture("pip-list-editable.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({ project: "pypi", listing: "installed", entries: 105 });
    expect(records.find((r) => "package" in r && r.package === "musubi-tuner")).toMatchObject({
      current: "0.2.15",
      latest: null,
    });
  });

  it("reads a real pip 21 --outdated listing: the 10 packages it printed, pip and setuptools among them", async () => {
    // jq 'length' pip-list-outdated-user.json → 10
    const { records } = await parseItems(pipListImporter, fixture("pip-list-outdated-user.json"), {
      scannedAt: AT,
    });
    expect(records[0]).toMatchObject({ listing: "outdated", entries: 10 });
    expect(
      records
        .slice(1)
        .flatMap((r) =>
          "package" in r && r.package.startsWith("p") ? [[r.package, r.current, r.latest]] : [],
        ),
    ).toEqual([
      ["pandas", "1.3.0", "1.3.1"],
      ["parso", "0.8.1", "0.8.2"],
      ["pip", "21.1.3", "21.2.1"],
      ["prompt-toolkit", "3.0.14", "3.0.19"],
    ]);
  });

  it("is detected by pip's keys only", () => {
    expect(detectPipList({ name: "p.json", head: '[{"name": "pip", "version": "24.2"}]' })).toBe(true);
    expect(detectPipList({ name: "a.json", head: '[{"name": "x", "version": "1", "owner": "y"}]' })).toBe(
      false,
    );
  });
});
