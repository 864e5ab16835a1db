import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzipFiles, zipFiles } from "../../report/evidence/deterministic-zip.ts";
import { runCliProcess } from "../../test-support/child-cli.ts";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";
import { ENGINES } from "../../test-support/engines.ts";
import { INCIDENTS_CSV } from "../../test-support/server.ts";

const SAMM_YAML = join(IMPORTER_FIXTURES, "samm/fixtures/payments-2026-04.yaml");
const testStart = Date.now();

/** A register fixture less the rows its importer refuses, so the import is accepted whole. */
function register(path: string, refused: readonly string[]): string {
  const lines = readFileSync(join(IMPORTER_FIXTURES, path), "utf8").split("\n");
  return lines.filter((line) => !refused.some((id) => line.startsWith(`${id},`))).join("\n");
}

const PACK = `name: SOC 2 readiness, 2026-10
period: 2026-10
contents:
  reports: [scorecard, iteration]
  metrics: [open_exceptions, audit_findings]
  documents: [../policies/access-control.md]
  oscal_poam:
    system_id: payments
`;

/*
 * The exceptions and audit findings register fixtures, as the OSCAL export
 * test reads them: at the end of October 2026, 4 approved exceptions in
 * force and 4 open audit findings.
 */
for (const engine of ENGINES) {
  describe(`secmetrics evidence on ${engine.name}`, () => {
    let dir: string;
    let db: string;
    let disposeStore: () => Promise<void>;
    const config = () => join(dir, "secmetrics.yaml");
    const cli = (...args: string[]) => runCli(db, "--config", config(), ...args);
    const build = (out: string) =>
      cli("evidence", "build", join(dir, "evidence-packs", "soc2.yaml"), "--out", join(dir, out));
    const zip = (name: string) => readFileSync(join(dir, name));

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "secmetrics-evidence-"));
      ({ url: db, dispose: disposeStore } = await engine.create());
      writeFileSync(config(), "timezone: UTC\norganisation: Example Corp\n");
      writeFileSync(
        join(dir, "exceptions.csv"),
        register("exceptions/fixtures/register.csv", ["EX-012", "EX-013", "EX-014", "EX-015"]),
      );
      writeFileSync(
        join(dir, "audit.csv"),
        register("audit-findings/fixtures/register.csv", ["AF-009", "AF-010", "AF-011"]),
      );
      writeFileSync(join(dir, "incidents.csv"), INCIDENTS_CSV);
      for (const file of ["exceptions.csv", "audit.csv", "incidents.csv"].map((name) => join(dir, name)))
        expect((await cli("import", file)).code).toBe(0);
      expect((await cli("import", SAMM_YAML)).code).toBe(0);
      mkdirSync(join(dir, "evidence-packs"));
      mkdirSync(join(dir, "policies"));
      writeFileSync(join(dir, "policies", "access-control.md"), "# Access control\n\nReviewed quarterly.\n");
      writeFileSync(join(dir, "evidence-packs", "soc2.yaml"), PACK);
    });
    afterAll(async () => {
      await disposeStore();
      rmSync(dir, { recursive: true, force: true });
    });

    it("builds a zip of the reports, metrics, documents and POA&M with a manifest of their hashes", async () => {
      const result = await build("pack.zip");
      expect(result.stderr).toContain("SOC 2 readiness, 2026-10 (2026-10): 10 files");
      expect(result.code).toBe(0);
      const files = unzipFiles(zip("pack.zip"), "pack.zip");
      expect(files.map((f) => f.path)).toEqual([
        "README.md",
        "documents/access-control.md",
        "manifest.json",
        "metrics/audit_findings-2026-10.json",
        "metrics/open_exceptions-2026-10.json",
        "oscal/poam-2026-10.json",
        "reports/iteration-2026-10.html",
        "reports/iteration-2026-10.md",
        "reports/scorecard-2026-10.html",
        "reports/scorecard-2026-10.md",
      ]);
      const text = (path: string) => new TextDecoder().decode(files.find((f) => f.path === path)?.bytes);
      const manifest = JSON.parse(text("manifest.json"));
      expect(manifest.period).toEqual({
        id: "2026-10",
        start: "2026-10-01T00:00:00.000Z",
        end: "2026-11-01T00:00:00.000Z",
      });
      // Every file but the manifest itself, each with the SHA-256 `sha256sum` gives.
      expect(manifest.files).toHaveLength(9);
      // printf "# Access control\n\nReviewed quarterly.\n" | sha256sum
      expect(manifest.files[1]).toEqual({
        path: "documents/access-control.md",
        size: 38,
        sha256: "253140f2bc40ccd64f2f66dfedd26408959d2ff5101f18a384b7153549de21cb",
      });
      /*
       * Every import, of every domain, whether or not a listed metric reads it:
       * the registers' rows less those refused (EX-001 to EX-011; AF-001 to
       * AF-008 but AF-005, absent), the test server's 4 incidents (INC-1 to INC-4), and the
       * SAMM fixture's 89 answers (90 questions, O-OM-3-B left out).
       */
      type Listed = {
        format: string;
        file_name: string;
        records: number;
        sha256: string;
        imported_at: string;
      };
      expect(manifest.imports.map((i: Listed) => [i.format, i.file_name, i.records])).toEqual([
        ["exceptions-csv", "exceptions.csv", 11],
        ["audit-findings-csv", "audit.csv", 7],
        ["incidents-csv", "incidents.csv", 4],
        ["samm-yaml", "payments-2026-04.yaml", 89],
      ]);
      const incidents = manifest.imports.find((i: Listed) => i.file_name === "incidents.csv");
      expect(incidents.sha256).toBe(createHash("sha256").update(INCIDENTS_CSV).digest("hex"));
      for (const { imported_at } of manifest.imports as Listed[]) {
        expect(imported_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(imported_at)).toBeGreaterThanOrEqual(testStart);
      }
      expect(text("README.md")).toContain(
        `| incidents-csv | incidents | incidents.csv | ${incidents.imported_at} | 4 |`,
      );
      const openExceptions = JSON.parse(text("metrics/open_exceptions-2026-10.json"));
      expect(openExceptions.metric.value).toBe(4);
      expect(openExceptions.drill.rows.filter((row: { counted: boolean }) => row.counted)).toHaveLength(4);
      expect(text("reports/scorecard-2026-10.md")).toContain("Example Corp");
    });

    it("builds the same bytes again, and in a process of another time zone", async () => {
      expect((await build("again.zip")).code).toBe(0);
      expect(zip("again.zip").equals(zip("pack.zip"))).toBe(true);
      const packFile = join(dir, "evidence-packs", "soc2.yaml");
      const out = join(dir, "chatham.zip");
      // Chatham is UTC+13:45 in October: no day, hour or minute agrees with UTC.
      const child = await runCliProcessInZone("Pacific/Chatham", db, [
        "--config",
        config(),
        "evidence",
        "build",
        packFile,
        "--out",
        out,
      ]);
      expect(child.code, child.stderr).toBe(0);
      expect(zip("chatham.zip").equals(zip("pack.zip"))).toBe(true);
    });

    it("verifies an untouched pack", async () => {
      const result = await cli("evidence", "verify", join(dir, "pack.zip"));
      expect(result.stdout).toContain("9 files in the manifest, 0 differences");
      expect(result.code).toBe(0);
    });

    it("names each file changed, missing and added, and exits 65", async () => {
      const files = unzipFiles(zip("pack.zip"), "pack.zip")
        .filter((f) => f.path !== "oscal/poam-2026-10.json")
        .map((f) =>
          f.path === "reports/scorecard-2026-10.md"
            ? { ...f, bytes: new TextEncoder().encode("# edited\n") }
            : f,
        );
      files.push({ path: "documents/extra.txt", bytes: new TextEncoder().encode("not evidence\n") });
      writeFileSync(join(dir, "tampered.zip"), zipFiles(files));
      const result = await cli("evidence", "verify", join(dir, "tampered.zip"));
      expect(
        result.stdout
          .split("\n")
          .slice(1, 4)
          .map((line) => line.split(":")[0]),
      ).toEqual([
        "added    documents/extra.txt",
        "missing  oscal/poam-2026-10.json",
        "changed  reports/scorecard-2026-10.md",
      ]);
      expect(result.stderr).toContain("tampered.zip: 3 files differ from the manifest");
      expect(result.code).toBe(65);
    });

    it.each([
      ["an unknown report kind", "  reports: [scorecard, board]\n", "4: contents.reports.1: Invalid option"],
      ["an unknown key", "  dashboards: [main]\n", '4: contents: Unrecognized key: "dashboards"'],
    ])("refuses a pack definition with %s, naming the file and line", async (_, contents, problem) => {
      const bad = join(dir, "evidence-packs", "bad.yaml");
      writeFileSync(bad, `name: Broken\nperiod: 2026-10\ncontents:\n${contents}`);
      const result = await cli("evidence", "build", bad, "--out", join(dir, "bad.zip"));
      expect(result.stderr).toContain(`${bad}:${problem}`);
      expect(result.code).toBe(65);
    });

    it("refuses a period that does not exist at its line", async () => {
      const bad = join(dir, "evidence-packs", "bad-period.yaml");
      writeFileSync(bad, "name: Broken\nperiod: 2026-13\ncontents: {}\n");
      const result = await cli("evidence", "build", bad, "--out", join(dir, "bad.zip"));
      expect(result.stderr).toContain(`${bad}:2: period: unknown period "2026-13"`);
      expect(result.code).toBe(65);
    });
  });
}

/** The CLI in a process of its own whose local time zone is `zone`. */
async function runCliProcessInZone(zone: string, db: string, args: string[]) {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await runCliProcess(db, args);
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}
