/**
 * The demo's scheduled sources: the organisation's scan exports and incident
 * export, which `secmetrics serve` would read again on their schedules. They
 * were imported above, so running them now shows the run recorded and every
 * file unchanged: a schedule re-reads a folder without importing anything twice.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";

export async function runDemoSources(
  run: (...args: string[]) => Promise<void>,
  config: string,
  dataDir: string,
): Promise<void> {
  appendFileSync(
    config,
    `
# What \`secmetrics serve\` reads on a schedule (\`secmetrics sources list\`).
sources:
  - name: nightly-scans
    kind: files
    path: ${join(dataDir, "scans", "trivy-*.json")}
    format: trivy
    schedule: "15 2 * * *"
  - name: incident-export
    kind: files
    path: ${join(dataDir, "incidents.csv")}
    schedule: "0 7 * * 1-5"
    timezone: Europe/Berlin
`,
  );
  console.log("");
  await run("sources", "run");
  await run("sources", "list");
}
