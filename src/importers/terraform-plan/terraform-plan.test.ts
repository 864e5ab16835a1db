import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ChangeEvent, PlanRun } from "../../domains/hygiene/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { terraformPlan } from "./terraform-plan.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED = Date.UTC(2026, 9, 1, 6);

async function parse(input: Readable, scannedAt: number | null = SCANNED) {
  const items: RecordItem<ChangeEvent | PlanRun>[] = [];
  for await (const item of terraformPlan.parse(input, {
    timezone: "UTC",
    file: "plan.json",
    scannedAt: scannedAt ?? undefined,
  }))
    items.push(item);
  const all = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    records: all.filter((r): r is ChangeEvent => r.kind === "change_event"),
    runs: all.filter((r): r is PlanRun => r.kind === "plan_run"),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("terraform-plan", () => {
  it("reports Terraform's drift test plan: one drift, two planned updates", async () => {
    const { records, runs, problems } = await parse(createReadStream(fixture("drift.json")));
    expect(problems).toEqual([]);
    // jq -c '[.resource_drift[].change.actions], [.resource_changes[].change.actions]' drift.json
    // → [["update"]] [["update"],["update"]]: the run holds 1 drift, 2 changes, 0 left alone
    expect(runs).toEqual([
      expect.objectContaining({ at: SCANNED, drift_count: 1, change_count: 2, unchanged_count: 0 }),
    ]);
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
    const items: RecordItem<ChangeEvent | PlanRun>[] = [];
    for await (const item of terraformPlan.parse(createReadStream(fixture("drift.json")), {
      timezone: "UTC",
      file: "p",
      scannedAt: SCANNED,
    }))
      items.push(item);
    // and the plan run, placed on line 1
    expect(items.map((i) => i.line)).toEqual([5, 30, 53, 1]);
  });

  it("keeps the run of a plan that found nothing (terraform-json's no_changes plan)", async () => {
    const { records, runs, problems } = await parse(createReadStream(fixture("no-changes.json")));
    expect(problems).toEqual([]);
    // jq '[.resource_changes[].change.actions[]] | unique' no-changes.json → ["no-op"]: nothing to store
    expect(records).toEqual([]);
    // jq '.resource_changes | length' → 6 no-op entries; no resource_drift key; no timestamp → the scan time
    expect(runs).toEqual([
      expect.objectContaining({
        at: SCANNED,
        terraform_version: "0.12.11",
        format_version: "0.1",
        drift_count: 0,
        change_count: 0,
        unchanged_count: 6,
      }),
    ]);
  });

  it("identifies a run by its time and content, not by its formatting", async () => {
    const text = await readFile(fixture("no-changes.json"), "utf8");
    const compact = await parse(Readable.from([text]));
    const pretty = await parse(Readable.from([JSON.stringify(JSON.parse(text), null, 2)]));
    const later = await parse(Readable.from([text]), SCANNED + 1000);
    expect(pretty.runs[0]?.external_id).toBe(compact.runs[0]?.external_id);
    expect(later.runs[0]?.external_id).not.toBe(compact.runs[0]?.external_id);
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
    const { records, runs, problems } = await parse(createReadStream(fixture("edge-plan.json")), null);
    expect(records.map((r) => [r.change_type, r.address, r.action])).toEqual([
      ["drift", "aws_security_group.web", "update"],
      ["drift", "aws_s3_bucket.logs", "delete"],
      ["planned", "aws_db_instance.main", "replace"],
      ["planned", "aws_iam_role.old", "delete"],
      ["planned", "aws_iam_role.kept", "forget"],
    ]);
    expect(records.every((r) => r.at === Date.parse("2026-10-02T08:30:00Z"))).toBe(true);
    // 2 drift and 3 planned records above; no-op and read: 1 each (grep -c '"no-op"\|"read"' edge-plan.json)
    expect(runs).toEqual([
      expect.objectContaining({
        at: Date.parse("2026-10-02T08:30:00Z"),
        terraform_version: "1.9.0",
        drift_count: 2,
        change_count: 3,
        unchanged_count: 2,
      }),
    ]);
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
