import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { IrPlan, IrRole, Runbook } from "../../domains/ir-readiness/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { irPlanYaml } from "./ir-plan.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED_AT = Date.parse("2026-09-15T12:00:00Z");

async function parse(text: string, scannedAt: number | null = SCANNED_AT) {
  const items: RecordItem<IrPlan | IrRole | Runbook>[] = [];
  const ctx = { timezone: "UTC", file: "plan.yaml", ...(scannedAt === null ? {} : { scannedAt }) };
  for await (const item of irPlanYaml.parse(Readable.from([text]), ctx)) items.push(item);
  return items.flatMap((item) => ("record" in item ? [item.record] : []));
}

const read = (name: string) => readFile(fixture(name), "utf8");

describe("ir-plan (hand-made: no public format exists)", () => {
  it("is detected by its top-level roles and runbooks lists", async () => {
    const head = await read("northwind-ir-plan.yaml");
    expect(detectImporter({ name: "ir-plan.yaml", head }).id).toBe("ir-plan");
  });

  it("reads the plan, each role and each runbook at the scan time", async () => {
    const records = await parse(await read("northwind-ir-plan.yaml"));
    // grep -c '^  - id: ' → 6 roles + 3 contacts + 2 paths + 5 runbooks; the plan itself is one record.
    const plans = records.filter((r): r is IrPlan => r.kind === "ir_plan");
    const roles = records.filter((r): r is IrRole => r.kind === "ir_role");
    const runbooks = records.filter((r): r is Runbook => r.kind === "runbook");
    expect([plans.length, roles.length, runbooks.length]).toEqual([1, 6, 5]);
    expect(plans[0]).toMatchObject({
      feed: "ir-plan",
      external_id: "IRP-northwind",
      snapshot_at: SCANNED_AT,
      owner: "alice@example.com",
    });
    expect(plans[0]?.contacts.map((c) => [c.id, c.type, c.email])).toEqual([
      ["counsel", "legal", null],
      ["insurer", "insurer", "claims@insurer.example"],
      ["ico", "regulator", null],
    ]);
    expect(plans[0]?.escalation.map((p) => [p.id, p.steps.map((s) => s.within)])).toEqual([
      ["sev1", ["PT15M", "PT1H", "PT72H"]],
      ["sev2", ["PT1H"]],
    ]);
    // E-mails lower-cased as rosters differ in case; person ids kept; a vacant deputy is null.
    expect(roles.map((r) => [r.external_id, r.holder, r.deputy])).toEqual([
      ["incident_commander", "alice@example.com", "P02"],
      ["communications", "frank@example.com", null],
      ["legal", "dan@example.com", "carol@example.com"],
      ["engineering_lead", "P03", "P03"],
      ["scribe", "grace@example.com", "zoe@example.com"],
      ["security_lead", "P01", "P07"],
    ]);
    // Words become ISO 8601 durations; RB-insider takes the plan's `review_every: annually`.
    expect(runbooks.map((r) => [r.external_id, r.review_every, r.last_reviewed_at])).toEqual([
      ["RB-data-breach", "P6M", Date.parse("2026-04-20T00:00:00Z")],
      ["RB-regulator", "P1Y", Date.parse("2025-09-30T00:00:00Z")],
      ["RB-ransomware", "P3M", Date.parse("2026-07-10T00:00:00Z")],
      ["RB-insider", "P1Y", Date.parse("2026-01-05T00:00:00Z")],
      ["RB-supply-chain", "P90D", null],
    ]);
  });

  it("refuses a plan with any problem, naming each at its line", async () => {
    const refused = parse(await read("invalid-ir-plan.yaml"));
    await expect(refused).rejects.toThrow(InvalidInputError);
    const error = await refused.catch((e: InvalidInputError) => e);
    expect((error as InvalidInputError).problems).toEqual([
      { line: 7, reason: "role incident_commander: listed again (first on line 4)" },
      { line: 10, reason: "escalation path sev1: steps[0]: notify: ciso is no role or contact of the plan" },
      {
        line: 10,
        reason: 'escalation path sev1: steps[0]: within: "15 minutes" is not an ISO 8601 duration (PT15M)',
      },
      {
        line: 15,
        reason:
          'runbook RB-1: review_every: "fortnightly" is not an ISO 8601 duration (P6M, P90D) nor monthly, quarterly, semiannually, semi-annually, half-yearly, annually, yearly',
      },
    ]);
  });

  it("refuses a plan without a time to place it at, or a list that is not one", async () => {
    await expect(parse("id: P\ntitle: T\nroles: []\nrunbooks: []\n", null)).rejects.toThrow(
      /no snapshot_at and no scan time/,
    );
    await expect(parse("id: P\ntitle: T\nroles: none\n")).rejects.toThrow(
      /plan\.yaml:3: "roles" is not a list/,
    );
    await expect(parse("title: T\nroles: []\n")).rejects.toThrow(/plan\.yaml:1: id is required/);
  });
});
