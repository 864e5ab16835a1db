/**
 * `npm run bench:server`: load on the dashboard and the API over loopback.
 *
 * Builds the demo store (scripts/demo-data.ts, imported with importFile) in a
 * temporary directory, starts the server on 127.0.0.1, logs in as a person
 * would, then runs autocannon for BENCH_SECONDS (default 10) per target with
 * 10 connections: the overview page (session cookie) and /api/v1/kpis
 * (bearer token), each with the KPI cache on (the default) and off (every
 * request computes the KPIs, as the CLI does). Prints requests/s and latency
 * percentiles; append what you measured to bench/RESULTS.md by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { parse as parseYaml } from "yaml";
import { generateDemoData } from "../scripts/demo-data.ts";
import { importFile } from "../src/app/import-file.ts";
import { openStore } from "../src/app/open-store.ts";
import { generateToken, hashPassword, sha256 } from "../src/auth/secrets.ts";
import { parseConfig } from "../src/config/load.ts";
import { fileSource } from "../src/importers/file-source.ts";
import { createLogger } from "../src/server/logger.ts";
import { startServer } from "../src/server/start.ts";
import { createAuthStore } from "../src/store/auth-store.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** One client at a time (latency alone), then ten at once (latency under queueing). */
const RUNS = [
  { cacheMs: 60_000, connections: 1 },
  { cacheMs: 60_000, connections: 10 },
  { cacheMs: 0, connections: 10 },
];
const PASSWORD = "bench password 1234";

const dir = mkdtempSync(join(tmpdir(), "secmetrics-bench-server-"));
try {
  const { files, config: configPath } = generateDemoData(join(dir, "data"));
  const config = parseConfig(parseYaml(readFileSync(configPath, "utf8")), configPath);
  const store = await openStore(join(dir, "demo.db"));
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

  const results: string[] = [];
  for (const { cacheMs, connections } of RUNS) {
    const server = await startServer(
      { store, auth, config, logger: createLogger({ level: "warn" }), kpiCacheMs: cacheMs },
      { port: 0, host: "127.0.0.1" },
    );
    try {
      const cookie = await login(server.url);
      const targets: { name: string; path: string; headers: Record<string, string> }[] = [
        { name: "overview page", path: "/", headers: { cookie, accept: "text/html" } },
        { name: "/api/v1/kpis", path: "/api/v1/kpis", headers: { authorization: `Bearer ${token}` } },
      ];
      for (const target of targets) {
        const check = await fetch(`${server.url}${target.path}`, { headers: target.headers });
        if (check.status !== 200) throw new Error(`${target.name}: HTTP ${check.status}`);
        const result = await autocannon({
          url: `${server.url}${target.path}`,
          headers: target.headers,
          connections,
          duration: SECONDS,
          // The load generator in its own thread, so it does not share the server's event loop.
          workers: 1,
        });
        if (result.non2xx > 0 || result.errors > 0)
          throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        const line = `| ${target.name} | ${cacheMs > 0 ? "on" : "off"} | ${connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${result.requests.total} |`;
        results.push(line);
        console.log(line);
      }
    } finally {
      await server.close();
    }
  }
  await store.close();
  console.log(
    `\n${SECONDS} s per row, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, SQLite`,
  );
  console.log(
    "| target | KPI cache | connections | requests/s | p50 ms | p99 ms | max ms | requests |\n|---|---|---:|---:|---:|---:|---:|---:|",
  );
  for (const line of results) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
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
