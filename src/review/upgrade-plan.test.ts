import { describe, expect, it } from "vitest";
import { planSteps, recommendation } from "../test-support/recommendations.ts";
import { issueDraft } from "./issue-draft.ts";
import type { Dismissal, TrackerLink, UpstreamIssue } from "./tracker-issue.ts";
import { upgradeDraft } from "./upgrade-draft.ts";
import type { UpgradePiece } from "./upgrade-piece.ts";
import { planUpgradeSync, splitStatus, upgradeDismissals, upgradeStatus } from "./upgrade-plan.ts";

const OPTIONS = { labels: ["secmetrics"], assignees: { "team-platform": "octocat" } };
const ID = "upgrade:registry.example/api:main:openssl";

const piece = (cves: string[], overrides: Partial<UpgradePiece> = {}): UpgradePiece => ({
  id: ID,
  parent_ids: ["open_vulnerabilities:missed_target"],
  target: "registry.example/api:main",
  location: null,
  package: "openssl",
  fixed_version: "3.0.15",
  title: "Upgrade openssl to 3.0.15 in registry.example/api:main",
  priority: "High",
  owner: "team-platform",
  findings: cves.map((cve) => ({
    id: `registry.example/api:main ${cve}#1`,
    vulnerability_id: cve,
    severity: "critical",
    due: "2026-09-20",
    fixed_version: "3.0.15",
  })),
  ...overrides,
});
const ONE = upgradeDraft(piece(["CVE-2024-5535"]), OPTIONS);
const TWO = upgradeDraft(piece(["CVE-2024-5535", "CVE-2024-6119"]), OPTIONS);

const link = (overrides: Partial<TrackerLink> = {}): TrackerLink => ({
  tracker: "github",
  recommendation_id: ID,
  issue: "4",
  url: "https://github.example/issues/4",
  state: "open",
  fingerprint: ONE.fingerprint,
  cleared_at: null,
  updated_at: 0,
  ...overrides,
});
const issue = (state: "open" | "closed" = "open"): UpstreamIssue => ({
  recommendation_id: ID,
  issue: "4",
  url: "https://github.example/issues/4",
  state,
});
const byId = <T extends { recommendation_id: string }>(...items: T[]) =>
  new Map(items.map((item) => [item.recommendation_id, item]));

describe("planUpgradeSync", () => {
  it.each([
    // case, drafts, links, upstream, the steps planned
    ["new upgrade: filed", [ONE], [], [], [["create", ID]]],
    ["unchanged: left", [ONE], [link()], [issue()], [["leave", ID]]],
    ["a CVE joins the same upgrade: updated", [TWO], [link()], [issue()], [["update", ID]]],
    ["cleared, every finding fixed or retired: closed", [], [link()], [issue()], [["close", ID]]],
    ["closed upstream while found: done", [ONE], [link()], [issue("closed")], [["closed_upstream", ID]]],
    [
      "reopened upstream: tracked again",
      [ONE],
      [link({ state: "closed" })],
      [issue()],
      [
        ["reopened_upstream", ID],
        ["leave", ID],
      ],
    ],
    [
      "closed upstream, then a later scan finds none of its findings: verified",
      [],
      [link({ state: "closed" })],
      [issue("closed")],
      [["verified", ID]],
    ],
    [
      "closed upstream and cleared since the last sync: both recorded",
      [],
      [link()],
      [issue("closed")],
      [
        ["closed_upstream", ID],
        ["verified", ID],
      ],
    ],
    ["verified already: nothing", [], [link({ state: "closed", cleared_at: 5 })], [issue("closed")], []],
  ] as const)("%s", (_case, drafts, links, upstream, expected) => {
    const plan = planUpgradeSync({
      drafts: [...drafts],
      links: byId(...links),
      upstream: byId(...upstream),
      dismissals: new Map(),
    });
    expect(planSteps(plan)).toEqual(expected);
  });
});

describe("upgradeDraft", () => {
  it("says what to raise to what, where, each CVE a line with its due day, and what it is part of", () => {
    expect(TWO.title).toBe("Upgrade openssl to 3.0.15 in registry.example/api:main");
    expect(TWO.assignees).toEqual(["octocat"]);
    expect(TWO.body).toContain(
      [
        "Upgrade **openssl** to **3.0.15** (the highest fixed version the scanner reports for them) in `registry.example/api:main`: it fixes 2 findings.",
        "",
        "- CVE-2024-5535 — critical, due 2026-09-20",
        "- CVE-2024-6119 — critical, due 2026-09-20",
        "",
        "**Part of:** `open_vulnerabilities:missed_target`",
      ].join("\n"),
    );
    expect(TWO.body.endsWith(`<!-- secmetrics:rec=${ID} -->`)).toBe(true);
    expect(TWO.fingerprint).not.toBe(ONE.fingerprint);
    // The same list gives the same issue, whenever it is drafted.
    expect(upgradeDraft(piece(["CVE-2024-5535"]), OPTIONS).fingerprint).toBe(ONE.fingerprint);
  });

  it("says so when the scanner knows no fix", () => {
    const draft = upgradeDraft(piece(["CVE-2024-2398"], { fixed_version: null }), OPTIONS);
    expect(draft.body).toContain("No fix available yet for **openssl** in `registry.example/api:main`");
  });

  it("lists a recommendation's upgrades in its issue as a checklist of their issues", () => {
    const draft = issueDraft(recommendation("open_vulnerabilities:missed_target"), OPTIONS, [
      { title: ONE.title, url: "https://github.example/issues/4", done: true },
      { title: "Mitigate curl in registry.example/api:main: no fix available yet", url: null, done: false },
    ]);
    expect(draft.body).toContain(
      [
        "**Upgrades** (2), one issue each:",
        "- [x] Upgrade openssl to 3.0.15 in registry.example/api:main: https://github.example/issues/4",
        "- [ ] Mitigate curl in registry.example/api:main: no fix available yet (not filed yet)",
      ].join("\n"),
    );
  });
});

describe("upgrade statuses", () => {
  const dismissal: Dismissal = {
    recommendation_id: "open_vulnerabilities:missed_target",
    reason: "accepted",
    dismissed_by: "cli:ana",
    dismissed_at: 1,
  };

  it.each([
    ["not filed", [], undefined, "new"],
    ["its issue open", [link()], undefined, "tracked"],
    [
      "closed upstream, findings still found",
      [link({ state: "closed" })],
      undefined,
      "done_awaiting_verification",
    ],
    [
      "its findings gone in a later scan",
      [link({ state: "closed", cleared_at: 5 })],
      undefined,
      "verified_effective",
    ],
    ["dismissed with its recommendation", [link()], dismissal, "dismissed"],
  ] as const)("%s → %s", (_case, links, dismissed, expected) => {
    expect(upgradeStatus([...links], dismissed)).toBe(expected);
  });

  it.each([
    [
      "each upgrade done or verified",
      "tracked",
      ["done_awaiting_verification", "verified_effective"],
      "done_awaiting_verification",
    ],
    ["one upgrade still tracked", "tracked", ["tracked", "done_awaiting_verification"], "tracked"],
    ["upgrades filed, its own issue not yet", "new", ["tracked"], "tracked"],
    ["no upgrade: its own", "tracked", [], "tracked"],
    ["dismissed wins", "dismissed", ["tracked"], "dismissed"],
    ["a judged impact wins", "verified_effective", ["tracked"], "verified_effective"],
  ] as const)("a split recommendation, %s → %s", (_case, own, upgrades, expected) => {
    expect(splitStatus(own, [...upgrades])).toBe(expected);
  });

  it("sets an upgrade aside only when every recommendation it is part of is", () => {
    const shared = piece([], {
      parent_ids: ["open_vulnerabilities:missed_target", "vuln_sla_missed:missed_target"],
    });
    const one = new Map([[dismissal.recommendation_id, dismissal]]);
    expect(upgradeDismissals([shared], one).size).toBe(0);
    expect(upgradeDismissals([piece([])], one).get(ID)).toMatchObject({
      recommendation_id: ID,
      reason: "accepted",
    });
  });
});
