import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { MonitorCheck } from "../../domains/monitor-health/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { heartbeatLog } from "./heartbeat-log.ts";

const fixture = fileURLToPath(new URL("fixtures/backup-heartbeat.log", import.meta.url));

async function parse(target?: string) {
  const items: RecordItem<MonitorCheck>[] = [];
  const ctx = { timezone: "UTC", file: "backup-heartbeat.log", ...(target ? { target } : {}) };
  for await (const item of heartbeatLog.parse(createReadStream(fixture), ctx)) items.push(item);
  return items;
}

describe("heartbeat-log (hand-made)", () => {
  it("is detected by its name and a first line that begins with an instant", async () => {
    const head = await readFile(fixture, "utf8");
    expect(detectImporter({ name: "backup-heartbeat.log", head }).id).toBe("heartbeat-log");
  });

  it("reads one check per heartbeat and skips the line without an instant", async () => {
    const items = await parse();
    const checks = items.flatMap((item) => ("record" in item ? [item.record] : []));
    // grep -c 'backup-job exit' → 28; the warning on line 14 (after the 15th's heartbeat) has no instant.
    expect(checks.length).toBe(28);
    expect(items.filter((item) => "skipped" in item)).toEqual([
      { line: 14, skipped: '"backup-job:" is not an instant' },
    ]);
    // Line 5 is epoch seconds: 1788566400 = 2026-09-05T00:00:00Z.
    expect(checks[4]).toMatchObject({
      target: "backup-job",
      at: Date.parse("2026-09-05T00:00:00Z"),
      up: true,
    });
    expect(checks.every((check) => check.source === "heartbeat" && check.up)).toBe(true);
  });

  it("names the target after --target when given", async () => {
    const items = await parse("nightly-backup");
    expect(items.find((item) => "record" in item)).toMatchObject({ record: { target: "nightly-backup" } });
  });
});
