/**
 * `npm run demo`: the main job end to end on the embedded SQLite default.
 * Builds a fresh store under ./demo from the bundled sample organisation,
 * writes both reports to ./demo/reports and prints the scorecard — through
 * the real CLI, so the demo shows exactly what a user's commands do.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../src/app/open-store.ts";
import { addUser } from "../src/auth/accounts.ts";
import { main } from "../src/cli/main.ts";
import { createAuthStore } from "../src/store/auth-store.ts";
import { generateDemoData } from "./demo-data.ts";
import { recordDemoTrackerWork } from "./demo-loop.ts";
import { runDemoSources } from "./demo-sources.ts";
import { demoTrustCenter } from "./demo-trust.ts";
import { demoTrustEvidence } from "./demo-trust-evidence.ts";

const DEMO_DIR = "demo";
const PERIOD = "2026-10";
const QUARTER = "2026-Q3";
const QUARTERLY_REVIEW = [
  "review",
  "record",
  "--quarter",
  QUARTER,
  "--reviewed-by",
  "CISO and the security steering committee",
  "--date",
  "2026-10-14T14:00:00Z",
  "--decision",
  "Extend every login fix to all login endpoints: credential stuffing came back on merchant-portal",
  "--decision",
  "Security keys for all finance staff by the end of Q4",
  "--decision",
  "Data platform to close the just-in-time access item before the next review",
];

async function run(...args: string[]): Promise<void> {
  await main(["node", "secmetrics", "--db", join(DEMO_DIR, "secmetrics.db"), "--config", config, ...args]);
  if (process.exitCode) throw new Error(`secmetrics ${args.join(" ")} failed`);
}

rmSync(DEMO_DIR, { recursive: true, force: true });
const { files, registries, config, pulls } = generateDemoData(join(DEMO_DIR, "data"));
console.log(`Northwind Payments sample data in ${join(DEMO_DIR, "data")}\n`);

await run("import", "--no-progress", ...files);
// A deployments folder says no time of its own: each monthly snapshot is placed where it was taken.
for (const { folder, scannedAt } of registries)
  await run("import", "--no-progress", "--scanned-at", scannedAt, folder);
// A Safe Transaction Service response says no time either: each pull is placed when it ran.
for (const { file, scannedAt } of pulls)
  await run("import", "--no-progress", "--scanned-at", scannedAt, file);
await recordDemoTrackerWork(join(DEMO_DIR, "secmetrics.db"));
// Before the reports, so that they show the trust figures: deals, questionnaires, security.txt.
await demoTrustEvidence(run, DEMO_DIR);
await demoTrustCenter(run, join(DEMO_DIR, "data"), join(DEMO_DIR, "trust-site"), PERIOD);
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
// The third quarter's review met in October; its quarterly pack shows the decisions.
await run(...QUARTERLY_REVIEW);
for (const format of ["md", "html"])
  await run(
    "report",
    "quarterly",
    "--quarter",
    QUARTER,
    "--format",
    format,
    "--out",
    join(DEMO_DIR, "reports", `quarterly-${QUARTER}.${format}`),
  );
console.log("");
await run("report", "scorecard", "--period", PERIOD, "--format", "md");
// The scorecard names two images nobody scans any more; statements-batch was decommissioned, so
// it is retired from now on (October's figures, judged before now, keep counting its finding).
console.log("");
await run(
  "targets",
  "retire",
  "registry.northwind.example/statements-batch:main",
  "--reason",
  "decommissioned after the September statement run",
);
await run("targets", "list");
await runDemoSources(run, config, join(DEMO_DIR, "data"));
// The public version of the July credential stuffing post-mortem, as the folder stood at October's end.
await run(
  "postmortem",
  "publish",
  "INC-2026-0142",
  "--from",
  join(DEMO_DIR, "data", "learning", "postmortems-2026-10"),
  "--out",
  join(DEMO_DIR, "reports", "postmortem-INC-2026-0142.md"),
);
const admin = await createDemoAdmin();
console.log(`Next:
  npx secmetrics --db demo/secmetrics.db --config ${config} kpis --period ${PERIOD}
  npx secmetrics --db demo/secmetrics.db --config ${config} drill mttd --period ${PERIOD}
  npx secmetrics --db demo/secmetrics.db --config ${config} findings --status not_rescanned --period ${PERIOD}
  npx secmetrics --db demo/secmetrics.db --config ${config} maturity --period ${PERIOD}
  open demo/reports/scorecard-${PERIOD}.html
  open demo/reports/quarterly-${QUARTER}.html

Dashboard, JSON API and /metrics on the demo store:
  npx secmetrics --db demo/secmetrics.db --config ${config} serve --port 8080
  open http://127.0.0.1:8080/?period=${PERIOD}
  log in as "${admin.name}" with the one-time password ${admin.password}
  (you choose your own password at first login; \`secmetrics users add\` makes more users,
  \`secmetrics tokens create --role viewer --name grafana\` a token for machines)`);

/** An admin of the demo store, as `secmetrics users add admin --role admin` makes one. */
async function createDemoAdmin(): Promise<{ name: string; password: string }> {
  const store = await openStore(join(DEMO_DIR, "secmetrics.db"));
  try {
    const { user, password } = await addUser(createAuthStore(store), {
      name: "admin",
      role: "admin",
      actor: "demo",
      now: Date.now(),
    });
    return { name: user.name, password };
  } finally {
    await store.close();
  }
}
