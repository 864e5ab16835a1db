/**
 * `npm run demo`: the main job end to end on the embedded SQLite default.
 * Builds a fresh store under ./demo from the bundled sample organisation,
 * writes both reports to ./demo/reports and prints the scorecard — through
 * the real CLI, so the demo shows exactly what a user's commands do.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { main } from "../src/cli/main.ts";
import { generateDemoData } from "./demo-data.ts";

const DEMO_DIR = "demo";
const PERIOD = "2026-10";

async function run(...args: string[]): Promise<void> {
  await main(["node", "secmetrics", "--db", join(DEMO_DIR, "secmetrics.db"), "--config", config, ...args]);
  if (process.exitCode) throw new Error(`secmetrics ${args.join(" ")} failed`);
}

rmSync(DEMO_DIR, { recursive: true, force: true });
const { files, config } = generateDemoData(join(DEMO_DIR, "data"));
console.log(`Northwind Payments sample data in ${join(DEMO_DIR, "data")}\n`);

await run("import", "--no-progress", ...files);
for (const kind of ["iteration", "scorecard"]) {
  for (const format of ["md", "html"]) {
    await run(
      "report",
      kind,
      "--period",
      PERIOD,
      "--format",
      format,
      "--out",
      join(DEMO_DIR, "reports", `${kind}-${PERIOD}.${format}`),
    );
  }
}
console.log("");
await run("report", "scorecard", "--period", PERIOD, "--format", "md");
console.log(`Next:
  npx secmetrics --db demo/secmetrics.db --config ${config} kpis --period ${PERIOD}
  npx secmetrics --db demo/secmetrics.db --config ${config} drill mttd --period ${PERIOD}
  open demo/reports/scorecard-${PERIOD}.html`);
