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

  it("is detected by pip's keys only", () => {
    expect(detectPipList({ name: "p.json", head: '[{"name": "pip", "version": "24.2"}]' })).toBe(true);
    expect(detectPipList({ name: "a.json", head: '[{"name": "x", "version": "1", "owner": "y"}]' })).toBe(
      false,
    );
  });
});
