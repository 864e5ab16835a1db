import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_MIN_BYTES } from "../app/import-file.ts";
import { requireBuiltCli } from "../test-support/cli.ts";
import { ENGINES } from "../test-support/engines.ts";

/**
 * The built CLI run with a module hook that lists every file it loads
 * through `import`, and a preload that lists, as it exits, every CommonJS
 * module it loaded through `require` (the database drivers and the YAML
 * parser are required when used). A file of the bundle stands for the
 * source modules the bundle's metafile puts in it. Each is named by its
 * package, or by its path below the project. Counting modules rather than
 * timing keeps the test exact on a busy machine; `npm run bench` has the timings.
 */
function loadedBy(dir: string, args: readonly string[], cwd = dir): string[] {
  const log = join(dir, `loaded-${process.hrtime.bigint()}.txt`);
  const result = spawnSync(
    process.execPath,
    [
      "--require",
      join(dir, "required.cjs"),
      "--import",
      pathToFileURL(join(dir, "register.mjs")).href,
      resolve("bin/secmetrics.js"),
      ...args,
    ],
    { cwd, encoding: "utf8", env: { ...process.env, LOADED_LOG: log, SECMETRICS_DB: "" } },
  );
  expect(result.status, result.stderr).toBe(0);
  const bundle = bundledModules();
  const loaded = readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((url) => (url.startsWith("file:") ? fileURLToPath(url) : url))
    .filter((path) => !path.startsWith(dir))
    .flatMap((path) => bundle.get(relative(process.cwd(), path)) ?? [path]);
  return [
    ...new Set(
      loaded.map((path) => {
        const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
        return pkg?.[1] ?? relative(process.cwd(), path);
      }),
    ),
  ];
}

/** The source modules in each `.js` file of the bundle, by the file's path below the project. */
function bundledModules(): Map<string, string[]> {
  const { outputs } = JSON.parse(readFileSync(resolve("dist/bundle/meta.json"), "utf8")) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return new Map(Object.entries(outputs).map(([file, { inputs }]) => [file, Object.keys(inputs)]));
}

/** Modules that only the server, the importers or another engine need. */
const SERVER = ["hono", "@hono/node-server", "pino", "playwright-core"];
const IMPORTER_PARSERS = ["csv-parse", "@streamparser/json"];

/** A one-line sshd log, as `secmetrics import` reads it. */
const AUTH_LOG = "Sep  2 10:00:01 web sshd[100]: Failed password for root from 203.0.113.9 port 4000 ssh2\n";

/** What start-up may load besides commander and the command definitions. */
const START_UP = [
  "bin/secmetrics.js",
  "src/cli/help-values.ts",
  "src/cli/main.ts",
  "src/model/errors.ts",
  "src/model/role.ts",
  "src/model/tls-protocol.ts",
  "src/report/report-kinds.ts",
  // Error messages go through it; it needs nothing but model/errors.
  "src/report/terminal-text.ts",
];

describe("secmetrics start-up", () => {
  let dir: string;

  beforeAll(() => {
    requireBuiltCli();
    dir = mkdtempSync(join(tmpdir(), "secmetrics-startup-"));
    writeFileSync(
      join(dir, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.LOADED_LOG, url + "\\n");
  return next(url, context);
}
`,
    );
    writeFileSync(
      join(dir, "register.mjs"),
      `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`,
    );
    writeFileSync(
      join(dir, "required.cjs"),
      `const { appendFileSync } = require("node:fs");
process.on("exit", () => appendFileSync(process.env.LOADED_LOG, Object.keys(require.cache).join("\\n") + "\\n"));
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(["--version", "--help", "kpis --help", "import --help", "users add --help"])(
    "%s loads no command's action, store, config or report modules",
    (line) => {
      const loaded = new Set(loadedBy(dir, line.split(" ")));
      const definitions = [...loaded].filter((path) => /^src\/cli\/commands\/[a-z0-9]+\.ts$/.test(path));
      // One definition per command: audit, catalog, drill, evidence, exceptions, export, findings,
      // import, imports, init, kpis, maturity, notify, probe, questionnaire, recommendations, report,
      // review, serve, sources, targets, tokens, trust, users, web3, pull, postmortem.
      expect(definitions).toHaveLength(27);
      expect([...loaded].filter((path) => !definitions.includes(path)).sort()).toEqual(
        ["commander", ...START_UP].sort(),
      );
    },
  );

  it("loads a command's action and what it needs when the command runs", () => {
    const loaded = loadedBy(dir, ["catalog", "--format", "json"]);
    expect(loaded).toContain("src/cli/commands/catalog-action.ts");
    expect(loaded).toContain("zod");
    // The catalog needs the config and the domain packs' definitions, but opens no database.
    expect(loaded).not.toContain("better-sqlite3");
    expect(loaded).not.toContain("pg");
    expect(loaded).not.toContain("src/store/kysely-store.ts");
    // No config file: no YAML parser.
    expect(loaded).not.toContain("yaml");
  });

  it("loads the YAML parser when there is a config file to read", () => {
    const cwd = mkdtempSync(join(dir, "config-"));
    writeFileSync(join(cwd, "secmetrics.yaml"), "organisation: Example\n");
    expect(loadedBy(dir, ["catalog", "--format", "json"], cwd)).toContain("yaml");
  });

  // 100,000 records to write: half a minute on a loaded machine, hence the longer timeout.
  it("parses a file over the worker threshold in the parse worker's own file of the bundle", () => {
    const cwd = mkdtempSync(join(dir, "large-"));
    // 100,000 sshd lines of 92 bytes: 9.2 MB, over WORKER_MIN_BYTES (8 MiB).
    const lines = Array.from(
      { length: 100_000 },
      (_, i) =>
        `Sep  2 10:00:01 web sshd[${100_000 + i}]: Failed password for root from 203.0.113.9 port 40000 ssh2\n`,
    );
    writeFileSync(join(cwd, "auth.log"), lines.join(""));
    expect(Buffer.byteLength(lines.join(""))).toBeGreaterThan(WORKER_MIN_BYTES);
    // The worker thread runs the same module hook (it inherits --import), so its entry is listed too.
    const loaded = loadedBy(
      dir,
      ["--db", join(cwd, "large.db"), "import", "auth.log", "--year", "2026"],
      cwd,
    );
    expect(loaded).toContain("src/importers/worker/parse-worker.ts");
  }, 120_000);

  for (const engine of ENGINES) {
    // On SQLite, PostgreSQL's COPY streams are not loaded either.
    const [driver, otherDriver, ...postgresOnly] =
      engine.name === "sqlite" ? ["better-sqlite3", "pg", "pg-copy-streams"] : ["pg", "better-sqlite3"];

    it(`import into ${engine.name} loads the importers and ${driver}, not ${otherDriver} nor the server`, async () => {
      const { url, dispose } = await engine.create();
      try {
        writeFileSync(join(dir, "auth.log"), AUTH_LOG);
        const loaded = loadedBy(dir, ["--db", url, "import", "auth.log", "--year", "2026"]);
        expect(loaded).toContain("src/importers/sshd/sshd.ts");
        expect(loaded).toContain(driver);
        // A log import parses no Solidity: the parser loads when a deployments folder's sources are read.
        const notForALog = ["yaml", "cli-progress", "@solidity-parser/parser"];
        for (const unused of [otherDriver, ...postgresOnly, ...notForALog, ...SERVER])
          expect(loaded, unused).not.toContain(unused);
        expect(loaded.filter((path) => path.startsWith("src/server/"))).toEqual([]);
      } finally {
        await dispose();
      }
    });

    it(`kpis on ${engine.name} loads the store and ${driver}, no importer, ${otherDriver} nor the server`, async () => {
      const { url, dispose } = await engine.create();
      try {
        writeFileSync(join(dir, "auth.log"), AUTH_LOG);
        loadedBy(dir, ["--db", url, "import", "auth.log", "--year", "2026"]);
        const loaded = loadedBy(dir, ["--db", url, "kpis", "--format", "json"]);
        expect(loaded).toContain("src/store/kysely-store.ts");
        expect(loaded).toContain(driver);
        for (const unused of [otherDriver, ...postgresOnly, "yaml", ...IMPORTER_PARSERS, ...SERVER])
          expect(loaded, unused).not.toContain(unused);
        expect(loaded.filter((path) => /^src\/(importers|server)\//.test(path))).toEqual([]);
      } finally {
        await dispose();
      }
    });
  }
});
