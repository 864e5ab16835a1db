import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RiskException } from "../../domains/exceptions/records.ts";
import type { RecordItem } from "../importer.ts";
import { oscalPoam } from "./oscal-poam.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<RiskException>[] = [];
  for await (const item of oscalPoam.parse(input, { timezone: "UTC", file: "poam.json" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

/** A POA&M of the given risks, with only what the importer reads. */
const poam = (risks: object[]) =>
  Readable.from([
    JSON.stringify({
      "plan-of-action-and-milestones": {
        uuid: "p",
        metadata: { "last-modified": "2026-10-01T00:00:00Z" },
        risks,
      },
    }),
  ]);

describe("OSCAL POA&M", () => {
  it("NIST's example: of its 2 risks, the deviation-approved one is an exception, already past its deadline", async () => {
    // risks[]: RISK-1 status deviation-approved, deadline 2024-01-01T05:00-04:00; RISK-2 status open, no
    // FedRAMP prop (a risk being fixed, no exception). The plan was last modified 2024-02-01T13:57:28-04:00.
    const { records, problems } = await parse(
      createReadStream(fixture("ifa_plan-of-action-and-milestones.json")),
    );
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      feed: "oscal-poam",
      external_id: "8b8bae66-b28c-4fa5-9a20-b79e7322fc00",
      snapshot_at: Date.parse("2024-02-01T17:57:28.355Z"),
      status: "approved",
      decision: "accept",
      approved_at: null,
      expires_at: Date.parse("2024-01-01T09:00:00Z"),
      scope: { controls: [], checks: [], assets: ["551b9706-d6a4-4d25-8207-f2ccec548b89"], findings: [] },
      attributes: { risk_status: "deviation-approved" },
    });
  });

  it("FedRAMP's template: the open risk with an approved operational requirement is an exception", async () => {
    // risks[]: 9cbd98f3 open, no deviation prop; ae628cc5 open with operational-requirement "approved"
    // (risk-adjustment approved and false-positive withdrawn: not exceptions by themselves), deadline
    // 2023-05-31. POA&M item V-2 names it; its observations 63fd3d97 (4 subjects) and 6c103050 (1).
    const { records, problems } = await parse(createReadStream(fixture("FedRAMP-POAM-OSCAL-Template.json")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.status, new Date(r.expires_at ?? 0).toISOString()])).toEqual([
      ["ae628cc5-b64c-4030-af30-57e6b24a6ae7", "approved", "2023-05-31T00:00:00.000Z"],
    ]);
    expect(records[0]?.snapshot_at).toBe(Date.parse("2024-09-24T02:24:00Z"));
    expect(records[0]?.scope).toEqual({
      controls: ["ac-2"],
      checks: [],
      assets: [
        "f61f4408-2cb8-444a-a312-bc88412e7c61",
        "02075556-3660-4112-8982-02fc7d6fac00",
        "5efe2c07-9fdf-453a-8457-6471046082fb",
        "75b059f2-a9ba-40b1-a1e0-881196ca1ead",
        "a49ed61e-fca1-4ffa-b5e7-c23a2375a7a0",
      ],
      findings: ["V-2"],
    });
    expect(records[0]?.attributes).toMatchObject({
      "operational-requirement": "approved",
      "false-positive": "withdrawn",
    });
  });

  it("maps a requested and a closed deviation, and refuses an approved one without a deadline", async () => {
    const operational = (value: string) => [{ name: "operational-requirement", value }];
    const { records, problems } = await parse(
      poam([
        { uuid: "r1", status: "deviation-requested", deadline: "2026-12-01T00:00:00Z" },
        { uuid: "r2", status: "closed", props: operational("approved"), deadline: "2026-03-01T00:00:00Z" },
        { uuid: "r3", status: "closed" },
        { uuid: "r4", status: "investigating", props: operational("pending") },
        { uuid: "r5", status: "deviation-approved" },
      ]),
    );
    expect(records.map((r) => [r.external_id, r.status])).toEqual([
      ["r1", "requested"],
      ["r2", "closed"],
      ["r4", "requested"],
    ]);
    expect(problems).toEqual([{ line: 1, problem: "an approved deviation needs a deadline" }]);
  });

  it("claims a POA&M and nothing else", () => {
    expect(oscalPoam.detect({ name: "p.json", head: '{\n  "plan-of-action-and-milestones": {' })).toBe(true);
    expect(oscalPoam.detect({ name: "p.json", head: '{"system-security-plan": {' })).toBe(false);
  });
});
