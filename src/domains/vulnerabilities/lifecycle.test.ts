import { describe, expect, it } from "vitest";
import type { Severity } from "../../model/severity.ts";
import { computeLifecycle, createSlaPolicy, type ScanWithFindings } from "./lifecycle.ts";
import type { Finding, FindingStatus, Scan } from "./records.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const day = (n: number) => T0 + n * DAY;

function scan(
  target: string,
  at: number,
  findings: Finding[],
  options: { tool?: string; complete?: boolean } = {},
): ScanWithFindings {
  const tool = options.tool ?? "trivy";
  const header: Scan = {
    kind: "scan",
    feed: tool,
    external_id: `${tool}|${target}|${at}`,
    tool,
    scan_type: tool === "zap" ? "dast" : "container",
    target,
    scanned_at: at,
    complete: options.complete ?? true,
  };
  return { scan: header, findings };
}

function vuln(
  target: string,
  id: string,
  severity: Severity | null,
  pkg = "openssl",
  extra: Partial<Finding> = {},
): Finding {
  return {
    identity: `${target}|${id}|${pkg}`,
    vulnerability_id: id,
    title: null,
    severity,
    category: "container",
    package_name: pkg,
    package_version: "1.0",
    fixed_version: null,
    location: null,
    direct: null,
    status: "open" as FindingStatus,
    status_reason: null,
    own_lifecycle: null,
    line: 1,
    attributes: {},
    ...extra,
  };
}

/** The fields the tests compare, in a stable order. */
function summary(scans: ScanWithFindings[], options?: Parameters<typeof computeLifecycle>[1]) {
  return computeLifecycle(scans, options)
    .map((o) => ({
      identity: o.identity,
      tool: o.tool,
      occurrence: o.occurrence,
      reintroduced: o.reintroduced,
      first_seen_at: o.first_seen_at,
      fixed_at: o.fixed_at,
      due_at: o.due_at,
      status: o.status,
    }))
    .sort((a, b) => (a.identity + a.occurrence < b.identity + b.occurrence ? -1 : 1));
}

describe("computeLifecycle", () => {
  it("fixes a finding at the first later scan of the target that lacks it", () => {
    // api: day 0 {A high, B critical}; day 10 {A}; day 20 {}.
    // B: seen 0, fixed 10, due 0+7. A: seen 0, fixed 20, due 0+30.
    const a = vuln("api", "CVE-A", "high");
    const b = vuln("api", "CVE-B", "critical");
    expect(
      summary([scan("api", day(0), [a, b]), scan("api", day(10), [a]), scan("api", day(20), [])]),
    ).toEqual([
      {
        identity: a.identity,
        tool: "trivy",
        occurrence: 1,
        reintroduced: false,
        first_seen_at: day(0),
        fixed_at: day(20),
        due_at: day(30),
        status: "open",
      },
      {
        identity: b.identity,
        tool: "trivy",
        occurrence: 1,
        reintroduced: false,
        first_seen_at: day(0),
        fixed_at: day(10),
        due_at: day(7),
        status: "open",
      },
    ]);
  });

  it("marks a finding seen again after its fix as a reintroduced occurrence with a new due date", () => {
    // day 0 {A medium}; day 5 {}; day 9 {A}: occurrence 1 = [0, 5), occurrence 2 from 9, due 9+90.
    const a = vuln("api", "CVE-A", "medium");
    expect(summary([scan("api", day(0), [a]), scan("api", day(5), []), scan("api", day(9), [a])])).toEqual([
      {
        identity: a.identity,
        tool: "trivy",
        occurrence: 1,
        reintroduced: false,
        first_seen_at: day(0),
        fixed_at: day(5),
        due_at: day(90),
        status: "open",
      },
      {
        identity: a.identity,
        tool: "trivy",
        occurrence: 2,
        reintroduced: true,
        first_seen_at: day(9),
        fixed_at: null,
        due_at: day(99),
        status: "open",
      },
    ]);
  });

  it("gives the same result whatever the order the scans arrive in", () => {
    const a = vuln("api", "CVE-A", "high");
    const b = vuln("web", "CVE-B", "low");
    const inOrder = [
      scan("api", day(0), [a]),
      scan("web", day(1), [b]),
      scan("api", day(3), []),
      scan("web", day(4), [b]),
      scan("api", day(6), [a]),
      scan("web", day(8), []),
    ];
    const shuffled = [inOrder[4], inOrder[1], inOrder[5], inOrder[0], inOrder[3], inOrder[2]].filter(
      (entry): entry is ScanWithFindings => entry !== undefined,
    );
    expect(summary(shuffled)).toEqual(summary(inOrder));
    // By hand: api A [0,3) then reintroduced at 6; web B [1,8).
    expect(summary(inOrder).map((o) => [o.identity, o.occurrence, o.first_seen_at, o.fixed_at])).toEqual([
      [a.identity, 1, day(0), day(3)],
      [a.identity, 2, day(6), null],
      [b.identity, 1, day(1), day(8)],
    ]);
  });

  it("never lets a scan of another target close a finding", () => {
    // api has A on day 0; only web is scanned afterwards: A stays open.
    const a = vuln("api", "CVE-A", "high");
    const result = summary([scan("api", day(0), [a]), scan("web", day(2), []), scan("web", day(4), [])]);
    expect(result).toEqual([expect.objectContaining({ identity: a.identity, fixed_at: null })]);
  });

  it("keeps the same CVE in two packages apart", () => {
    // day 0: CVE-X in libssl and libcrypto; day 7: only libcrypto. libssl fixed at 7.
    const ssl = vuln("img", "CVE-X", "critical", "libssl");
    const crypto = vuln("img", "CVE-X", "critical", "libcrypto");
    expect(
      summary([scan("img", day(0), [ssl, crypto]), scan("img", day(7), [crypto])]).map((o) => [
        o.identity,
        o.fixed_at,
      ]),
    ).toEqual([
      ["img|CVE-X|libcrypto", null],
      ["img|CVE-X|libssl", day(7)],
    ]);
  });

  it("lets a failed or incomplete scan close nothing", () => {
    // day 0 {A, B}; day 3 incomplete and empty (the scanner failed); day 5
    // incomplete with only A. Nothing is fixed; day 8 complete with A fixes B at 8.
    const a = vuln("api", "CVE-A", "high");
    const b = vuln("api", "CVE-B", "high");
    const scans = [
      scan("api", day(0), [a, b]),
      scan("api", day(3), [], { complete: false }),
      scan("api", day(5), [a], { complete: false }),
    ];
    expect(summary(scans).map((o) => o.fixed_at)).toEqual([null, null]);
    expect(summary([...scans, scan("api", day(8), [a])]).map((o) => o.fixed_at)).toEqual([null, day(8)]);
  });

  it("never lets a scan by another tool of the same target close a finding", () => {
    // trivy saw A on day 0; ZAP scans the same target on day 2 without it.
    const a = vuln("shop", "CVE-A", "high");
    const result = summary([scan("shop", day(0), [a]), scan("shop", day(2), [], { tool: "zap" })]);
    expect(result).toEqual([expect.objectContaining({ tool: "trivy", fixed_at: null })]);
  });

  it("uses the own timestamps of self-tracked findings (Dependabot)", () => {
    // Alert created day 1, fixed day 4, listed in an incomplete listing on day 10.
    const alert = vuln("org/repo", "GHSA-1", "high", "lodash", {
      own_lifecycle: { created_at: day(1), fixed_at: day(4), dismissed_at: null, dismissed_reason: null },
    });
    expect(summary([scan("org/repo", day(10), [alert], { tool: "dependabot", complete: false })])).toEqual([
      {
        identity: alert.identity,
        tool: "dependabot",
        occurrence: 1,
        reintroduced: false,
        first_seen_at: day(1),
        fixed_at: day(4),
        due_at: day(31),
        status: "open",
      },
    ]);
  });

  it("freezes the due date at first sight and applies per-group SLAs", () => {
    // internal-* targets get 60 days for high. A is high on day 0 and critical
    // on day 2: due stays 0+60. info has no due date.
    const sla = createSlaPolicy({
      groups: [{ matches: (t) => t.startsWith("internal-"), days: { high: 60 } }],
    });
    const first = vuln("internal-api", "CVE-A", "high");
    const later = { ...first, severity: "critical" as const };
    const info = vuln("internal-api", "CVE-I", "info");
    const result = summary(
      [scan("internal-api", day(0), [first, info]), scan("internal-api", day(2), [later, info])],
      {
        sla,
      },
    );
    expect(result.map((o) => [o.identity, o.due_at])).toEqual([
      [first.identity, day(60)],
      [info.identity, null],
    ]);
    // Outside the group the default (30 days for high) applies.
    expect(summary([scan("api", day(0), [vuln("api", "CVE-A", "high")])], { sla })[0]?.due_at).toBe(day(30));
  });

  it("passes the latest status through and counts a scan imported twice once", () => {
    const a = vuln("api", "CVE-A", "low");
    const accepted = { ...a, status: "accepted_risk" as const, status_reason: "tolerable_risk" };
    const first = scan("api", day(0), [a]);
    const result = computeLifecycle([first, first, scan("api", day(1), [accepted])]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      status: "accepted_risk",
      status_reason: "tolerable_risk",
      due_at: day(120),
    });
  });
});
