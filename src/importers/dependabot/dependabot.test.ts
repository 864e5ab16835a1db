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
      // The alert number is the identity (it was advisory + package +
      // manifest, which merged GitHub's separate alerts on one package).
      identity: "octo-org/octo-repo|2",
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
      attributes: {
        cve: "CVE-2018-6188",
        number: "2",
        state: "dismissed",
        vulnerable_range: ">= 2.0.0, < 2.0.2",
      },
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

  it("counts every alert of a real listing, several on one advisory and package", async () => {
    // fixtures/repo-alerts-ranges.json: 11 alerts on qs and minimist, all in
    // openmrs-module-idgen/owa/package-lock.json, one per vulnerable range.
    //   jq length → 11
    //   jq '[.[] | "\(.security_advisory.ghsa_id)|\(.dependency.package.ecosystem)/\(.dependency.package.name)|\(.dependency.manifest_path)"] | unique | length' → 6
    // (the old identity: 98/97, 92/91/90, 35/34 and 32/31 each merged into one)
    //   jq -c '[.[] | .state] | group_by(.) | map([.[0], length])' → [["auto_dismissed",1],["open",10]]
    //   jq '[.[].updated_at] | max' → "2026-06-15T18:21:31Z"
    const [scan, ...rest] = await parseDependabot(
      fixture("repo-alerts-ranges.json"),
      ctx("alerts.json", { target: "AvansHogeschoolBreda/openmrsmodule" }),
    );
    expect(rest).toHaveLength(0);
    expect(scan?.scan).toMatchObject({ scanned_at: at("2026-06-15T18:21:31Z"), complete: false });
    const findings = scan?.findings ?? [];
    expect(new Set(findings.map((f) => f.identity)).size).toBe(11);
    expect(findings.filter((f) => f.status === "open")).toHaveLength(10);
    expect(findings.filter((f) => f.status === "suppressed").map((f) => f.attributes.number)).toEqual(["18"]);
    // jq -c '.[] | select(.security_advisory.ghsa_id == "GHSA-hrpp-h998-j3pp") | [.number, .dependency.scope, .security_vulnerability.vulnerable_version_range]'
    expect(
      findings
        .filter((f) => f.vulnerability_id === "GHSA-hrpp-h998-j3pp")
        .map((f) => [f.attributes.number, f.attributes.scope, f.attributes.vulnerable_range, f.status]),
    ).toEqual([
      ["92", "development", "< 6.2.4", "open"],
      ["91", "development", ">= 6.4.0, < 6.4.1", "open"],
      ["90", "runtime", ">= 6.5.0, < 6.5.3", "open"],
    ]);
  });

  it("never lets an auto-dismissed development alert hide an open runtime alert", async () => {
    // Derived from the real listing: the oldest first (`?direction=asc`), and
    // development alert 92 auto-dismissed the way alert 18 is. Before, 90,
    // 91 and 92 shared one identity and the last, 92, made it suppressed.
    const alerts = JSON.parse(fixture("repo-alerts-ranges.json")).reverse();
    const dismissed = alerts.find((a: { number: number }) => a.number === 18);
    const dev = alerts.find((a: { number: number }) => a.number === 92);
    Object.assign(dev, {
      state: dismissed.state,
      auto_dismissed_at: dismissed.auto_dismissed_at,
      updated_at: dismissed.updated_at,
    });
    const [scan] = await parseDependabot(
      JSON.stringify(alerts),
      ctx("alerts.json", { target: "AvansHogeschoolBreda/openmrsmodule" }),
    );
    expect(
      scan?.findings
        .filter((f) => f.vulnerability_id === "GHSA-hrpp-h998-j3pp")
        .map((f) => [f.identity, f.status]),
    ).toEqual([
      ["AvansHogeschoolBreda/openmrsmodule|90", "open"],
      ["AvansHogeschoolBreda/openmrsmodule|91", "open"],
      ["AvansHogeschoolBreda/openmrsmodule|92", "suppressed"],
    ]);
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
