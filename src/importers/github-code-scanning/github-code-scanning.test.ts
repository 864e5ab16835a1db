import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext } from "../importer.ts";
import { detectGithubCodeScanning, parseGithubCodeScanning } from "./github-code-scanning.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const ctx = (file: string, extra: Partial<ImportContext> = {}): ImportContext => ({
  file,
  timezone: "UTC",
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

describe("github-code-scanning", () => {
  it("reads GitHub's organization example: one incomplete scan per repository, a false positive apart", async () => {
    // By hand from fixtures/org-alerts.json (jq '[.[] | {number, state, dismissed_reason}]'):
    // alert 4 open, alert 3 dismissed "false positive" on 2020-02-14T12:29:18Z,
    // both octocat/Hello-World, js/zipslip, rule.severity "error" (no security
    // level) → high, created 2020-02-13T12:29:18Z; no updated_at, so the
    // scan's time is the latest created_at.
    const [scan, ...rest] = await parseGithubCodeScanning(fixture("org-alerts.json"), ctx("alerts.json"));
    expect(rest).toEqual([]);
    expect(scan?.scan).toMatchObject({
      tool: "github-code-scanning",
      scan_type: "sast",
      target: "octocat/Hello-World",
      scanned_at: at("2020-02-13T12:29:18Z"),
      complete: false,
    });
    expect(scan?.problems).toEqual([]);
    expect(scan?.findings.map((f) => [f.identity, f.status, f.severity, f.location])).toEqual([
      ["octocat/Hello-World|4", "open", "high", "spec-main/api-session-spec.ts:917"],
      ["octocat/Hello-World|3", "false_positive", "high", "lib/ab12-gen.js:917"],
    ]);
    expect(scan?.findings[1]).toMatchObject({
      vulnerability_id: "js/zipslip",
      title: "Arbitrary file write during zip extraction",
      status_reason: "false positive",
      own_lifecycle: {
        created_at: at("2020-02-13T12:29:18Z"),
        fixed_at: null,
        dismissed_at: at("2020-02-14T12:29:18Z"),
        dismissed_reason: "false positive",
      },
      attributes: {
        number: "3",
        state: "dismissed",
        tool: "CodeQL",
        tool_version: "2.4.0",
        cwe: "CWE-022",
        ref: "refs/heads/main",
      },
    });
  });

  it("takes security_severity_level before the rule's level, and needs --target for a repository's list", async () => {
    // fixtures/repo-alerts.json (cortextests/test-code-scanning via hub4j):
    // alert 2 critical (level error), alert 1 high (level warning), both open,
    // updated 2023-01-06T10:47:36Z.
    await expect(parseGithubCodeScanning(fixture("repo-alerts.json"), ctx("a.json"))).rejects.toThrow(
      InvalidInputError,
    );
    const [scan] = await parseGithubCodeScanning(
      fixture("repo-alerts.json"),
      ctx("a.json", { target: "cortextests/test-code-scanning" }),
    );
    expect(scan?.scan.scanned_at).toBe(at("2023-01-06T10:47:36Z"));
    expect(scan?.findings.map((f) => [f.vulnerability_id, f.severity, f.status])).toEqual([
      ["js/type-confusion-through-parameter-tampering", "critical", "open"],
      ["js/loop-bound-injection", "high", "open"],
    ]);
  });

  it("reads a 2021 listing without updated_at or fixed_at, rating a warning-level rule medium", async () => {
    // fixtures/repo-alerts-2021.json (hub4j-test-org/Pixi): alerts 111 and 110,
    // js/unsafe-jquery-plugin "warning" → medium, two places in bootstrap.js.
    const [scan] = await parseGithubCodeScanning(
      fixture("repo-alerts-2021.json"),
      ctx("a.json", { target: "hub4j-test-org/Pixi" }),
    );
    expect(scan?.findings.map((f) => [f.identity, f.severity, f.location])).toEqual([
      ["hub4j-test-org/Pixi|111", "medium", "app/public/js/bootstrap.js:3090"],
      ["hub4j-test-org/Pixi|110", "medium", "app/public/js/bootstrap.js:3086"],
    ]);
  });

  it("maps each state and dismissed reason as GitHub means them (hand-made edge cases)", async () => {
    const base = { rule: { id: "r", severity: "note" }, created_at: "2024-01-01T00:00:00Z" };
    const alerts = [
      { ...base, number: 1, state: "fixed", fixed_at: "2024-02-01T00:00:00Z" },
      { ...base, number: 2, state: "dismissed", dismissed_reason: "won't fix" },
      { ...base, number: 3, state: "dismissed", dismissed_reason: "used in tests" },
      { ...base, number: 4, state: "closed" },
      { ...base, number: 5, state: "open", rule: { id: "r", severity: "fatal" } },
    ];
    const [scan] = await parseGithubCodeScanning(JSON.stringify(alerts), ctx("a.json", { target: "o/r" }));
    expect(scan?.findings.map((f) => [f.status, f.severity, f.own_lifecycle?.fixed_at ?? null])).toEqual([
      ["open", "low", at("2024-02-01T00:00:00Z")],
      ["accepted_risk", "low", null],
      ["accepted_risk", "low", null],
      ["suppressed", "low", null],
      ["open", null, null],
    ]);
    expect(scan?.problems).toEqual([{ line: 1, reason: 'alert 5: unknown rule.severity "fatal"' }]);
  });

  it("refuses a document that is not an alert list, naming the file", async () => {
    await expect(parseGithubCodeScanning('{"runs": []}', ctx("x.json"))).rejects.toThrow(
      /not GitHub code scanning alerts/,
    );
  });

  it("is detected from its instance fields, and never takes Dependabot alerts or SARIF", () => {
    const head = (text: string) => ({ head: text, name: "a.json" });
    expect(detectGithubCodeScanning(head(fixture("org-alerts.json")))).toBe(true);
    expect(detectGithubCodeScanning(head(fixture("repo-alerts-2021.json")))).toBe(true);
    const dependabot = readFileSync(
      new URL("../dependabot/fixtures/org-alerts.json", import.meta.url),
      "utf8",
    );
    expect(detectGithubCodeScanning(head(dependabot))).toBe(false);
    expect(detectGithubCodeScanning(head('{"version":"2.1.0","runs":[]}'))).toBe(false);
  });
});
