import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TrainingAssignment } from "../../domains/people/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { knowbe4Enrollments, trainingCsv } from "./training.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<TrainingAssignment>>, input: Readable) {
  const items: RecordItem<TrainingAssignment>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "training" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("training records, CSV (hand-made fixture training.csv)", () => {
  it("reads its 8 rows, each keyed by person, course and assignment instant", async () => {
    const { records, problems } = await parse(trainingCsv, createReadStream(fixture("training.csv")));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(8);
    expect(records[2]).toEqual({
      kind: "training_assignment",
      feed: "training",
      external_id: "P02|SEC-101|2026-08-01T00:00:00.000Z",
      person_id: "P02",
      email: "bob@example.com",
      course: "SEC-101",
      required: true,
      assigned_at: Date.parse("2026-08-01T00:00:00Z"),
      due_at: Date.parse("2026-09-15T00:00:00Z"),
      completed_at: Date.parse("2026-09-20T00:00:00Z"),
      status: "completed",
    });
    expect(records[1]).toMatchObject({ course: "SEC-102", required: false, completed_at: null });
  });

  it("needs a person and refuses a completion before the assignment", async () => {
    const csv =
      "person_id,email,course_id,assigned_at,completed_at\n,,SEC-1,2026-08-01,\nP1,,SEC-1,2026-08-01,2026-07-01\n";
    expect((await parse(trainingCsv, Readable.from([csv]))).problems).toEqual([
      { line: 2, problem: "person_id or email is required" },
      { line: 3, problem: "completed_at is before assigned_at" },
    ]);
  });

  it("is detected by its header", () => {
    const head = "person_id,email,department,course_id,required,assigned_at,due_at,completed_at,status\n";
    expect(detectImporter({ name: "lms.csv", head }).id).toBe("training-csv");
  });
});

describe("KnowBe4 training enrollments (hand-made in the Reporting API's shape)", () => {
  it("reads its 4 enrollments, required, with no due date, the person by employee number else e-mail", async () => {
    const { records, problems } = await parse(
      knowbe4Enrollments,
      createReadStream(fixture("knowbe4-enrollments.json")),
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.person_id, r.email, r.status, r.completed_at])).toEqual([
      ["1001", null, "alice@example.com", "Passed", Date.parse("2026-08-20T15:30:00Z")],
      ["1002", null, "grace@example.com", "In Progress", null],
      ["1003", "P06", "f.fox@example.com", "Passed", Date.parse("2026-09-02T11:40:00Z")],
      ["1004", null, "erin@example.com", "Not Started", null],
    ]);
    expect(records[0]).toMatchObject({
      feed: "knowbe4",
      course: "2026 Security Awareness Training",
      required: true,
      assigned_at: Date.parse("2026-08-01T09:00:00Z"),
      due_at: null,
    });
  });

  it("refuses an enrollment with no user to match, naming its line", async () => {
    const json =
      '[{"enrollment_id": 9, "module_name": "M", "enrollment_date": "2026-08-01", "user": {"id": 1}}]';
    expect((await parse(knowbe4Enrollments, Readable.from([json]))).problems).toEqual([
      { line: 1, problem: "user.email is required" },
    ]);
  });

  it("is detected by its enrollment_id and module_name", () => {
    const head = '[{"enrollment_id": 1, "content_type": "Store Purchase", "module_name": "M"}]';
    expect(detectImporter({ name: "enrollments.json", head }).id).toBe("knowbe4-enrollments");
  });
});
