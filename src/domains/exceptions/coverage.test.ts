import { describe, expect, it } from "vitest";
import { buildException } from "../../test-support/records.ts";
import { coverOf, coversAt, unregisteredExceptions } from "./coverage.ts";
import type { SuppressedResult } from "./queries.ts";
import type { ExceptionScope } from "./records.ts";

const DAY = 86_400_000;
const END = Date.parse("2026-10-01T00:00:00Z");

const scope = (parts: Partial<ExceptionScope>): ExceptionScope => ({
  controls: [],
  checks: [],
  assets: [],
  findings: [],
  ...parts,
});

describe("coversAt", () => {
  const exceptions = [
    buildException({
      external_id: "cve-on-api",
      snapshot_at: 0,
      expires_at: END + DAY,
      owner: "alice",
      scope: scope({ findings: ["CVE-1"], assets: ["api"] }),
    }),
    buildException({
      external_id: "all-of-web",
      snapshot_at: 0,
      expires_at: END + DAY,
      scope: scope({ assets: ["web"] }),
    }),
    buildException({
      external_id: "rule-anywhere",
      snapshot_at: 0,
      expires_at: END + DAY,
      scope: scope({ checks: ["sshd_idle"] }),
    }),
    buildException({
      external_id: "controls-only",
      snapshot_at: 0,
      expires_at: END + DAY,
      scope: scope({ controls: ["AC-2"] }),
    }),
    buildException({
      external_id: "expired",
      snapshot_at: 0,
      expires_at: END - DAY,
      scope: scope({ findings: ["CVE-2"] }),
    }),
    buildException({
      external_id: "expired-earlier",
      snapshot_at: 0,
      expires_at: END - 9 * DAY,
      scope: scope({ findings: ["CVE-2"] }),
    }),
    buildException({
      external_id: "revoked",
      snapshot_at: 0,
      status: "revoked",
      expires_at: END + DAY,
      scope: scope({ findings: ["CVE-3"] }),
    }),
    buildException({
      external_id: "requested",
      snapshot_at: 0,
      status: "requested",
      expires_at: END + DAY,
      scope: scope({ findings: ["CVE-4"] }),
    }),
  ];
  const covers = coversAt(exceptions, END);
  const named = (id: string, asset: string) => {
    const found = coverOf(covers, id, asset);
    return found && [found.cover.id, found.inForce];
  };

  it("splits the exceptions naming ids or assets into those in force and those lapsed", () => {
    expect(covers.inForce.map((c) => c.id)).toEqual(["all-of-web", "cve-on-api", "rule-anywhere"]);
    // The most recently lapsed first; a requested exception never held, a controls-only one names no finding.
    expect(covers.lapsed.map((c) => [c.id, c.state])).toEqual([
      ["revoked", "revoked"],
      ["expired", "expired"],
      ["expired-earlier", "expired"],
    ]);
  });

  it.each([
    ["CVE-1", "api", ["cve-on-api", true]],
    // Both parts given: only that id on that asset.
    ["CVE-1", "db", null],
    // Assets alone: everything on the asset.
    ["CVE-9", "web", ["all-of-web", true]],
    // A check or rule id alone: wherever it is.
    ["sshd_idle", "db", ["rule-anywhere", true]],
    ["CVE-2", "db", ["expired", false]],
    ["CVE-3", "db", ["revoked", false]],
    ["CVE-4", "db", null],
    // Compared exactly.
    ["cve-1", "api", null],
  ])("%s on %s is covered by %j", (id, asset, expected) => {
    expect(named(id, asset)).toEqual(expected);
  });

  it("leaves suppressed results an exception in force covers out of the unregistered ones", () => {
    const result = (asset: string, check_id: string): SuppressedResult => ({
      feed: "prowler",
      external_id: `${asset}|${check_id}`,
      asset,
      check_id,
      title: null,
      severity: null,
      result: "fail",
      checked_at: END - DAY,
      provenance: { import_id: 1, file_name: "prowler.csv", sha256: "0".repeat(64), imported_at: 0, line: 1 },
    });
    const suppressed = [result("web", "s3_public"), result("db", "sshd_idle"), result("db", "CVE-2")];
    // web by all-of-web, sshd_idle by rule-anywhere; CVE-2's exception expired.
    expect(unregisteredExceptions(suppressed, covers).map((r) => r.check_id)).toEqual(["CVE-2"]);
  });
});
