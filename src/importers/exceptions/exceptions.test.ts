import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { RiskException } from "../../domains/exceptions/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { exceptionsCsv, exceptionsYaml } from "./exceptions.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(
  importer: Importer<RecordItem<RiskException>>,
  input: Readable,
  options: { scannedAt?: number; timezone?: string } = {},
) {
  const items: RecordItem<RiskException>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "register", ...options }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("exceptions register, CSV (hand-made fixture register.csv)", () => {
  it("reads every valid row: 11 of 15, each with its status and scope", async () => {
    const { records } = await parse(exceptionsCsv, createReadStream(fixture("register.csv")));
    expect(records.map((r) => [r.external_id, r.type, r.status])).toEqual([
      ["EX-001", "risk", "approved"],
      ["EX-002", "compliance", "approved"],
      ["EX-003", "risk", "approved"],
      ["EX-004", "policy", "approved"],
      ["EX-005", "compliance", "approved"], // "Approved" in the file
      ["EX-006", "compliance", "approved"],
      ["EX-007", "risk", "approved"],
      ["EX-008", "risk", "requested"],
      ["EX-009", "risk", "revoked"],
      ["EX-010", "compliance", "closed"],
      ["EX-011", "policy", "rejected"],
    ]);
    expect(records[0]).toEqual({
      kind: "exception",
      feed: "exceptions",
      external_id: "EX-001",
      snapshot_at: Date.parse("2026-10-15T00:00:00Z"),
      type: "risk",
      status: "approved",
      decision: "accept",
      title: "Legacy admin accounts on web tier",
      scope: { controls: ["AC-2", "AC-6"], checks: [], assets: ["web-1", "web-2"], findings: [] },
      owner: "alice",
      requested_by: "alice",
      approved_by: "ciso",
      approved_at: Date.parse("2026-03-01T00:00:00Z"),
      expires_at: Date.parse("2026-12-31T00:00:00Z"),
      compensating_controls: ["VPN-only admin access", "Weekly access review"],
      ticket: "GRC-101",
      attributes: { business_unit: "payments" },
    });
  });

  it("refuses approvals without an expiry, without an approver or by their own requester, and bad values", async () => {
    const { problems } = await parse(exceptionsCsv, createReadStream(fixture("register.csv")));
    expect(problems).toEqual([
      { line: 13, problem: "an approved exception needs expires_at" },
      { line: 14, problem: "approved by its own requester (BOB)" },
      { line: 15, problem: "an approved exception needs approved_by" },
      {
        line: 16,
        problem:
          'expires_at is before approved_at; type: "exemption" is not one of risk, compliance, policy; ' +
          'decision: "ignore" is not one of accept, mitigate, transfer, avoid',
      },
    ]);
  });

  it("reads a date without a time as midnight in the import's time zone", async () => {
    const { records } = await parse(exceptionsCsv, createReadStream(fixture("register.csv")), {
      timezone: "Europe/Paris",
    });
    // 2026-11-01 in Paris (CET, UTC+1 after 25 October) is 2026-10-31 23:00 UTC.
    expect(records.find((r) => r.external_id === "EX-004")?.expires_at).toBe(
      Date.parse("2026-10-31T23:00:00Z"),
    );
  });

  it("takes the snapshot time from --scanned-at when the register has none, and needs one", async () => {
    const csv = "id,type,status,expires_at\nEX-1,risk,requested,\n";
    const { records } = await parse(exceptionsCsv, Readable.from([csv]), { scannedAt: 1_000 });
    expect(records[0]?.snapshot_at).toBe(1_000);
    await expect(parse(exceptionsCsv, Readable.from([csv]))).rejects.toThrow(InvalidInputError);
  });
});

describe("exceptions register, YAML (hand-made fixture register.yaml)", () => {
  it("reads the lists, the top-level snapshot_at and each entry's line", async () => {
    const { records, problems } = await parse(exceptionsYaml, createReadStream(fixture("register.yaml")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.status, r.snapshot_at])).toEqual([
      ["EX-001", "approved", Date.parse("2026-09-15T00:00:00Z")],
      ["EX-003", "approved", Date.parse("2026-09-15T00:00:00Z")],
      ["EX-020", "approved", Date.parse("2026-09-15T00:00:00Z")],
      ["EX-021", "requested", Date.parse("2026-09-15T00:00:00Z")],
    ]);
    expect(records[1]).toMatchObject({
      scope: { controls: [], checks: [], assets: ["batch-1"], findings: ["CVE-2026-1234"] },
      ticket: "103",
    });
    expect(records[0]?.compensating_controls).toEqual(["VPN-only admin access", "Weekly access review"]);
  });

  it("refuses a row by its line, and a syntax error or a missing list for the whole file", async () => {
    const bad = "snapshot_at: 2026-09-15\nexceptions:\n  - id: A\n    type: risk\n    status: approved\n";
    expect((await parse(exceptionsYaml, Readable.from([bad]))).problems).toEqual([
      { line: 3, problem: "an approved exception needs expires_at; an approved exception needs approved_by" },
    ]);
    await expect(parse(exceptionsYaml, Readable.from(["exceptions:\n  - id: [A\n"]))).rejects.toThrow(
      /register:3: /,
    );
    await expect(parse(exceptionsYaml, Readable.from(["risks: []\n"]))).rejects.toThrow(
      /register:1: no top-level list "exceptions"/,
    );
  });

  it("is told apart by its name and its exceptions key", () => {
    expect(exceptionsYaml.detect({ name: "register.yaml", head: "# ours\nexceptions:\n  - id: A\n" })).toBe(
      true,
    );
    expect(exceptionsYaml.detect({ name: "secmetrics.yaml", head: "timezone: UTC\n" })).toBe(false);
    expect(exceptionsYaml.detect({ name: "register.json", head: "exceptions:\n" })).toBe(false);
    expect(exceptionsCsv.detect({ name: "r.csv", head: "id,type,status,expires_at\n" })).toBe(true);
    expect(exceptionsCsv.detect({ name: "r.csv", head: "id,type,status\n" })).toBe(false);
  });
});
