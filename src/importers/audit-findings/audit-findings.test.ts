import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AuditFinding } from "../../domains/audit-findings/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { auditFindingsCsv, auditFindingsYaml } from "./audit-findings.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(
  importer: Importer<RecordItem<AuditFinding>>,
  input: Readable,
  options: { scannedAt?: number } = {},
) {
  const items: RecordItem<AuditFinding>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "register", ...options }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("audit findings register, CSV (hand-made fixture register.csv)", () => {
  it("reads every valid row: 7 of 10, each with its source, severity and status", async () => {
    const { records } = await parse(auditFindingsCsv, createReadStream(fixture("register.csv")));
    expect(records.map((r) => [r.external_id, r.source, r.severity, r.status])).toEqual([
      ["AF-001", "external", "high", "closed"],
      ["AF-002", "internal", "medium", "in_progress"],
      ["AF-003", "pentest", "critical", "closed"],
      ["AF-004", "regulator", "low", "risk_accepted"],
      ["AF-006", "external", "critical", "open"], // "Critical" in the file
      ["AF-007", "pentest", "high", "open"],
      ["AF-008", "regulator", "medium", "closed"],
    ]);
    expect(records[0]).toEqual({
      kind: "audit_finding",
      feed: "audit-findings",
      external_id: "AF-001",
      snapshot_at: Date.parse("2026-10-31T00:00:00Z"),
      source: "external",
      control: "AC-2",
      title: "Leavers keep VPN access",
      severity: "high",
      status: "closed",
      opened_at: Date.parse("2026-06-01T00:00:00Z"),
      due_at: Date.parse("2026-09-01T00:00:00Z"),
      closed_at: Date.parse("2026-10-21T00:00:00Z"),
      owner: "alice",
      attributes: { auditor: "Big Four LLP" },
    });
  });

  it("refuses a closed finding without closed_at, one closed before it opened, and unknown words, by line", async () => {
    const { problems } = await parse(auditFindingsCsv, createReadStream(fixture("register.csv")));
    expect(problems).toEqual([
      { line: 9, problem: "a closed finding needs closed_at" },
      { line: 10, problem: "closed_at is before opened_at" },
      {
        line: 11,
        problem:
          'source: "vendor" is not one of external, internal, pentest, regulator; ' +
          'severity: "urgent" is not one of critical, high, medium, low, info; ' +
          'status: "done" is not one of open, in_progress, risk_accepted, closed',
      },
    ]);
  });

  it("takes the snapshot time from --scanned-at when the register has none, and needs one", async () => {
    const csv = "id,source,severity,status,opened_at\nAF-1,internal,low,open,2026-01-01\n";
    const { records } = await parse(auditFindingsCsv, Readable.from([csv]), { scannedAt: 1_000 });
    expect(records[0]?.snapshot_at).toBe(1_000);
    await expect(parse(auditFindingsCsv, Readable.from([csv]))).rejects.toThrow(InvalidInputError);
  });
});

describe("audit findings register, YAML (hand-made fixture register.yaml)", () => {
  it("reads the list with the top-level snapshot_at", async () => {
    const { records, problems } = await parse(auditFindingsYaml, createReadStream(fixture("register.yaml")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.status, r.snapshot_at])).toEqual([
      ["AF-001", "open", Date.parse("2026-09-15T00:00:00Z")],
      ["AF-002", "in_progress", Date.parse("2026-09-15T00:00:00Z")],
      ["AF-003", "closed", Date.parse("2026-09-15T00:00:00Z")],
      ["AF-004", "risk_accepted", Date.parse("2026-09-15T00:00:00Z")],
      ["AF-005", "closed", Date.parse("2026-09-15T00:00:00Z")],
    ]);
  });

  it("refuses a row by the line its entry starts on", async () => {
    const bad =
      "snapshot_at: 2026-09-15\naudit_findings:\n  - id: A\n    source: internal\n    severity: low\n" +
      "    opened_at: 2026-01-01\n    status: open\n  - id: B\n    source: internal\n    severity: low\n" +
      "    opened_at: 2026-01-01\n    status: closed\n";
    expect((await parse(auditFindingsYaml, Readable.from([bad]))).problems).toEqual([
      { line: 8, problem: "a closed finding needs closed_at" },
    ]);
  });

  it("is detected by its name and its audit_findings key, the CSV by its header", () => {
    const head = "audit_findings:\n  - id: A\n";
    expect(detectImporter({ name: "audit.yaml", head }).id).toBe("audit-findings-yaml");
    expect(auditFindingsYaml.detect({ name: "audit.json", head })).toBe(false);
    expect(detectImporter({ name: "audit.csv", head: "id,source,severity,status,opened_at\n" }).id).toBe(
      "audit-findings-csv",
    );
  });
});
