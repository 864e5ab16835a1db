import { describe, expect, it } from "vitest";
import { buildIterationReport, buildScorecard, metricRow } from "./build.ts";
import { INCIDENTS, REQUIREMENTS, reportInput } from "./fixtures/reports.ts";
import type { IterationReport } from "./model.ts";

function iterationRows(report: IterationReport) {
  return [
    report.incident_response,
    report.vulnerability_management,
    report.application_security,
    report.compliance,
    report.other_risk_metrics,
  ].flatMap((section) => section.rows);
}

describe("the reports of one period", () => {
  const input = reportInput();
  const iteration = buildIterationReport(input, INCIDENTS);
  const scorecard = buildScorecard(input);

  it("give the same overall risk and trend summary", () => {
    // Counted by hand in markdown.test.ts over every metric of the fixture with a current value.
    expect(iteration.posture.trend.text).toBe(
      "2 worsening, 1 improving, 8 stable, 1 baseline set, 1 too little history",
    );
    expect(scorecard.posture.trend).toEqual(iteration.posture.trend);
    expect(scorecard.posture.level).toBe(iteration.posture.level);
    expect(scorecard.recommendations).toEqual(iteration.recommendations);
  });

  it("show in the iteration report a row for every metric the risk level rests on", () => {
    // Cited: SEV1 incidents (a critical item, and High), open high vulnerabilities and
    // vulnerability SLAs missed (High); also missed, stale or worsening: mean time to detect,
    // incidents within SLA, false-positive rate, open critical vulnerabilities, controls health.
    expect([...iteration.posture.metric_ids].sort()).toEqual([
      "controls_health",
      "false_positive_rate",
      "incidents_within_sla",
      "mttd",
      "open_critical_vulnerabilities",
      "open_high_vulnerabilities",
      "sev1_incidents",
      "vuln_sla_missed",
    ]);
    const shown = new Set(iterationRows(iteration).map((row) => row.id));
    for (const id of iteration.posture.metric_ids) expect(shown, id).toContain(id);
    // SEV1 incidents has no row in the four sections: it gets one in the section added for it.
    expect(iteration.other_risk_metrics.rows.map((row) => row.id)).toEqual(["sev1_incidents"]);
  });
});

describe("the scorecard's exceptions", () => {
  const provenance = { import_id: 1, file_name: "register.yaml", sha256: "0", imported_at: 0, line: 4 };
  const row = (id: string, state: string, owner: string | null) => ({
    kind: "exception",
    id,
    fields: { title: `Exception ${id}`, state, owner, expires_at: "2026-11-15T00:00:00.000Z" },
    counted: state === "open",
    note: null,
    provenance,
  });

  it("lists the register's exceptions in force or lapsed, as the drill-down orders them", () => {
    const rows = [
      row("EX-3", "expired", "carla"),
      row("EX-2", "expiring", null),
      row("EX-1", "open", "alice"),
      row("EX-4", "requested", "dan"),
      row("EX-5", "closed", "erin"),
    ];
    expect(buildScorecard({ ...reportInput(), exceptions: rows }).exceptions).toEqual({
      note: null,
      items: [
        {
          id: "EX-3",
          title: "Exception EX-3",
          owner: "carla",
          state: "expired",
          expires_at: "2026-11-15T00:00:00.000Z",
        },
        {
          id: "EX-2",
          title: "Exception EX-2",
          owner: null,
          state: "expiring",
          expires_at: "2026-11-15T00:00:00.000Z",
        },
        {
          id: "EX-1",
          title: "Exception EX-1",
          owner: "alice",
          state: "active",
          expires_at: "2026-11-15T00:00:00.000Z",
        },
      ],
    });
  });

  it("says so when no register has been imported", () => {
    expect(buildScorecard(reportInput()).exceptions).toEqual({
      note: "No exception register imported yet.",
      items: [],
    });
  });
});

describe("metricRow", () => {
  it("says beside a value what it leaves out on purpose", () => {
    const sla = reportInput().kpis.metrics.find((m) => m.id === "vuln_sla_missed");
    if (!sla || sla.value === null) throw new Error("the fixture has no vulnerability SLA value");
    const plain = metricRow(sla, "2026-10").current;
    const withApart = metricRow({ ...sla, details: { accepted_risk: 2 } }, "2026-10").current;
    expect(withApart).toBe(`${plain} (2 accepted risk apart)`);
    const open = { ...sla, unit: "count" as const, value: 5, details: { unregistered: 1, accepted_risk: 0 } };
    expect(metricRow(open, "2026-10").current).toBe("5 (1 unregistered apart)");
  });
});

describe("the iteration report's compliance status", () => {
  it("adds the requirement table to the compliance section, whose fields stay as they were", () => {
    const { compliance } = buildIterationReport(reportInput(), INCIDENTS);
    expect(Object.keys(compliance).sort()).toEqual(["note", "requirements", "rows", "title"]);
    expect(compliance.requirements).toMatchObject({
      note: null,
      total: 10,
      omitted: 0,
      by_status: { not_met: 4, partial: 3, not_assessed: 1, met: 2 },
    });
    expect(compliance.requirements.rows[0]).toEqual({
      framework: "NIST-800-53",
      requirement: "IA-5(1)",
      label: "NIST-800-53 IA-5(1)",
      status: "not_met",
      status_label: "not met",
      open_gaps: 3,
      failing_checks: 1,
      open_audit_findings: 2,
      suppressed_failures: 0,
      passing_checks: 0,
      unassessed_checks: 0,
      gaps_text: "3 (1 failing check, 2 audit findings)",
      // Due 2026-10-20: not yet past at the end of September.
      target_resolution: {
        at: "2026-10-20T00:00:00.000Z",
        source: "audit_finding",
        id: "AF-3",
        overdue: false,
      },
      target_text: "2026-10-20, audit finding AF-3",
    });
    expect(compliance.requirements.rows.map((row) => row.label)).toEqual(
      REQUIREMENTS.map((r) => (r.framework === null ? r.requirement : `${r.framework} ${r.requirement}`)),
    );
  });

  it("keeps the 50 most urgent requirements and counts the others", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...REQUIREMENTS[0]!, requirement: `R-${i}` }));
    const { requirements } = buildIterationReport({ ...reportInput(), requirements: many }, []).compliance;
    expect([requirements.rows.length, requirements.total, requirements.omitted]).toEqual([50, 60, 10]);
    expect(requirements.by_status.not_met).toBe(60);
  });

  it("says why there is no table without requirements", () => {
    const { requirements } = buildIterationReport({ ...reportInput(), requirements: [] }, []).compliance;
    expect(requirements).toMatchObject({ rows: [], total: 0, omitted: 0 });
    expect(requirements.note).toMatch(/^No check result names a framework requirement/);
  });
});
