/**
 * `npx tsx bench/trivy.ts`: import a ~100 MB Trivy JSON report (generated
 * deterministically, SchemaVersion 2) into a fresh SQLite store and, when it
 * is reachable, a fresh PostgreSQL database; report MB/s and peak RSS.
 *
 * Each import runs in its own child process so that generating the file does
 * not count towards the import's memory; peak RSS is the child's
 * `resourceUsage().maxRSS` (the kernel's ru_maxrss), taken after the import.
 *
 * Environment: BENCH_TRIVY_MB (default 100) sizes the file;
 * SECMETRICS_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { importFile } from "../src/app/import-file.ts";
import { openStore } from "../src/app/open-store.ts";
import { fileSource } from "../src/importers/file-source.ts";

const OUT = resolve("bench/out");
const THIS_FILE = fileURLToPath(import.meta.url);
const TARGET_MB = Number(process.env.BENCH_TRIVY_MB ?? 100);
const PG_ADMIN_URL = process.env.SECMETRICS_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESULT_PREFIX = "BENCH_RESULT ";
const VULNS_PER_RESULT = 1000;

interface ChildResult {
  ms: number;
  records: number;
  maxRssMb: number;
}

/** Writes the report in pieces (never one big string), deterministically: the same bytes on every run. */
async function generate(path: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((done) => (out.write(text) ? done() : out.once("drain", () => done())));
  let bytes = 0;
  const put = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await write(text);
  };
  await put(
    `{\n  "SchemaVersion": 2,\n  "Trivy": { "Version": "0.56.2" },\n  "CreatedAt": "2026-10-05T03:00:00Z",\n` +
      `  "ArtifactName": "registry.example.com/monorepo:bench",\n  "ArtifactType": "container_image",\n` +
      `  "Metadata": { "OS": { "Family": "debian", "Name": "12.5" } },\n  "Results": [\n`,
  );
  const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
  let findings = 0;
  for (let result = 0; bytes < targetBytes; result++) {
    const vulns: string[] = [];
    for (let i = 0; i < VULNS_PER_RESULT; i++) {
      const n = result * VULNS_PER_RESULT + i;
      const pkg = `pkg-${result}-${i % 97}`;
      vulns.push(
        JSON.stringify(
          {
            VulnerabilityID: `CVE-2026-${String(10_000 + (n % 90_000))}`,
            PkgID: `${pkg}@1.${i % 13}.${i % 7}`,
            PkgName: pkg,
            InstalledVersion: `1.${i % 13}.${i % 7}`,
            FixedVersion: `1.${i % 13}.${(i % 7) + 1}`,
            Status: "fixed",
            Relationship: i % 3 === 0 ? "direct" : "indirect",
            SeveritySource: "ghsa",
            PrimaryURL: `https://avd.aquasec.com/nvd/cve-2026-${10_000 + (n % 90_000)}`,
            Title: `${pkg}: denial of service through crafted input in the parser (${n})`,
            Description:
              "A crafted input can make the parser allocate without bound. Upgrade to the fixed version; no workaround is known.",
            Severity: severities[n % severities.length],
            CweIDs: ["CWE-400"],
            References: [`https://github.com/advisories/GHSA-bench-${n}`],
            PublishedDate: "2026-01-15T10:15:00Z",
            LastModifiedDate: "2026-02-01T08:00:00Z",
          },
          null,
          2,
        ).replace(/\n/g, "\n        "),
      );
      findings++;
    }
    const last = bytes + vulns.join("").length >= targetBytes;
    await put(
      `    {\n      "Target": "services/svc-${result}/package-lock.json",\n      "Class": "lang-pkgs",\n      "Type": "npm",\n` +
        `      "Vulnerabilities": [\n        ${vulns.join(",\n        ")}\n      ]\n    }${last ? "" : ","}\n`,
    );
    if (last) break;
  }
  await put("  ]\n}\n");
  await new Promise<void>((done) => out.end(done));
  return findings;
}

async function child(file: string, url: string): Promise<void> {
  const store = await openStore(url);
  const started = performance.now();
  const outcome = await importFile(store, {
    source: fileSource(file),
    format: "trivy",
    options: { timezone: "UTC" },
    now: Date.parse("2026-11-01T00:00:00Z"),
  });
  const ms = performance.now() - started;
  await store.close();
  const result: ChildResult = {
    ms,
    records: outcome.import.records,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

function runChild(file: string, url: string): ChildResult {
  const run = spawnSync(process.execPath, ["--import", "tsx", THIS_FILE, "--child", file, url], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = run.stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (run.status !== 0 || !line) throw new Error(`import failed:\n${run.stderr}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult;
}

async function postgresUrl(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const name = `secmetrics_bench_trivy_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch {
    return undefined;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `trivy-${TARGET_MB}mb.json`);
  if (!existsSync(file)) {
    const findings = await generate(file, TARGET_MB * 1024 * 1024);
    console.log(`generated ${file} (${findings} vulnerabilities)`);
  }
  const mb = statSync(file).size / 1024 / 1024;
  const rows: string[] = [];
  const report = (engine: string, result: ChildResult) => {
    const row = `| ${engine} | ${mb.toFixed(1)} | ${result.records} | ${(result.ms / 1000).toFixed(1)} | ${(mb / (result.ms / 1000)).toFixed(1)} | ${result.maxRssMb.toFixed(0)} |`;
    rows.push(row);
    console.log(row);
  };
  console.log("| engine | MB | findings | seconds | MB/s | peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|");
  const db = join(OUT, "trivy.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
  report("SQLite", runChild(file, db));
  const postgres = await postgresUrl();
  if (postgres) {
    try {
      report("PostgreSQL", runChild(file, postgres.url));
    } finally {
      await postgres.drop();
    }
  } else {
    console.log(`(PostgreSQL not reachable at ${PG_ADMIN_URL}: skipped)`);
  }
}

if (process.argv[2] === "--child") await child(process.argv[3] as string, process.argv[4] as string);
else await main();
