import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";
import { poamValidator } from "../../test-support/oscal-schema.ts";

/** A register fixture less the rows its importer refuses, so the import is accepted whole. */
function register(path: string, refused: readonly string[]): string {
  const lines = readFileSync(join(IMPORTER_FIXTURES, path), "utf8").split("\n");
  return lines.filter((line) => !refused.some((id) => line.startsWith(`${id},`))).join("\n");
}

/*
 * The exceptions and audit findings register fixtures (snapshots of
 * 2026-10-15 and 2026-10-31), read in UTC, exported for October 2026 (end
 * 2026-11-01T00:00Z).
 * Exceptions in force then: EX-001 (expires 12-31), EX-002 (11-20), EX-005
 * (12-01), EX-006 (12-01T00:00:01); not EX-003 (expired 10-01), EX-004
 * (expires 11-01, at the end), EX-007 (approved only 11-01), EX-008 to
 * EX-011 (requested, revoked, closed, rejected). 4.
 * Audit findings open then: AF-002 (in progress), AF-004 (risk accepted),
 * AF-006 and AF-007 (open); AF-001, AF-003, AF-008 closed before. 4.
 */
describe("secmetrics export oscal-poam", () => {
  let dir: string;
  let db: string;
  const cli = (...args: string[]) => runCli(db, "--config", join(dir, "secmetrics.yaml"), ...args);
  const exportOctober = (out: string) =>
    cli("export", "oscal-poam", "--system-id", "payments", "--period", "2026-10", "--out", join(dir, out));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-poam-"));
    db = join(dir, "store.db");
    writeFileSync(join(dir, "secmetrics.yaml"), "timezone: UTC\n");
    writeFileSync(
      join(dir, "exceptions.csv"),
      register("exceptions/fixtures/register.csv", ["EX-012", "EX-013", "EX-014", "EX-015"]),
    );
    writeFileSync(
      join(dir, "audit.csv"),
      register("audit-findings/fixtures/register.csv", ["AF-009", "AF-010", "AF-011"]),
    );
    for (const file of ["exceptions.csv", "audit.csv"])
      expect((await cli("import", join(dir, file))).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the 4 exceptions in force and the 4 open audit findings, valid against NIST's schema", async () => {
    const result = await exportOctober("poam.json");
    expect(result.stderr).toContain("4 approved exceptions and 4 open audit findings at the end of 2026-10");
    expect(result.code).toBe(0);
    const document = JSON.parse(readFileSync(join(dir, "poam.json"), "utf8"));
    expect(poamValidator()(document)).toEqual([]);
    const poam = document["plan-of-action-and-milestones"];
    type Item = { props: { value: string }[] };
    expect(poam["poam-items"].map((item: Item) => item.props[0]?.value)).toEqual([
      "EX-001",
      "EX-002",
      "EX-005",
      "EX-006",
      "AF-002",
      "AF-004",
      "AF-006",
      "AF-007",
    ]);
    // AF-002 in progress → remediating; the others open, AF-004's acceptance kept in a prop.
    expect(poam.risks.map((risk: { status: string }) => risk.status)).toEqual([
      ...Array(4).fill("deviation-approved"),
      "remediating",
      "open",
      "open",
      "open",
    ]);
    // The newest snapshot read, the audit register's, is the document's version time.
    expect(poam.metadata["last-modified"]).toBe("2026-10-31T00:00:00.000Z");
  });

  it("writes the same bytes again from the same store", async () => {
    expect((await exportOctober("again.json")).code).toBe(0);
    expect(readFileSync(join(dir, "again.json"), "utf8")).toBe(readFileSync(join(dir, "poam.json"), "utf8"));
  });

  it("reimported, gives back the 4 approved exceptions with their expiry", async () => {
    const imported = await cli("import", join(dir, "poam.json"));
    expect(imported.code).toBe(0);
    const kpis = await cli("kpis", "--period", "2026-10", "--format", "json");
    // The exceptions register (4 open) and the POA&M feed (the same 4) are two registers: 8 open.
    const open = JSON.parse(kpis.stdout).metrics.find((m: { id: string }) => m.id === "open_exceptions");
    expect(open.value).toBe(8);
    // Row by row: each register's counted rows expire at the same instants, with the same titles.
    const drill = await cli("drill", "open_exceptions", "--period", "2026-10", "--format", "json");
    type Row = { counted: boolean; fields: Record<string, unknown>; provenance: { file_name: string } };
    const counted = (file: string) =>
      (JSON.parse(drill.stdout).rows as Row[])
        .filter((row) => row.counted && row.provenance.file_name === file)
        .map((row) => [row.fields.title, row.fields.expires_at]);
    expect(counted("poam.json")).toEqual(counted("exceptions.csv"));
    expect(counted("poam.json")).toHaveLength(4);
  });

  it("refuses a period with nothing to plan (66), and a bad period (64)", async () => {
    const empty = await cli("export", "oscal-poam", "--system-id", "payments", "--period", "2026-09");
    expect(empty.code).toBe(66);
    expect(empty.stderr).toContain(
      "no approved exception in force and no open audit finding at the end of 2026-09",
    );
    const bad = await cli("export", "oscal-poam", "--system-id", "payments", "--period", "October");
    expect(bad.code).toBe(64);
  });
});
