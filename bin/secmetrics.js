#!/usr/bin/env node
// The CLI bundle (scripts/bundle.ts): a few files to load instead of hundreds of modules.
import("../dist/bundle/main.js").then((cli) => cli.main(process.argv));
