import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ChangeEvent } from "../../domains/hygiene/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { terraformPlan } from "./terraform-plan.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED = Date.UTC(2026, 9, 1, 6);

async function parse(input: Readable, scannedAt: number | null = SCANNED) {
  const items: RecordItem<ChangeEvent>[] = [];
  for await (const item of terraformPlan.parse(input, {
    timezone: "UTC",
    file: "plan.json",
    scannedAt: scannedAt ?? undefined,
  }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("terraform-plan", () => {
  it("reports Terraform's drift test plan: one drift, two planned updates", async () => {
    const { records, problems } = await parse(createReadStream(fixture("drift.json")));
    expect(problems).toEqual([]);
    // resource_drift has 1 entry (update); resource_changes has 2 (update, update)
    expect(records.map((r) => [r.change_type, r.address, r.action, r.replacement])).toEqual([
      ["drift", "test_instance.should_refresh", "update", false],
      ["planned", "test_instance.no_refresh", "update", false],
      ["planned", "test_instance.should_refresh", "update", false],
    ]);
    expect(records[0]).toMatchObject({
      at: SCANNED,
      resource_type: "test_instance",
      provider: "registry.terraform.io/hashicorp/test",
    });
    // line of each entry's "address": 5, 30, 53 (grep -n '"address"' drift.json)
    const items: RecordItem<ChangeEvent>[] = [];
    for await (const item of terraformPlan.parse(createReadStream(fixture("drift.json")), {
      timezone: "UTC",
      file: "p",
      scannedAt: SCANNED,
    }))
      items.push(item);
    expect(items.map((i) => i.line)).toEqual([5, 30, 53]);
  });

  it("flags a replacement apart", async () => {
    const { records } = await parse(createReadStream(fixture("requires-replace.json")));
    expect(records).toEqual([
      expect.objectContaining({
        action: "replace",
        actions: ["delete", "create"],
        replacement: true,
        attributes: expect.objectContaining({ action_reason: "replace_because_cannot_update" }),
      }),
    ]);
  });

  it("skips no-op and read, uses the plan's timestamp, reports bad entries (hand-made)", async () => {
    const { records, problems } = await parse(createReadStream(fixture("edge-plan.json")), null);
    expect(records.map((r) => [r.change_type, r.address, r.action])).toEqual([
      ["drift", "aws_security_group.web", "update"],
      ["drift", "aws_s3_bucket.logs", "delete"],
      ["planned", "aws_db_instance.main", "replace"],
      ["planned", "aws_iam_role.old", "delete"],
      ["planned", "aws_iam_role.kept", "forget"],
    ]);
    expect(records.every((r) => r.at === Date.parse("2026-10-02T08:30:00Z"))).toBe(true);
    // grep -n aws_instance edge-plan.json: the entry without an address is line 15, `teleport` line 16
    expect(problems.map((p) => p.line)).toEqual([15, 16]);
  });

  it("needs a time and a plan", async () => {
    await expect(parse(createReadStream(fixture("drift.json")), null)).rejects.toThrow(InvalidInputError);
    await expect(parse(Readable.from(['{"format_version": "1.0", "resource_changes": [']))).rejects.toThrow(
      /invalid JSON/,
    );
  });

  it("detects a plan", () => {
    expect(
      terraformPlan.detect({
        name: "p.json",
        head: '{\n  "format_version": "1.0",\n  "resource_changes": [',
      }),
    ).toBe(true);
    expect(terraformPlan.detect({ name: "a.json", head: '[{"id": 1}]' })).toBe(false);
  });
});
