import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { directorySource } from "./file-source.ts";
import { detectImporter, findImporter, IMPORTERS } from "./registry.ts";

const ROOT = new URL(".", import.meta.url).pathname;
const SAMPLE_BYTES = 64 * 1024;

/** Formats whose folder is named after a sibling format. */
const SHARED_FOLDERS: Record<string, string> = {
  "tokens-csv": "accounts",
  "tokens-json": "accounts",
  "github-deployment-statuses": "deployments",
  "knowbe4-enrollments": "training",
};

/** The importer folder a format belongs to: `incidents-csv` lives in `incidents/`. */
function folderOf(id: string): string {
  const shared = SHARED_FOLDERS[id];
  if (shared) return shared;
  const folders = readdirSync(ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const match = folders.find((entry) => id === entry.name || id.startsWith(`${entry.name}-`));
  return match?.name ?? id;
}

/** Every fixture of every registered importer, with the formats its folder holds. */
const FIXTURES = [...new Set(IMPORTERS.map((importer) => folderOf(importer.id)))].flatMap((folder) => {
  const own = IMPORTERS.filter((importer) => folderOf(importer.id) === folder).map((i) => i.id);
  return readdirSync(join(ROOT, folder, "fixtures"))
    .filter((name) => name !== "SOURCES.md")
    .map((name) => ({ folder, name, own, path: join(ROOT, folder, "fixtures", name) }));
});

/**
 * Fixtures that are deliberately unreadable or empty: auto-detection may
 * refuse them (the user then names the format), but must not hand them to
 * another importer.
 */
const UNDETECTABLE = new Set([
  "incidents/blank.json",
  "incidents/empty.csv",
  "incidents/incidents-missing-column.csv",
  "alerts/empty.ndjson",
  "alerts/alerts-missing-column.csv",
  "alerts/unknown.csv",
  "npm-audit/npm6-report.json",
  // An empty state holds nothing that tells it from any other Terraform JSON.
  "terraform-state/empty.json",
  // Compiler output alone (Foundry out/, Hardhat artifacts/) for `web3 events`: no deployment in it.
  "web3-deployments/vebal",
  "web3-deployments/lock",
]);

/** What detection sees: a file's first bytes, or a fixture folder's file list (directory importers). */
function sampleOf(path: string, name: string) {
  if (statSync(path).isDirectory())
    return { name, head: "", files: directorySource(path).files.map((file) => file.path) };
  const bytes = readFileSync(path).subarray(0, SAMPLE_BYTES);
  return { name, head: bytes.toString("utf8"), bytes };
}

describe("format auto-detection over every importer's fixtures", () => {
  it("covers the scanner formats", () => {
    const folders = new Set(FIXTURES.map((f) => f.folder));
    for (const id of ["sarif", "trivy", "grype", "osv-scanner", "npm-audit", "dependabot", "zap"])
      expect(folders.has(id), id).toBe(true);
  });

  it.each(FIXTURES)("$folder/$name is claimed by its own importer only", ({ folder, name, own, path }) => {
    const sample = sampleOf(path, name);
    const claimants = IMPORTERS.filter((importer) => importer.detect(sample)).map((i) => i.id);
    const strangers = claimants.filter((id) => !own.includes(id));
    expect(strangers).toEqual([]);
    if (UNDETECTABLE.has(`${folder}/${name}`)) return;
    expect(own).toContain(detectImporter(sample).id);
  });

  it("refuses what no importer knows, naming the formats", () => {
    expect(() => detectImporter({ name: "notes.txt", head: "hello" })).toThrow(/cannot tell which format/);
    expect(() => findImporter("nessus")).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/known formats: .*trivy/) }),
    );
  });

  it.each([
    // Header id,title,severity,started_at: 4 incident columns, 2 alert ones (id, severity).
    ["incidents/incidents-missing-column.csv", "incidents-csv: missing column detected_at"],
    // Header id,severity,rule,disposition: 4 alert columns, 2 incident ones.
    ["alerts/alerts-missing-column.csv", "alerts-csv: missing column created_at"],
    // npm 6's report: actions, advisories, muted, metadata, and no auditReportVersion.
    [
      "npm-audit/npm6-report.json",
      "npm-audit: missing field auditReportVersion 2 (npm 7 or later writes it)",
    ],
  ])("names the format %s comes closest to, and what it lacks", (fixture, closest) => {
    const [folder = "", name = ""] = fixture.split("/");
    const sample = sampleOf(join(ROOT, folder, "fixtures", name), name);
    expect(() => detectImporter(sample)).toThrow(
      `${name}: cannot tell which format this is; it looks like ${closest}`,
    );
  });

  it("keeps every format id unique", () => {
    expect(new Set(IMPORTERS.map((i) => i.id)).size).toBe(IMPORTERS.length);
  });
});
