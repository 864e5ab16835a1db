import { describe, expect, it } from "vitest";
import type { TargetRetirement } from "./records.ts";
import { retirementAt, scanTargetStates, targetSplit } from "./targets.ts";

const DAY = 86_400_000;
const NOV_1 = Date.parse("2026-11-01T00:00:00Z");
const RETIRE_AFTER = 30 * DAY;

const API = "registry.example/api:main";
const WEB = "registry.example/web:main";

function retirement(fields: Partial<TargetRetirement>): TargetRetirement {
  return {
    target: API,
    retired_at: NOV_1 + 10 * DAY,
    retired_by: "cli:ana",
    reason: null,
    restored_at: null,
    restored_by: null,
    ...fields,
  };
}

describe("retirementAt", () => {
  const retired = retirement({ restored_at: NOV_1 + 20 * DAY });

  it.each([
    ["before the retirement", NOV_1 + 5 * DAY, null],
    ["at its very instant (it belongs to the next period)", NOV_1 + 10 * DAY, null],
    ["just after it", NOV_1 + 10 * DAY + 1, retired],
    ["at the restore's instant", NOV_1 + 20 * DAY, retired],
    ["after the restore", NOV_1 + 20 * DAY + 1, null],
  ])("%s", (_label, at, expected) => {
    expect(retirementAt([retired], API, NOV_1 - 40 * DAY, at)).toBe(expected);
  });

  it("ends at the target's next scan, and never applies to another target", () => {
    const open = retirement({});
    // Scanned again on Nov 15, after the Nov 11 retirement: not retired on Nov 20.
    expect(retirementAt([open], API, NOV_1 + 14 * DAY, NOV_1 + 19 * DAY)).toBeNull();
    // A scan dated before the retirement (imported later) does not end it.
    expect(retirementAt([open], API, NOV_1 + 9 * DAY, NOV_1 + 19 * DAY)).toBe(open);
    expect(retirementAt([open], WEB, null, NOV_1 + 19 * DAY)).toBeNull();
  });
});

describe("scanTargetStates", () => {
  const scans = [
    { target: API, tool: "trivy", first_scan_at: NOV_1 - 61 * DAY, last_scan_at: NOV_1 - 37 * DAY, scans: 2 },
    { target: WEB, tool: "trivy", first_scan_at: NOV_1 - 61 * DAY, last_scan_at: NOV_1 - 30 * DAY, scans: 2 },
    { target: WEB, tool: "grype", first_scan_at: NOV_1 - 12 * DAY, last_scan_at: NOV_1 - 12 * DAY, scans: 1 },
  ];
  const open = [
    { target: API, tool: "trivy", severity: "critical" as const, count: 1 },
    { target: API, tool: "trivy", severity: "medium" as const, count: 1 },
    { target: WEB, tool: "trivy", severity: null, count: 2 },
  ];

  it("judges each scanner of each target by its own last scan", () => {
    const states = scanTargetStates(scans, [], open, { asOf: NOV_1, retireAfterMs: RETIRE_AFTER });
    // api/trivy: 37 d > 30 d; web/trivy: exactly 30 d, not older than retire_after; web/grype: 12 d.
    expect(states.map((t) => [t.target, t.tool, t.state, t.open_total, t.open])).toEqual([
      [API, "trivy", "not_rescanned", 2, { critical: 1, medium: 1 }],
      [WEB, "trivy", "scanned", 2, { unrated: 2 }],
      [WEB, "grype", "scanned", 0, {}],
    ]);
    expect(targetSplit(states, NOV_1)).toEqual({
      not_rescanned: 2,
      targets_not_rescanned: [
        {
          target: API,
          tool: "trivy",
          last_scan_at: "2026-09-25T00:00:00.000Z",
          days_since_last_scan: 37,
          open: 2,
          by_severity: { critical: 1, medium: 1 },
        },
      ],
      retired: 0,
      retired_targets: [],
    });
  });

  it("retires every scanner of a target at once, from the retirement on", () => {
    const retired = retirement({ retired_at: NOV_1 - DAY, reason: "image no longer built" });
    const states = scanTargetStates(scans, [retired], open, { asOf: NOV_1, retireAfterMs: RETIRE_AFTER });
    expect(states.map((t) => t.state)).toEqual(["retired", "scanned", "scanned"]);
    expect(targetSplit(states, NOV_1)).toMatchObject({
      not_rescanned: 0,
      retired: 2,
      retired_targets: [
        {
          target: API,
          retired_at: "2026-10-31T00:00:00.000Z",
          retired_by: "cli:ana",
          reason: "image no longer built",
          open: 2,
        },
      ],
    });
  });
});
