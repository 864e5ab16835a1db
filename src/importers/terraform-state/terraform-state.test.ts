import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ManagedAsset } from "../../domains/assets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { bufferSource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { terraformState } from "./terraform-state.ts";

const AT = Date.parse("2026-09-30T23:00:00Z");
const path = (folder: string, name: string) =>
  fileURLToPath(new URL(`../${folder}/fixtures/${name}`, import.meta.url));
const text = (name: string, folder = "terraform-state") => readFileSync(path(folder, name), "utf8");

async function parse(name: string, scannedAt: number | null = AT, folder = "terraform-state") {
  const source = bufferSource(name, Buffer.from(text(name, folder)));
  const items: RecordItem<ManagedAsset>[] = [];
  for await (const item of terraformState.parse(source.open(), {
    timezone: "UTC",
    file: name,
    scannedAt: scannedAt ?? undefined,
  }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("Terraform state JSON (terraform show -json)", () => {
  it("reads Terraform's own basic state: 2 managed resources, their provider ids as aliases", async () => {
    // jq '[.values.root_module.resources[] | select(.mode == "managed")] | length' basic.json → 2
    const { records } = await parse("basic.json");
    expect(records.map((r) => [r.asset_id, r.aliases, r.asset_type])).toEqual([
      ["test_instance.example[0]", ["621124146446964903"], "test_instance"],
      ["test_instance.example[1]", ["4330206298367988603"], "test_instance"],
    ]);
    expect(records[0]).toMatchObject({
      feed: "terraform-state",
      external_id: "test_instance.example[0]",
      snapshot_at: AT,
    });
  });

  it("reads the resources of child modules (Terraform's modules state: 2, none at the root)", async () => {
    // jq '[.. | .resources? // empty | .[] | select(.mode == "managed")] | length' modules.json → 2; ids null.
    const { records } = await parse("modules.json");
    expect(records.map((r) => [r.asset_id, r.aliases])).toEqual([
      ["module.module_test_bar.test_instance.example", []],
      ["module.module_test_foo.test_instance.example[0]", []],
    ]);
  });

  it("takes IPs, DNS names, ARNs and tags, skips data sources, recurses into nested modules (hand-made aws-edge.json)", async () => {
    // 5 resources: 4 managed (bastion, an EIP without address: refused, the bucket, the nested LB), 1 data source.
    const { records, problems } = await parse("aws-edge.json");
    expect(problems).toEqual([{ line: 4, problem: "a managed resource without address" }]);
    expect(records.map((r) => r.asset_id)).toEqual([
      "aws_instance.bastion",
      "module.web.aws_s3_bucket.assets",
      "module.web.module.lb.aws_lb.this",
    ]);
    expect(records[0]).toMatchObject({
      hostname: "ip-10-40-0-10.eu-west-1.compute.internal",
      ips: ["10.40.0.10", "2001:DB8:40::A"],
      aliases: [
        "i-0a1b2c3d4e5f60718",
        "arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60718",
        "ip-10-40-0-10.eu-west-1.compute.internal",
      ],
      owner: "secops",
      tier: "tier-2",
      environment: "production",
    });
    expect(records[2]).toMatchObject({
      hostname: "web-1234567890.eu-west-1.elb.amazonaws.com",
      environment: "production",
    });
  });

  it("needs --scanned-at (a state has no time) and refuses a plan", async () => {
    await expect(parse("basic.json", null)).rejects.toThrow(/no time of its own/);
    const error = await parse("drift.json", AT, "terraform-plan").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String((error as InvalidInputError).hint)).toMatch(/terraform-plan/);
  });

  it("tells a state from a plan both ways", () => {
    const sample = (name: string, folder: string) => ({ name, head: text(name, folder) });
    for (const name of ["basic.json", "modules.json", "aws-edge.json"])
      expect(detectImporter(sample(name, "terraform-state")).id, name).toBe("terraform-state");
    for (const name of ["drift.json", "requires-replace.json", "edge-plan.json", "no-changes.json"])
      expect(detectImporter(sample(name, "terraform-plan")).id, name).toBe("terraform-plan");
  });
});
