/**
 * `npm run bench:server`: load on the dashboard and the API over loopback, on
 * SQLite and on PostgreSQL.
 *
 * Builds the demo store (scripts/demo-data.ts, imported with importFile) on
 * each engine (a SQLite file in a temporary directory; a fresh database on
 * the PostgreSQL server, dropped at the end), adds a viewer and a token, then
 * for each run starts the server in a child process (bench/server-process.ts:
 * its peak RSS is the server's alone) on 127.0.0.1, logs in as a person
 * would, and runs autocannon in a worker thread for BENCH_SECONDS (default
 * 10) per target: the overview page (session cookie) and /api/v1/kpis
 * (bearer token). The runs: one client with the KPI cache on (latency alone),
 * BENCH_CONNECTIONS (default 50) clients with the cache on (the default) and
 * off (every request computes the KPIs, as the CLI does).
 *
 * BENCH_ROUNDS (default 1) repeats every run, round after round, so a busy
 * machine's load falls on all of them alike; the table gives the median and,
 * for p99, the range. Errors and non-2xx responses are counted, not fatal.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there.
 * SECMETRICS_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres)
 * is the PostgreSQL server. Append what you measured to bench/RESULTS.md by hand.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { parse as parseYaml } from "yaml";
import { generateDemoData } from "../scripts/demo-data.ts";
import { importFile } from "../src/app/import-file.ts";
import { openStore } from "../src/app/open-store.ts";
import { generateToken, hashPassword, sha256 } from "../src/auth/secrets.ts";
import { parseConfig } from "../src/config/load.ts";
import { median } from "../src/domains/statistics.ts";
import { fileSource } from "../src/importers/file-source.ts";
import { createAuthStore } from "../src/store/auth-store.ts";
import type { ServerProcessMessage } from "./server-process.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const PG_ADMIN_URL = process.env.SECMETRICS_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SERVER_PROCESS = fileURLToPath(new URL("./server-process.ts", import.meta.url));
const RUNS = [
  { cacheMs: 60_000, connections: 1 },
  { cacheMs: 60_000, connections: CONNECTIONS },
  { cacheMs: 0, connections: CONNECTIONS },
];
const TARGETS = ["overview page", "/api/v1/kpis"] as const;
const PASSWORD = "bench password 1234";

interface Engine {
  name: "SQLite" | "PostgreSQL";
  url: string;
  token: string;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  rssBytes: number;
}

const dir = mkdtempSync(join(tmpdir(), "secmetrics-bench-server-"));
const pgDatabase = `secmetrics_bench_server_${process.pid}`;
try {
  const { files, config: configPath } = generateDemoData(join(dir, "data"));
  const engines: Engine[] = [];
  await admin(`create database ${pgDatabase}`);
  for (const [name, url] of [
    ["SQLite", join(dir, "demo.db")],
    ["PostgreSQL", databaseUrl(pgDatabase)],
  ] as const)
    engines.push({ name, url, token: await buildDemoStore(url, files, configPath) });

  const samples = new Map<string, Sample[]>();
  const loads: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    loads.push(
      `round ${round}: load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} at its start`,
    );
    for (const engine of engines)
      for (const run of RUNS) {
        const server = await startServerProcess(engine.url, configPath, run.cacheMs);
        const cookie = await login(server.url);
        const headers: Record<(typeof TARGETS)[number], { path: string; headers: Record<string, string> }> = {
          "overview page": { path: "/", headers: { cookie, accept: "text/html" } },
          "/api/v1/kpis": { path: "/api/v1/kpis", headers: { authorization: `Bearer ${engine.token}` } },
        };
        const results = [];
        for (const target of TARGETS) {
          const { path, headers: h } = headers[target];
          const check = await fetch(`${server.url}${path}`, { headers: h });
          if (check.status !== 200) throw new Error(`${engine.name} ${target}: HTTP ${check.status}`);
          const result = await autocannon({
            url: `${server.url}${path}`,
            headers: h,
            connections: run.connections,
            duration: SECONDS,
            // The load generator in its own thread, so it does not share the server's event loop.
            workers: 1,
          });
          results.push({ target, result });
        }
        const rssBytes = await server.stop();
        for (const { target, result } of results) {
          const key = [engine.name, target, run.cacheMs > 0 ? "on" : "off", run.connections].join("|");
          const sample: Sample = {
            rps: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            max: result.latency.max,
            requests: result.requests.total,
            errors: result.errors + result.timeouts,
            non2xx: result.non2xx,
            rssBytes,
          };
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.log(`round ${round} ${key}: ${JSON.stringify(sample)}`);
        }
      }
  }
  loads.push(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} at the end`,
  );
  console.log(
    `\n${SECONDS} s per row, ${ROUNDS} round(s), ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  );
  for (const line of loads) console.log(line);
  console.log(
    "\n| engine | target | KPI cache | connections | requests/s | p50 ms | p99 ms (min–max) | max ms | errors | non-2xx | server peak RSS MB |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const [key, runs] of samples) {
    const [engine, target, cache, connections] = key.split("|");
    const mid = (pick: (s: Sample) => number) => median(runs.map(pick)) ?? Number.NaN;
    const p99s = runs.map((s) => s.p99);
    const sum = (pick: (s: Sample) => number) => runs.reduce((total, s) => total + pick(s), 0);
    console.log(
      `| ${engine} | ${target} | ${cache} | ${connections} | ${mid((s) => s.rps).toFixed(0)} | ${mid((s) => s.p50)} | ${mid((s) => s.p99)} (${Math.min(...p99s)}–${Math.max(...p99s)}) | ${mid((s) => s.max)} | ${sum((s) => s.errors)} | ${sum((s) => s.non2xx)} | ${(mid((s) => s.rssBytes) / 1024 / 1024).toFixed(0)} |`,
    );
  }
} finally {
  await admin(`drop database if exists ${pgDatabase} with (force)`);
  rmSync(dir, { recursive: true, force: true });
}

/** The demo data imported into a new store at `url`, a viewer to log in as and a token; returns the token. */
async function buildDemoStore(url: string, files: readonly string[], configPath: string): Promise<string> {
  const config = parseConfig(parseYaml(readFileSync(configPath, "utf8")), configPath);
  const store = await openStore(url);
  try {
    for (const file of files)
      await importFile(store, {
        source: fileSource(file),
        options: { timezone: config.timezone },
        now: Date.now(),
      });
    const auth = createAuthStore(store);
    const hash = await hashPassword(PASSWORD);
    const user = await auth.addUser({ name: "bench", role: "viewer", password_hash: hash, now: Date.now() });
    await auth.setPassword(user.id, hash, false, Date.now());
    const token = generateToken();
    await auth.createToken({
      name: "bench",
      role: "viewer",
      token_hash: sha256(token),
      created_by: "bench",
      now: Date.now(),
    });
    return token;
  } finally {
    await store.close();
  }
}

/** bench/server-process.ts on the store at `url`; `stop` closes it and returns its peak RSS. */
async function startServerProcess(
  url: string,
  configPath: string,
  cacheMs: number,
): Promise<{ url: string; stop(): Promise<number> }> {
  const child: ChildProcess = fork(SERVER_PROCESS, [url, configPath, String(cacheMs)], {
    execArgv: [...process.execArgv, ...(CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", CPU_PROF] : [])],
  });
  const next = () =>
    new Promise<ServerProcessMessage>((resolve, reject) => {
      child.once("message", (message) => resolve(message as ServerProcessMessage));
      child.once("exit", (code) => reject(new Error(`the server process exited with ${code}`)));
    });
  const { url: serverUrl } = await next();
  if (!serverUrl) throw new Error("the server process sent no URL");
  return {
    url: serverUrl,
    async stop() {
      const stopped = next();
      child.send("stop");
      const { maxRssBytes } = await stopped;
      await new Promise((resolve) => child.once("exit", resolve));
      return maxRssBytes ?? Number.NaN;
    },
  };
}

/** The login form, as a browser submits it; returns the session cookie. */
async function login(url: string): Promise<string> {
  const form = await fetch(`${url}/login`);
  const loginCookie = (form.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: loginCookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, name: "bench", password: PASSWORD, next: "/" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("secmetrics_session="));
  if (response.status !== 303 || !session) throw new Error(`login failed: HTTP ${response.status}`);
  return session.split(";")[0] as string;
}

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
