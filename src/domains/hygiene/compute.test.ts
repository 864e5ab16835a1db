import { describe, expect, it } from "vitest";
import { buildChangeEvent, buildDeployment } from "../../test-support/records.ts";
import { configDriftEvents, deploymentMetrics, isProduction, manualVerdict } from "./compute.ts";
import type { ChangeEvent, Deployment } from "./records.ts";

const SNAP = Date.parse("2026-09-30T00:00:00Z");

function change(id: string, change_type: ChangeEvent["change_type"], replacement = false): ChangeEvent {
  return buildChangeEvent({ external_id: id, at: SNAP, change_type, replacement });
}

function deployment(id: string, fields: Partial<Deployment>): Deployment {
  return buildDeployment({ external_id: id, started_at: SNAP, via_pipeline: true, ...fields });
}

describe("operational hygiene", () => {
  it("config_drift_events counts drift only: 2 drift (1 replacement), 1 planned", () => {
    expect(
      configDriftEvents([change("a", "drift"), change("b", "drift", true), change("c", "planned")]),
    ).toMatchObject({
      value: 2,
      details: { replacements: 1, planned_changes: 1 },
    });
  });

  it.each([
    ["production", true],
    ["prod", true],
    ["prod-eu", true],
    ["Production", true],
    ["staging", false],
    ["preprod", false],
    ["prodigy", false],
  ])("%s is production: %s", (environment, expected) => {
    expect(isProduction(environment)).toBe(expected);
  });

  it.each([
    ["pipeline, no ticket", { via_pipeline: true }, "managed"],
    ["no pipeline, ticket", { via_pipeline: false, change_ticket: "CHG-1" }, "managed"],
    ["no pipeline, no ticket", { via_pipeline: false }, "manual"],
    ["unknown pipeline, no ticket", { via_pipeline: null }, "unknown"],
    ["unknown pipeline, ticket", { via_pipeline: null, change_ticket: "CHG-2" }, "managed"],
  ] as const)("%s: %s", (_name, fields, verdict) => {
    expect(manualVerdict(deployment("d", fields))).toBe(verdict);
  });

  it("counts manual production changes, failures and rollbacks", () => {
    const metrics = deploymentMetrics([
      deployment("1", { via_pipeline: false }), // manual
      deployment("2", { via_pipeline: false, environment: "staging" }), // not production
      deployment("3", { via_pipeline: null }), // unknown
      deployment("4", { status: "failure" }), // failed (production)
      deployment("5", { status: "failure", environment: "staging" }), // failed
      deployment("6", { rollback_of: "4" }), // rollback (production)
    ]);
    expect(metrics.manual_prod_changes).toMatchObject({
      value: 1,
      details: { production_deployments: 4, unknown_pipeline: 1 }, // 1, 3, 4, 6
    });
    expect(metrics.failed_deployments).toMatchObject({
      value: 2,
      details: { deployments: 6, production: 1 },
    });
    expect(metrics.rollbacks).toMatchObject({ value: 1, details: { production: 1 } });
  });
});
