import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toColumnValue } from "../../store/column-value.ts";
import type { ImportContext, ParsedItem } from "../importer.ts";
import { detectImporter, findImporter } from "../registry.ts";
import { parseInWorker } from "./parse-in-worker.ts";

const IMPORTERS = join(import.meta.dirname, "..");
const CTX: Omit<ImportContext, "file"> = {
  timezone: "Europe/Berlin",
  year: 2026,
  target: "app",
  scannedAt: Date.parse("2026-04-01T12:00:00Z"),
};

/** Every file format but tokens-csv, accounts-json and deployments-json, which have no fixture of their own. */
const FORMATS_WITH_FIXTURES = [
  "accounts-csv",
  "action-items-csv",
  "action-items-json",
  "alerts-csv",
  "alerts-json",
  "asff",
  "assessments-csv",
  "assessments-yaml",
  "assets-csv",
  "assets-json",
  "audit-findings-csv",
  "audit-findings-yaml",
  "bugcrowd-csv",
  "deals-csv",
  "defihacklabs",
  "dependabot",
  "deployments-csv",
  "driftctl",
  "exceptions-csv",
  "exceptions-yaml",
  "external-triage-csv",
  "fail2ban",
  "github-code-scanning",
  "github-deployment-statuses",
  "github-deployments",
  "github-secret-scanning",
  "go-list-modules",
  "governor-logs",
  "grype",
  "hackerone-csv",
  "hackerone-json",
  "heartbeat-log",
  "iam-credential-report",
  "incidents-csv",
  "incidents-json",
  "ir-plan",
  "jira-issues",
  "junit",
  "key-inventory-csv",
  "key-inventory-yaml",
  "knowbe4-enrollments",
  "kube-bench",
  "nginx",
  "nmap",
  "npm-audit",
  "npm-ls",
  "npm-outdated",
  "ocsf",
  "oscal-assessment-results",
  "oscal-poam",
  "osv-scanner",
  "pagerduty-incidents",
  "people-csv",
  "pip-list",
  "prometheus-metrics",
  "prowler-compliance-csv",
  "prowler-csv",
  "prowler-ocsf",
  "safe-transaction-service",
  "samm-csv",
  "samm-yaml",
  "sarif",
  "security-controls-csv",
  "security-controls-yaml",
  "snapshot-json",
  "snapshot-votes-json",
  "sshd",
  "terraform-plan",
  "terraform-state",
  "tokens-json",
  "training-csv",
  "trivy",
  "trust-yaml",
  "xccdf",
  "zap",
];

/**
 * The largest fixture of each format that reads a file, as detection finds
 * it: one worker per format (a worker started from the sources loads them
 * through tsx, slowly).
 */
function fixtures(): { path: string; format: string }[] {
  const largest = new Map<string, { path: string; format: string; size: number }>();
  for (const folder of readdirSync(IMPORTERS)) {
    const dir = join(IMPORTERS, folder, "fixtures");
    if (!statSync(join(IMPORTERS, folder)).isDirectory() || !statSync(dir, { throwIfNoEntry: false }))
      continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === "SOURCES.md" || !statSync(path).isFile()) continue;
      const head = readFileSync(path)
        .subarray(0, 64 * 1024)
        .toString("utf8");
      try {
        const importer = detectImporter({ name, head });
        const size = statSync(path).size;
        if (importer.input === "file" && size > (largest.get(importer.id)?.size ?? -1))
          largest.set(importer.id, { path: join(folder, "fixtures", name), format: importer.id, size });
      } catch {
        // Fixtures no format claims (the wrong-format ones) have no parse to compare.
      }
    }
  }
  return [...largest.values()].map(({ path, format }) => ({ path, format }));
}

/** What a parse gives, as the writer sees it: records as kind and column values, or the error it ends with. */
async function outcome(
  items: AsyncIterable<ParsedItem> | AsyncIterable<readonly ParsedItem[]>,
): Promise<unknown[]> {
  const seen: unknown[] = [];
  try {
    for await (const entry of items)
      for (const item of Array.isArray(entry) ? entry : [entry]) {
        if (!("record" in item)) seen.push(item);
        else {
          const { kind, ...rest } = item.record;
          const values = Object.entries(rest).map(([key, value]) => [key, toColumnValue(value)]);
          seen.push({ line: item.line, kind, values });
        }
      }
  } catch (error) {
    seen.push({ error: (error as Error).constructor.name, message: (error as Error).message });
  }
  return seen;
}

/** The worker's batches back as items, records rebuilt from their runs. */
async function* workerItems(path: string, format: string): AsyncIterable<readonly ParsedItem[]> {
  const ctx = { ...CTX, file: "input" };
  for await (const batch of parseInWorker({ path, format, ctx })) {
    const items: ParsedItem[] = [];
    for (const entry of batch) {
      if (!("rows" in entry)) items.push(entry);
      else
        entry.rows.forEach((row, i) => {
          const record = Object.fromEntries([
            ["kind", entry.kind],
            ...entry.keys.map((key, k) => [key, row[k]]),
          ]);
          items.push({ line: entry.lines[i] as number, record });
        });
    }
    yield items;
  }
}

describe("parseInWorker", () => {
  const all = fixtures();

  it("finds a fixture of every file format", () => {
    expect(all.map(({ format }) => format).sort()).toEqual(FORMATS_WITH_FIXTURES);
  });

  it("throws an error reading the file as reading it in this thread does", async () => {
    // A directory opens but cannot be read: EISDIR at the first read, in the worker's stream.
    const importer = findImporter("alerts-csv");
    if (importer.input !== "file") throw new Error("alerts-csv reads a file");
    const inThread = await outcome(importer.parse(createReadStream(IMPORTERS), { ...CTX, file: "input" }));
    expect(inThread).toEqual([{ error: "Error", message: "EISDIR: illegal operation on a directory, read" }]);
    expect(await outcome(workerItems(IMPORTERS, "alerts-csv"))).toEqual(inThread);
  });

  it.each(all)("gives what the importer gives in this thread: $path ($format)", async ({ path, format }) => {
    const file = join(IMPORTERS, path);
    const importer = detectImporter({ name: path, head: readFileSync(file, "utf8").slice(0, 65536) });
    if (importer.input !== "file") throw new Error("a file format was detected above");
    const inThread = await outcome(importer.parse(createReadStream(file), { ...CTX, file: "input" }));
    expect(await outcome(workerItems(file, format))).toEqual(inThread);
  });
});
