import { describe, expect, it } from "vitest";
import { actedOn } from "./acted-on.ts";
import type { TrackerLink } from "./tracker-issue.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);

function link(spec: Partial<TrackerLink>): TrackerLink {
  return {
    tracker: "github",
    recommendation_id: "mttd:missed_target",
    issue: "12",
    url: "https://github.com/acme/api/issues/12",
    state: "open",
    fingerprint: "f",
    cleared_at: null,
    updated_at: T0,
    ...spec,
  };
}

function item(spec: { ticket?: string | null; origin_ref?: string | null; verified_at?: number | null }) {
  return {
    external_id: "AI-7",
    status: "done" as const,
    verified_at: T0 + 3 * DAY,
    ticket: null,
    origin_ref: null,
    ...spec,
  };
}

describe("actedOn", () => {
  it.each([
    { case: "an open issue is not acted on", links: [link({})], items: [], expected: [] },
    {
      case: "an issue closed in the tracker is, when the sync saw it closed",
      links: [link({ state: "closed" })],
      items: [],
      expected: [["mttd:missed_target", { at: T0, how: "github issue 12 closed" }]],
    },
    {
      case: "an issue secmetrics closed because the condition cleared is not",
      links: [link({ state: "closed", cleared_at: T0 })],
      items: [],
      expected: [],
    },
    {
      case: "an action item verified whose ticket is the issue's URL",
      links: [link({})],
      items: [item({ ticket: "https://github.com/acme/api/issues/12" })],
      expected: [["mttd:missed_target", { at: T0 + 3 * DAY, how: "action item AI-7 verified" }]],
    },
    {
      case: "a Jira key names its issue; a bare GitHub number does not",
      links: [
        link({ tracker: "jira", issue: "SEC-4", url: "https://acme.atlassian.net/browse/SEC-4" }),
        link({ recommendation_id: "mttp:worsening" }),
      ],
      items: [item({ ticket: "SEC-4" }), item({ ticket: "12" })],
      expected: [["mttd:missed_target", { at: T0 + 3 * DAY, how: "action item AI-7 verified" }]],
    },
    {
      case: "an action item whose origin_ref is the recommendation's id, with no issue at all",
      links: [],
      items: [item({ origin_ref: "mttd:missed_target" })],
      expected: [["mttd:missed_target", { at: T0 + 3 * DAY, how: "action item AI-7 verified" }]],
    },
    {
      case: "done but not verified is not acted on",
      links: [],
      items: [item({ origin_ref: "mttd:missed_target", verified_at: null })],
      expected: [],
    },
    {
      case: "the earliest of an issue closed and an action item verified",
      links: [link({ state: "closed", updated_at: T0 + 5 * DAY })],
      items: [item({ origin_ref: "mttd:missed_target" })],
      expected: [["mttd:missed_target", { at: T0 + 3 * DAY, how: "action item AI-7 verified" }]],
    },
  ])("$case", ({ links, items, expected }) => {
    expect([...actedOn(links, items)]).toEqual(expected);
  });
});
