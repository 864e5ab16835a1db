import { describe, expect, it } from "vitest";
import { planSteps } from "../test-support/recommendations.ts";
import type { Dismissal, IssueDraft, TrackerLink, UpstreamIssue } from "./tracker-issue.ts";
import { CLEARED_COMMENT, planSync, recommendationStatus } from "./tracker-plan.ts";

const draft = (id: string, fingerprint = "f1"): IssueDraft => ({
  recommendation_id: id,
  title: `Fix ${id}`,
  body: "…",
  labels: ["secmetrics"],
  assignees: [],
  fingerprint,
});
const link = (id: string, overrides: Partial<TrackerLink> = {}): TrackerLink => ({
  tracker: "github",
  recommendation_id: id,
  issue: "7",
  url: "https://github.example/issues/7",
  state: "open",
  fingerprint: "f1",
  cleared_at: null,
  updated_at: 0,
  ...overrides,
});
const issue = (id: string, state: "open" | "closed" = "open", number = "7"): UpstreamIssue => ({
  recommendation_id: id,
  issue: number,
  url: `https://github.example/issues/${number}`,
  state,
});
const dismissal: Dismissal = {
  recommendation_id: "r",
  reason: "accepted by the CISO",
  dismissed_by: "cli:ana",
  dismissed_at: 1,
};

const byId = <T extends { recommendation_id: string }>(...items: T[]) =>
  new Map(items.map((item) => [item.recommendation_id, item]));

describe("planSync", () => {
  it.each([
    // case, drafts, links, upstream, dismissals, the steps planned
    ["new: no link, no issue", [draft("r")], [], [], [], [["create", "r"]]],
    [
      "unchanged: linked, open, same fingerprint",
      [draft("r")],
      [link("r")],
      [issue("r")],
      [],
      [["leave", "r"]],
    ],
    [
      "changed: the title or body moved",
      [draft("r", "f2")],
      [link("r")],
      [issue("r")],
      [],
      [["update", "r"]],
    ],
    ["cleared: no longer recommended, issue open", [], [link("r")], [issue("r")], [], [["close", "r"]]],
    [
      "cleared and already closed by us: nothing",
      [],
      [link("r", { state: "closed", cleared_at: 5 })],
      [issue("r", "closed")],
      [],
      [],
    ],
    [
      "closed upstream while it holds",
      [draft("r")],
      [link("r")],
      [issue("r", "closed")],
      [],
      [["closed_upstream", "r"]],
    ],
    [
      "closed upstream, already recorded",
      [draft("r")],
      [link("r", { state: "closed" })],
      [issue("r", "closed")],
      [],
      [["leave", "r"]],
    ],
    [
      "reopened upstream",
      [draft("r")],
      [link("r", { state: "closed" })],
      [issue("r")],
      [],
      [
        ["reopened_upstream", "r"],
        ["leave", "r"],
      ],
    ],
    [
      "reopened upstream and changed",
      [draft("r", "f2")],
      [link("r", { state: "closed" })],
      [issue("r")],
      [],
      [
        ["reopened_upstream", "r"],
        ["update", "r"],
      ],
    ],
    [
      "cleared and closed upstream meanwhile",
      [],
      [link("r")],
      [issue("r", "closed")],
      [],
      [["closed_upstream", "r"]],
    ],
    ["issue deleted upstream: a new one", [draft("r")], [link("r")], [], [], [["create", "r"]]],
    [
      "found by its marker, no link: adopted, not duplicated",
      [draft("r")],
      [],
      [issue("r")],
      [],
      [["adopt", "r"]],
    ],
    [
      "came back after we closed it cleared: a new issue",
      [draft("r")],
      [link("r", { state: "closed", cleared_at: 5 })],
      [issue("r", "closed")],
      [],
      [["create", "r"]],
    ],
    [
      "dismissed, issue open: closed with the reason",
      [draft("r")],
      [link("r")],
      [issue("r")],
      [dismissal],
      [["close", "r"]],
    ],
    ["dismissed, never filed: nothing", [draft("r")], [], [], [dismissal], []],
  ] as const)("%s", (_case, drafts, links, upstream, dismissals, expected) => {
    const plan = planSync({
      drafts: [...drafts],
      links: byId(...links),
      upstream: byId(...upstream),
      dismissals: byId(...dismissals),
    });
    expect(planSteps(plan)).toEqual(expected);
  });

  it("closes a cleared recommendation saying why, and a dismissed one with who and the reason", () => {
    const plan = planSync({
      drafts: [draft("r")],
      links: byId(link("r"), link("gone", { issue: "8" })),
      upstream: byId(issue("r"), issue("gone", "open", "8")),
      dismissals: byId(dismissal),
    });
    expect(plan).toEqual([
      {
        kind: "close",
        recommendation_id: "r",
        issue: "7",
        comment: "Dismissed in secmetrics by cli:ana: accepted by the CISO",
        because: "dismissed",
      },
      { kind: "close", recommendation_id: "gone", issue: "8", comment: CLEARED_COMMENT, because: "cleared" },
    ]);
  });

  it("plans nothing more on a second run after the first was applied", () => {
    const drafts = [draft("a"), draft("b")];
    const links = byId(link("a"), link("b", { issue: "8" }));
    const upstream = byId(issue("a"), issue("b", "open", "8"));
    expect(planSync({ drafts, links, upstream, dismissals: new Map() }).map((a) => a.kind)).toEqual([
      "leave",
      "leave",
    ]);
  });
});

describe("recommendationStatus", () => {
  it.each([
    ["no issue", [], undefined, "new"],
    ["an open issue", [link("r")], undefined, "tracked"],
    [
      "its issue closed in the tracker",
      [link("r", { state: "closed" })],
      undefined,
      "done_awaiting_verification",
    ],
    [
      "closed by a sync once the condition cleared, and back",
      [link("r", { state: "closed", cleared_at: 5 })],
      undefined,
      "new",
    ],
    ["dismissed, even with an open issue", [link("r")], dismissal, "dismissed"],
  ] as const)("%s → %s", (_case, links, dismissed, expected) => {
    expect(recommendationStatus([...links], dismissed)).toBe(expected);
  });
});
