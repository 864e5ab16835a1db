/**
 * `npm run build`'s second step: bundles the CLI into `dist/bundle/`, which
 * `bin/secmetrics.js` runs. Loaded module by module from `dist/`, a command
 * opened some 500 files (kysely and zod alone over 350) and spent most of
 * its start-up resolving and compiling them; a bundle is a few files.
 *
 * Code splitting keeps the CLI's lazy loading: each command's action is a
 * dynamic import, so it becomes its own chunk with whatever it alone needs,
 * and `--version` or `--help` load the entry chunk only. The parse worker is
 * an entry point of its own. Every file lands flat in the one directory, so
 * `parse-in-worker.ts` finds `parse-worker.js` beside the chunk it is in, as
 * it finds it beside itself in `dist/importers/worker/`.
 *
 * `dist/bundle/meta.json` names the source modules in each output file; the
 * start-up test reads it to tell which modules a command loaded.
 */
import { rmSync, writeFileSync } from "node:fs";
import { build, type Plugin } from "esbuild";

const BUNDLE_DIR = "dist/bundle";

/**
 * Packages loaded from node_modules at run time: native addons
 * (better-sqlite3, and pg whose optional pg-native is one), pg-copy-streams
 * beside the pg it extends, pino (its transports start worker threads from
 * files of their own) and playwright-core (it finds its browser scripts
 * beside its modules). yaml and @solidity-parser/parser are never seen by
 * esbuild: each is required through `createRequire` when its input is read
 * (the parser's CommonJS build also reads `__filename`, which an ES module
 * bundle does not define), and resolves from the bundle's directory as from
 * `dist/`.
 */
const EXTERNAL = ["better-sqlite3", "pg", "pg-copy-streams", "pino", "playwright-core"];

/**
 * CommonJS packages in the bundle (commander, cli-table3 …) `require` Node's
 * own modules; in an ES module output that needs a `require` to call.
 */
const REQUIRE =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * zod's `z.locales`: error messages in some forty languages, 366 KB of the
 * 750 KB zod adds to every command that reads the config. secmetrics never
 * switches zod's locale (the English one zod sets itself comes from its own
 * module), so the namespace, re-exported by zod's core and classic API, is
 * bundled empty.
 */
const withoutZodLocales: Plugin = {
  name: "without-zod-locales",
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/][^\\/]+\.js$/.test(importer)
        ? { path: "zod-locales", namespace: "without-zod-locales" }
        : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: "without-zod-locales" }, () => ({ contents: "export {};" }));
  },
};

/**
 * luxon's package gives `import` its ES module build and `require` its
 * CommonJS one, so cron-parser (CommonJS, which `require`s it) brought a
 * second copy of luxon's 250 KB into every command that reads the config.
 * Its `require` gets the ES module build too: one luxon, loaded once.
 */
const oneLuxon: Plugin = {
  name: "one-luxon",
  setup(bundle) {
    bundle.onResolve({ filter: /^luxon$/ }, async ({ kind, resolveDir }) => {
      if (kind !== "require-call") return undefined;
      const { path, errors } = await bundle.resolve("luxon", { kind: "import-statement", resolveDir });
      return { path, errors };
    });
  },
};

rmSync(BUNDLE_DIR, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: {
    main: "src/cli/main.ts",
    "parse-worker": "src/importers/worker/parse-worker.ts",
  },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  banner: { js: REQUIRE },
  sourcemap: true,
  metafile: true,
  plugins: [withoutZodLocales, oneLuxon],
  logLevel: "warning",
});
writeFileSync(`${BUNDLE_DIR}/meta.json`, JSON.stringify(metafile));
