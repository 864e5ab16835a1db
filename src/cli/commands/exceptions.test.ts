import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

/** The audit log's entries about exceptions, newest first. */
async function exceptionAudit(db: string) {
  const entries: { action: string; actor: string; target: string; detail: Record<string, unknown> }[] =
    JSON.parse((await runCli(db, "audit", "--format", "json")).stdout);
  return entries.filter((entry) => entry.action.startsWith("exception."));
}

describe("secmetrics exceptions", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-exceptions-"));
    db = join(dir, "store.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("requests, refuses its requester's approval (exit 77), approves as another, renews and revokes", async () => {
    const requested = await runCli(
      db,
      ...["exceptions", "request", "--type", "risk", "--title", "Unpatched batch host"],
      ...[
        "--assets",
        "batch-1",
        "--findings",
        "CVE-2026-1234",
        "--compensating",
        "No inbound network; Daily check",
      ],
      ...["--expires", "2099-01-31", "--as", "alice", "--format", "json"],
    );
    expect(requested.code).toBe(0);
    expect(JSON.parse(requested.stdout)).toMatchObject({
      id: "DASH-0001",
      exception: {
        status: "requested",
        requested_by: "alice",
        compensating_controls: ["No inbound network", "Daily check"],
        scope: { assets: ["batch-1"], findings: ["CVE-2026-1234"] },
      },
    });

    const own = await runCli(db, "exceptions", "approve", "DASH-0001", "--as", "alice");
    expect(own.code).toBe(77);
    expect(own.stderr).toContain("alice requested DASH-0001 and may not approve it");

    const approved = await runCli(db, "exceptions", "approve", "DASH-0001", "--as", "bob", "--note", "ok");
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(
      /^DASH-0001: approved, expires 2099-01-31 \(bob; register snapshot .*audited\)\n$/,
    );

    const noExpiry = await runCli(db, "exceptions", "renew", "DASH-0001", "--as", "carol");
    expect(noExpiry.code).toBe(64);
    expect(
      (await runCli(db, "exceptions", "renew", "DASH-0001", "--as", "carol", "--expires", "2099-06-30")).code,
    ).toBe(0);
    expect((await runCli(db, "exceptions", "revoke", "DASH-0001")).code).toBe(0);
    const revokedRenewal = await runCli(
      db,
      "exceptions",
      "renew",
      "DASH-0001",
      "--as",
      "carol",
      "--expires",
      "2099-12-31",
    );
    expect(revokedRenewal.code).toBe(73);

    const audit = await exceptionAudit(db);
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ["exception.revoke", expect.stringMatching(/^cli:/)],
      ["exception.renew", "carol"],
      ["exception.approve", "bob"],
      ["exception.request", "alice"],
    ]);
    expect(audit[1]?.detail).toMatchObject({
      before: { expires_at: "2099-01-31T00:00:00.000Z" },
      after: { expires_at: "2099-06-30T00:00:00.000Z", approved_by: "carol" },
    });
  });

  it("lists the register, filtered, as a table or JSON", async () => {
    const table = await runCli(db, "exceptions", "list");
    expect(table.stdout).toMatch(/DASH-0001.*Unpatched batch host.*revoked.*revoked/);
    const none = await runCli(db, "exceptions", "list", "--status", "approved", "--format", "json");
    expect(JSON.parse(none.stdout).exceptions).toEqual([]);
    expect((await runCli(db, "exceptions", "list", "--status", "lost")).code).toBe(64);
  });

  it("refuses a register file imported into the dashboard's feed (64), leaving the register as it was", async () => {
    const listed = async () =>
      JSON.parse((await runCli(db, "exceptions", "list", "--format", "json")).stdout).exceptions;
    const imports = async () => (await runCli(db, "imports", "--format", "json")).stdout;
    const [registerBefore, importsBefore] = [await listed(), await imports()];
    const register = join(IMPORTER_FIXTURES, "exceptions", "fixtures", "register.yaml");
    const result = await runCli(db, "import", "--no-progress", "--feed", "dashboard", register);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(
      `the feed "dashboard" is the dashboard's exceptions register and takes no imports`,
    );
    expect([await listed(), await imports()]).toEqual([registerBefore, importsBefore]);
    // Into its own feed the same file imports.
    expect((await runCli(db, "import", "--no-progress", "--feed", "team-a", register)).code ?? 0).toBe(0);
  });
});
