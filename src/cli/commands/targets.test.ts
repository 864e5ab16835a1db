import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";

const ALPINE = fileURLToPath(new URL("../../importers/trivy/fixtures/alpine-310.json", import.meta.url));
const TARGET = "testdata/fixtures/images/alpine-310.tar.gz";

/** The audit log's entries about scan targets, newest first. */
async function targetAudit(db: string): Promise<{ action: string; target: string; detail: unknown }[]> {
  const entries: { action: string; target: string; detail: unknown }[] = JSON.parse(
    (await runCli(db, "audit", "--format", "json")).stdout,
  );
  return entries.filter((entry) => entry.action.startsWith("target."));
}

/* Trivy's alpine-310 golden file: one image scanned on 2021-08-25 with 4 medium findings. */
describe("secmetrics targets", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-targets-"));
    db = join(dir, "store.db");
    expect((await runCli(db, "import", "--no-progress", ALPINE)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the image as not rescanned, with ISO 8601 times in JSON", async () => {
    const listed = await runCli(db, "targets", "list", "--format", "json");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      retire_after_days: 30,
      targets: [
        {
          target: TARGET,
          tool: "trivy",
          first_scan_at: "2021-08-25T12:20:30.000Z",
          last_scan_at: "2021-08-25T12:20:30.000Z",
          scans: 1,
          state: "not_rescanned",
          open_findings: 4,
          open_by_severity: { medium: 4 },
          retired_at: null,
        },
      ],
    });
    const table = await runCli(db, "targets", "list");
    expect(table.stdout).toMatch(
      /alpine-310\.tar\.gz.*trivy.*2021-08-25.*2021-08-25.*1.*4.*not rescanned for \d+ d/,
    );
  });

  it("refuses an unknown name with the close names and exit 66, writing nothing", async () => {
    const unknown = await runCli(db, "targets", "retire", "alpine-310");
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toBe(
      `error: no scan target "alpine-310"; did you mean "${TARGET}"?\nhint: \`secmetrics targets list\` shows every scan target\n`,
    );
    expect(await targetAudit(db)).toEqual([]);
  });

  it("retires the image (audited), refuses a second retirement with exit 73, and restores it", async () => {
    const retired = await runCli(db, "targets", "retire", TARGET, "--reason", "test image");
    expect(retired.code).toBe(0);
    expect(retired.stdout).toContain(`retired ${TARGET} from `);
    expect(retired.stdout).toContain("its 4 open findings no longer count as open");
    expect((await runCli(db, "targets", "retire", TARGET)).code).toBe(73);
    const open = JSON.parse((await runCli(db, "findings", "--format", "json")).stdout);
    expect(open.rows).toEqual([]);
    const apart = JSON.parse(
      (await runCli(db, "findings", "--status", "retired", "--format", "json")).stdout,
    );
    expect(apart.rows.map((r: { state: string }) => r.state)).toEqual([
      "retired",
      "retired",
      "retired",
      "retired",
    ]);

    const restored = await runCli(db, "targets", "restore", TARGET);
    expect(restored.code).toBe(0);
    expect((await runCli(db, "targets", "restore", TARGET)).code).toBe(73);
    const audit = await targetAudit(db);
    expect(audit.map((entry) => [entry.action, entry.target])).toEqual([
      ["target.restore", TARGET],
      ["target.retire", TARGET],
    ]);
    expect(audit[1]?.detail).toEqual({ reason: "test image", open_findings: 4 });
  });
});
