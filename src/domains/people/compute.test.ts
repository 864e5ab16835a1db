import { describe, expect, it } from "vitest";
import { championCoverage, trainingCompliance, trainingVerdict } from "./compute.ts";
import type { Person, TrainingAssignment } from "./records.ts";

const END = Date.parse("2026-10-01T00:00:00Z");
const DAY = 86_400_000;
const course = (fields: Partial<TrainingAssignment>): TrainingAssignment => ({
  kind: "training_assignment",
  feed: "training",
  external_id: "a",
  person_id: "P1",
  email: null,
  course: "SEC-101",
  required: true,
  assigned_at: END - 30 * DAY,
  due_at: END - DAY,
  completed_at: END - 2 * DAY,
  status: null,
  ...fields,
});
const person = (fields: Partial<Person>): Person => ({
  kind: "person",
  feed: "people",
  external_id: "P1",
  snapshot_at: END - DAY,
  email: null,
  team: "A",
  department: null,
  active: true,
  security_champion: false,
  in_scope: true,
  ...fields,
});

describe("a person's training at the period end", () => {
  it.each([
    ["completed before its due date", {}, "compliant"],
    ["completed at its due date itself", { completed_at: END - DAY }, "compliant"],
    ["completed a millisecond after it", { completed_at: END - DAY + 1 }, "late"],
    ["not completed", { completed_at: null }, "missing"],
    ["completed at the period end itself: after it", { due_at: null, completed_at: END }, "missing"],
    ["no due date, completed within the period", { due_at: null }, "compliant"],
    ["due after the period end: not judged yet", { due_at: END + 1, completed_at: null }, "compliant"],
    ["due at the period end itself, not done", { due_at: END, completed_at: null }, "missing"],
    ["assigned at the period end: not yet assigned", { assigned_at: END, completed_at: null }, "compliant"],
    ["not required", { required: false, completed_at: null }, "compliant"],
  ] as const)("%s: %s", (_case, fields, status) => {
    expect(trainingVerdict([course(fields)], END).status).toBe(status);
  });

  it("counts only active in-scope people, matching courses by id or e-mail", () => {
    // P1 done; P2 (matched by e-mail, case-insensitively) missing; P3 inactive, P4 out of scope: 1 / 2.
    const value = trainingCompliance(
      [
        person({ external_id: "P1" }),
        person({ external_id: "P2", email: "Bo@Example.com" }),
        person({ external_id: "P3", active: false }),
        person({ external_id: "P4", in_scope: false }),
      ],
      [course({}), course({ person_id: null, email: "bo@example.com", completed_at: null })],
      END,
    );
    expect(value).toMatchObject({ value: 50, n: 2, details: { compliant: 1, late: 0, missing: 1 } });
    expect(trainingCompliance([person({ active: false })], [], END)).toMatchObject({ value: null, n: 0 });
  });

  it("counts teams of active people, with a champion who is active; people with no team are left out", () => {
    // A: champion; B: its champion left; no team: not a team → 1 / 2.
    const value = championCoverage([
      person({ external_id: "1", team: "A", security_champion: true }),
      person({ external_id: "2", team: "B" }),
      person({ external_id: "3", team: "B", security_champion: true, active: false }),
      person({ external_id: "4", team: null, security_champion: true }),
    ]);
    expect(value).toMatchObject({ value: 50, n: 2, details: { teams_without_champion: ["B"] } });
  });
});
