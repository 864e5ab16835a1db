import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The built CLI run with a module hook that lists every module it loads.
 * Counting modules rather than timing keeps the test exact on a busy machine;
 * `npm run bench` has the timings.
 */
function loadedBy(dir: string, ...args: string[]): string[] {
  const log = join(dir, `loaded-${args.join("_")}.txt`);
  const result = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(join(dir, "register.mjs")).href, resolve("bin/secmetrics.js"), ...args],
    { cwd: dir, encoding: "utf8", env: { ...process.env, LOADED_LOG: log } },
  );
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((url) => {
      const path = url.startsWith("file:") ? fileURLToPath(url) : url;
      const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      return pkg?.[1] ?? relative(process.cwd(), path);
    });
}

/** What start-up may load besides commander and the command definitions. */
const START_UP = [
  "bin/secmetrics.js",
  "dist/cli/help-values.js",
  "dist/cli/main.js",
  "dist/model/errors.js",
  "dist/model/role.js",
  "dist/model/tls-protocol.js",
  "dist/report/report-kinds.js",
  // Error messages go through it; it needs nothing but model/errors.
  "dist/report/terminal-text.js",
];

describe("secmetrics start-up", () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(resolve("dist/cli/main.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
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
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(["--version", "--help", "kpis --help", "import --help", "users add --help"])(
    "%s loads no command's action, store, config or report modules",
    (line) => {
      const loaded = new Set(loadedBy(dir, ...line.split(" ")));
      const definitions = [...loaded].filter((path) => /^dist\/cli\/commands\/[a-z]+\.js$/.test(path));
      // One definition per command: audit, catalog, drill, export, findings, import, imports, init,
      // kpis, probe, report, serve, targets, tokens, users.
      expect(definitions).toHaveLength(15);
      expect([...loaded].filter((path) => !definitions.includes(path)).sort()).toEqual(
        ["commander", ...START_UP].sort(),
      );
    },
  );

  it("loads a command's action and what it needs when the command runs", () => {
    const loaded = loadedBy(dir, "catalog", "--format", "json");
    expect(loaded).toContain("dist/cli/commands/catalog-action.js");
    expect(loaded).toContain("zod");
    // The catalog needs the config and the domain packs' definitions, but opens no database.
    expect(loaded).not.toContain("better-sqlite3");
    expect(loaded).not.toContain("pg");
    expect(loaded).not.toContain("dist/store/kysely-store.js");
  });
});
