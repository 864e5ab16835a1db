import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AssetSighting } from "../../domains/assets/records.ts";
import { bufferSource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { driftctlImporter } from "./driftctl.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const text = (name: string) => readFileSync(fixture(name), "utf8");

async function parse(name: string, scannedAt?: number) {
  const source = bufferSource(name, Buffer.from(text(name)));
  const items: RecordItem<AssetSighting>[] = [];
  for await (const item of driftctlImporter.parse(source.open(), { timezone: "UTC", file: name, scannedAt }))
    items.push(item);
  return items.flatMap((item) => ("record" in item ? [item.record] : []));
}

const totalUnmanaged = (name: string) =>
  (JSON.parse(text(name)) as { summary: { total_unmanaged: number } }).summary.total_unmanaged;

describe("driftctl scan JSON", () => {
  it("reads the unmanaged resources of driftctl's output.json: as many as summary.total_unmanaged (2)", async () => {
    // jq '.unmanaged | length' output.json → 2; jq .summary.total_unmanaged → 2; date 2022-04-08T10:35:00Z.
    const records = await parse("output.json");
    expect(records.length).toBe(totalUnmanaged("output.json"));
    expect(records).toEqual([
      {
        kind: "asset_sighting",
        feed: "driftctl",
        external_id: "2022-04-08T10:35:00.000Z|aws_unmanaged_resource|unmanaged-id-1",
        seen_at: Date.parse("2022-04-08T10:35:00Z"),
        asset: "unmanaged-id-1",
        asset_type: "aws_unmanaged_resource",
        hostnames: [],
        ips: [],
      },
      expect.objectContaining({ asset: "unmanaged-id-2", asset_type: "aws_unmanaged_resource" }),
    ]);
  });

  it("keeps two unmanaged resources of one id and two types apart (the analyser's output.json)", async () => {
    // jq -c '.unmanaged[] | [.type, .id]': the bucket policy and the bucket notification of "driftctl".
    const records = await parse("analyser-output.json");
    expect(records.length).toBe(totalUnmanaged("analyser-output.json"));
    expect(records.map((r) => [r.asset_type, r.asset])).toEqual([
      ["aws_s3_bucket_policy", "driftctl"],
      ["aws_s3_bucket_notification", "driftctl"],
    ]);
  });

  it("takes --scanned-at when the scan has Go's zero time for a date, and null unmanaged as none", async () => {
    // output-empty.json: "unmanaged": null, total_unmanaged 0, date 0001-01-01T00:00:00Z.
    expect(await parse("output-empty.json", Date.parse("2026-10-01T00:00:00Z"))).toEqual([]);
    await expect(parse("output-empty.json")).rejects.toThrow(/no date/);
  });

  it("is detected by its summary, and terraform's and nmap's files are not", () => {
    const head = (name: string) => ({ name, head: text(name) });
    expect(driftctlImporter.detect(head("output.json"))).toBe(true);
    expect(
      driftctlImporter.detect({ name: "state.json", head: '{"format_version":"1.0","values":{}}' }),
    ).toBe(false);
  });
});
