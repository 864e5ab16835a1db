import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportContext } from "../importer.ts";
import { detectDependabot, parseDependabot } from "./dependabot.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

describe("dependabot", () => {
  it("reads an organization alert list: one incomplete scan per repository, own timestamps, dismissed apart", async () => {
    // By hand from fixtures/org-alerts.json: alert 2 in octo-org/octo-repo,
    // django GHSA-rf4j-j272-fj86 high, dismissed (tolerable_risk) on
    // 2022-08-23T14:29:47Z, created 2022-06-15T07:43:03Z; alert 1 in
    // octo-org/hello-world, ansible GHSA-8f4m-hccc-8qph medium, open, created
    // and updated 2022-06-14T15:21:52Z.
    const scans = await parseDependabot(fixture("org-alerts.json"), ctx("alerts.json"));
    expect(scans.map((s) => [s.scan.target, s.scan.scanned_at, s.scan.complete, s.findings.length])).toEqual([
      ["octo-org/octo-repo", at("2022-08-23T14:29:47Z"), false, 1],
      ["octo-org/hello-world", at("2022-06-14T15:21:52Z"), false, 1],
    ]);
    expect(scans[0]?.findings[0]).toMatchObject({
      identity: "octo-org/octo-repo|GHSA-rf4j-j272-fj86|pip/django|path/to/requirements.txt",
      vulnerability_id: "GHSA-rf4j-j272-fj86",
      severity: "high",
      package_name: "django",
      fixed_version: "2.0.2",
      status: "accepted_risk",
      status_reason: "tolerable_risk",
      own_lifecycle: {
        created_at: at("2022-06-15T07:43:03Z"),
        fixed_at: null,
        dismissed_at: at("2022-08-23T14:29:47Z"),
        dismissed_reason: "tolerable_risk",
      },
      attributes: { cve: "CVE-2018-6188", number: "2", state: "dismissed" },
    });
    expect(scans[1]?.findings[0]).toMatchObject({
      severity: "medium",
      status: "open",
      fixed_version: "2.8.19",
    });
  });

  it("reads webhook payloads with their own fixed_at (octokit payload examples)", async () => {
    // By hand: fixed.payload.json, alert 1 in octocat/hello-world, ansible,
    // created 2022-06-14T15:21:52Z, fixed_at = updated_at 2022-06-15T13:55:40Z.
    const [fixed] = await parseDependabot(fixture("webhook-fixed.json"), ctx("fixed.json"));
    expect(fixed?.scan).toMatchObject({
      tool: "dependabot",
      target: "octocat/hello-world",
      scanned_at: at("2022-06-15T13:55:40Z"),
    });
    expect(fixed?.findings[0]?.own_lifecycle).toEqual({
      created_at: at("2022-06-14T15:21:52Z"),
      fixed_at: at("2022-06-15T13:55:40Z"),
      dismissed_at: null,
      dismissed_reason: null,
    });
    // created.payload.json: alert 20 in wolfy1339/pika-pack, npm semver, medium, open.
    const [created] = await parseDependabot(fixture("webhook-created.json"), ctx("created.json"));
    expect(
      created?.findings.map((f) => [
        f.vulnerability_id,
        f.package_name,
        f.severity,
        f.status,
        f.fixed_version,
      ]),
    ).toEqual([["GHSA-c2qf-rxjj-qqgw", "semver", "medium", "open", "7.5.2"]]);
  });

  it("needs --target for a repository list without repository, and maps dismissal reasons", async () => {
    const alerts = JSON.parse(fixture("org-alerts.json"));
    for (const alert of alerts) delete alert.repository;
    await expect(parseDependabot(JSON.stringify(alerts), ctx("repo.json"))).rejects.toThrow(
      /names no repository/,
    );
    alerts[1].state = "dismissed";
    alerts[1].dismissed_reason = "inaccurate";
    const [scan] = await parseDependabot(
      JSON.stringify(alerts),
      ctx("repo.json", { target: "octo-org/app" }),
    );
    expect(scan?.findings.map((f) => [f.identity.split("|")[0], f.status])).toEqual([
      ["octo-org/app", "accepted_risk"],
      ["octo-org/app", "false_positive"],
    ]);
  });

  it("detects alert lists and payloads", () => {
    expect(detectDependabot({ name: "a.json", head: fixture("org-alerts.json") })).toBe(true);
    expect(detectDependabot({ name: "a.json", head: fixture("webhook-fixed.json") })).toBe(true);
    expect(detectDependabot({ name: "a.json", head: '{"matches": []}' })).toBe(false);
  });
});
