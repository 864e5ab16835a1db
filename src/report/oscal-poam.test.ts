import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { PoamContents } from "../app/poam-contents.ts";
import type { RiskException } from "../domains/exceptions/records.ts";
import { oscalPoam } from "../importers/oscal-poam/oscal-poam.ts";
import { poamValidator } from "../test-support/oscal-schema.ts";
import { buildAuditFinding, buildException } from "../test-support/records.ts";
import { OSCAL_VERSION, oscalControlId, oscalPoamDocument } from "./oscal-poam.ts";

const validate = poamValidator();
const at = (iso: string) => Date.parse(iso);
const SEPTEMBER = { id: "2026-09", start: at("2026-09-01T00:00:00Z"), end: at("2026-10-01T00:00:00Z") };

const FULL_EXCEPTION = buildException({
  external_id: "EX-1",
  snapshot_at: at("2026-09-15T00:00:00Z"),
  expires_at: at("2026-12-31T00:00:00Z"),
  title: "Legacy admin accounts",
  decision: "accept",
  approved_at: at("2026-03-01T00:00:00Z"),
  owner: "alice",
  scope: { controls: ["AC-2", "AC-6(1)"], checks: [], assets: ["web-1"], findings: [] },
  compensating_controls: ["VPN-only admin access", "Weekly access review"],
});
/** No decision, no approval date, no compensating control: the optional parts left out. */
const BARE_EXCEPTION = buildException({
  external_id: "EX-2",
  snapshot_at: at("2026-09-15T00:00:00Z"),
  expires_at: at("2026-11-20T00:00:00Z"),
});
const FINDINGS = [
  buildAuditFinding({
    external_id: "AF-1",
    snapshot_at: at("2026-09-30T00:00:00Z"),
    opened_at: at("2026-08-10T00:00:00Z"),
    due_at: at("2026-10-20T00:00:00Z"),
    control: "CM-6",
    title: "Baseline drift",
    status: "in_progress",
  }),
  // No control: a risk and an item, but no assessment finding to attach.
  buildAuditFinding({
    external_id: "AF-2",
    snapshot_at: at("2026-09-30T00:00:00Z"),
    opened_at: at("2026-09-01T00:00:00Z"),
  }),
];
const CONTENTS: PoamContents = {
  period: SEPTEMBER,
  systemId: "payments",
  exceptions: [BARE_EXCEPTION, FULL_EXCEPTION],
  findings: FINDINGS,
};

async function reimport(document: unknown): Promise<RiskException[]> {
  const records: RiskException[] = [];
  for await (const item of oscalPoam.parse(Readable.from([JSON.stringify(document)]), {
    timezone: "UTC",
    file: "poam.json",
  }))
    if ("record" in item) records.push(item.record);
    else throw new Error(JSON.stringify(item));
  return records;
}

describe("OSCAL POA&M export", () => {
  it("validates against NIST's OSCAL 1.1.1 POA&M schema", () => {
    expect(validate(oscalPoamDocument(CONTENTS))).toEqual([]);
    expect(validate(oscalPoamDocument({ ...CONTENTS, findings: [] }))).toEqual([]);
    expect(OSCAL_VERSION).toBe("1.1.1");
  });

  it("the schema is applied: NIST's and FedRAMP's own POA&Ms pass, one without items does not", () => {
    const fixture = (name: string) =>
      JSON.parse(
        readFileSync(
          fileURLToPath(new URL(`../importers/oscal-poam/fixtures/${name}`, import.meta.url)),
          "utf8",
        ),
      );
    expect(validate(fixture("ifa_plan-of-action-and-milestones.json"))).toEqual([]);
    expect(validate(fixture("FedRAMP-POAM-OSCAL-Template.json"))).toEqual([]);
    const document = oscalPoamDocument(CONTENTS);
    const { "poam-items": _, ...withoutItems } = document["plan-of-action-and-milestones"];
    expect(validate({ "plan-of-action-and-milestones": withoutItems })).toEqual([
      "/plan-of-action-and-milestones must have required property 'poam-items'",
    ]);
  });

  it("holds each exception and finding as a risk with its deadline, and an item naming it", () => {
    const poam = oscalPoamDocument(CONTENTS)["plan-of-action-and-milestones"];
    // Sorted by register then id: exceptions EX-1, EX-2, then audit findings AF-1, AF-2.
    expect(poam.risks?.map((r) => [r.title, r.status, "deadline" in r ? r.deadline : null])).toEqual([
      ["Legacy admin accounts", "deviation-approved", "2026-12-31T00:00:00.000Z"],
      ["Exception EX-2", "deviation-approved", "2026-11-20T00:00:00.000Z"],
      ["Baseline drift", "remediating", "2026-10-20T00:00:00.000Z"],
      ["Audit finding AF-2", "open", null],
    ]);
    expect(poam["poam-items"].map((item) => item.props[0]?.value)).toEqual(["EX-1", "EX-2", "AF-1", "AF-2"]);
    expect(poam.findings?.map((f) => [f.target["target-id"], f.target.status.state])).toEqual([
      ["cm-6_obj", "not-satisfied"],
    ]);
    expect(poam["system-id"]).toEqual({ id: "payments" });
    // last-modified is the newest snapshot read (the audit register's, 2026-09-30), not the time of export.
    expect(poam.metadata["last-modified"]).toBe("2026-09-30T00:00:00.000Z");
    expect(poam.metadata.version).toBe("2026-09");
  });

  it("is the same document, byte for byte, whenever it is built from the same records", () => {
    const once = JSON.stringify(oscalPoamDocument(CONTENTS));
    const reordered = {
      ...CONTENTS,
      exceptions: [FULL_EXCEPTION, BARE_EXCEPTION],
      findings: [...FINDINGS].reverse(),
    };
    expect(JSON.stringify(oscalPoamDocument(reordered))).toBe(once);
    // Another system's plan of the same records names its document differently.
    const other = oscalPoamDocument({ ...CONTENTS, systemId: "billing" })["plan-of-action-and-milestones"];
    expect(other.uuid).not.toBe(JSON.parse(once)["plan-of-action-and-milestones"].uuid);
  });

  it("reads back through the oscal-poam importer as the same approved exceptions", async () => {
    const records = await reimport(oscalPoamDocument(CONTENTS));
    // The audit findings' risks are open or remediating: not exceptions, so only the two come back.
    const view = (e: RiskException) => [
      e.title,
      e.status,
      e.expires_at,
      e.decision,
      e.scope.controls,
      e.compensating_controls,
    ];
    expect(records.map(view)).toEqual([
      [
        "Legacy admin accounts",
        "approved",
        FULL_EXCEPTION.expires_at,
        "accept",
        ["ac-2", "ac-6.1"],
        FULL_EXCEPTION.compensating_controls,
      ],
      ["Exception EX-2", "approved", BARE_EXCEPTION.expires_at, null, [], []],
    ]);
    // The item's POAM-ID carries the register's id back.
    expect(records.map((e) => e.scope.findings)).toEqual([["EX-1"], ["EX-2"]]);
  });

  it("writes control ids as OSCAL does", () => {
    expect(["AC-2", "AC-6(1)", "SI-4(10)", " ia-5 "].map(oscalControlId)).toEqual([
      "ac-2",
      "ac-6.1",
      "si-4.10",
      "ia-5",
    ]);
  });
});
