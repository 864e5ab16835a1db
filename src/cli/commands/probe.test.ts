import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { computeKpis } from "../../app/compute-kpis.ts";
import { drillDown } from "../../app/drill-down.ts";
import { openStore } from "../../app/open-store.ts";
import { parseConfig } from "../../config/load.ts";
import { buildProgram } from "../main.ts";

let dir: string;
let http: HttpServer;
let tls: TlsServer;
let url: string;
let endpoint: string;

async function listen(server: HttpServer | TlsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "secmetrics-probe-"));
  // Sends two of the baseline's headers right and one it says to remove.
  http = createHttpServer((_request, response) => {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Powered-By", "Express");
    response.end("ok");
  });
  url = `http://127.0.0.1:${await listen(http)}/`;
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"].concat([
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ]),
    { stdio: "ignore" },
  );
  // Accepts TLS 1.2 only: below a TLS 1.3 minimum.
  tls = createTlsServer(
    {
      key: readFileSync(join(dir, "key.pem")),
      cert: readFileSync(join(dir, "cert.pem")),
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
    },
    (socket) => socket.end(),
  );
  tls.on("tlsClientError", () => undefined);
  endpoint = `127.0.0.1:${await listen(tls)}`;
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise((resolve) => tls.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await buildProgram().parseAsync(["node", "secmetrics", ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join("");
}

describe("secmetrics probe", () => {
  it("stores each run like an import and feeds the probe metrics", async () => {
    const db = join(dir, "headers.db");
    const config = join(dir, "secmetrics.yaml");
    writeFileSync(
      config,
      `probes:\n  urls: ["${url}"]\n  endpoints: ["${endpoint}"]\n  minimum_tls: TLSv1.3\n`,
    );

    const headers = JSON.parse(await cli(["--db", db, "probe", "--format", "json", "headers", url]));
    expect(headers.run.probe).toBe("headers");
    const drift = headers.run.security_header_drift as number;
    expect(drift).toBeGreaterThan(0);
    expect(await cli(["--db", db, "--config", config, "probe", "tls"])).toMatch(
      new RegExp(`${endpoint}: accepts TLSv1.2; below TLSv1.3: TLSv1.2`),
    );
    // No arguments: both probes, from the config.
    expect(await cli(["--db", db, "--config", config, "probe"])).toMatch(
      /security_header_drift: \d+[\s\S]*tls_downgrade_attempts: 1/,
    );

    const store = await openStore(db);
    try {
      const imports = await store.listImports();
      expect(imports.map((i) => [i.format, i.file_name, i.records])).toEqual([
        ["probe-headers", `probe:headers:${url}`, 1],
        ["probe-tls", `probe:tls:${endpoint}`, 1],
        ["probe-headers", `probe:headers:${url}`, 1],
        ["probe-tls", `probe:tls:${endpoint}`, 1],
      ]);
      expect(imports[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const now = Date.now();
      const period = new Date(now).toISOString().slice(0, 7);
      const kpis = await computeKpis(store, period, { config: parseConfig({}), now });
      const metric = (id: string) => kpis.metrics.find((m) => m.id === id);
      expect(metric("security_header_drift")?.value).toBe(drift);
      expect(metric("tls_downgrade_attempts")?.value).toBe(1);
      const rows = (await drillDown(store, "security_header_drift", period, parseConfig({}))).rows;
      expect(rows.filter((r) => r.counted)).toHaveLength(drift);
      expect(rows.find((r) => r.fields.header === "X-Powered-By")).toMatchObject({ counted: false });
      expect(rows.some((r) => r.fields.header === "X-Frame-Options")).toBe(false);
    } finally {
      await store.close();
    }
  }, 30_000);
});
