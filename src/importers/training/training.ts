import type { TrainingAssignment } from "../../domains/people/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { FieldReader, field, isObject } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { csvTable, jsonRecords, type Table } from "../shared/readers.ts";

const TRAINING_FIELDS = new Set([
  "person_id",
  "email",
  "department",
  "course_id",
  "required",
  "assigned_at",
  "due_at",
  "completed_at",
  "status",
]);

/**
 * `training-csv`, training records: `course_id`, `assigned_at` and
 * `person_id` or `email` required; `department`, `required` (default
 * true), `due_at`, `completed_at`, `status`. Identity: person (id, else
 * e-mail), course and assignment instant, so a course assigned again next
 * year is a new assignment while a later export of this one updates it.
 */
const TRAINING: Table<TrainingAssignment> = {
  required: ["course_id", "assigned_at"],
  fields: TRAINING_FIELDS,
  recognizes: (columns) => columns.includes("person_id") || columns.includes("email"),
  map(fields): TrainingAssignment {
    const person_id = fields.text("person_id");
    const email = fields.text("email")?.toLowerCase() ?? null;
    if (person_id === null && email === null) fields.problems.push("person_id or email is required");
    const course = fields.requiredText("course_id");
    const assigned_at = fields.requiredTimestamp("assigned_at");
    return assignment(fields, {
      feed: "training",
      external_id: `${person_id ?? email}|${course}|${new Date(assigned_at).toISOString()}`,
      person_id,
      email,
      course,
      required: fields.boolean("required") ?? true,
      assigned_at,
      due_at: fields.timestamp("due_at"),
      completed_at: fields.timestamp("completed_at"),
      status: fields.text("status"),
    });
  },
};

/** The record, once its dates are checked: a completion before its assignment is a data error. */
function assignment(fields: FieldReader, record: Omit<TrainingAssignment, "kind">): TrainingAssignment {
  fields.order("assigned_at", record.assigned_at, "completed_at", record.completed_at);
  fields.order("assigned_at", record.assigned_at, "due_at", record.due_at);
  return { kind: "training_assignment", ...record };
}

export const trainingCsv: Importer<RecordItem<TrainingAssignment>> = defineImporter({
  id: "training-csv",
  title: "Training records (CSV with a header row)",
  feed: "training",
  kinds: ["training_assignment"],
  read: csvTable(TRAINING),
});

/**
 * KnowBe4's Reporting API training enrollments (`GET
 * /v1/training/enrollments`, a JSON array): `enrollment_id`, `user {id,
 * email, employee_number}`, `module_name`, `enrollment_date`,
 * `completion_date`, `status`. Identity: `enrollment_id`. Every enrollment
 * is required and has no due date of its own (KnowBe4 gives none), so it
 * is due at each period end; the person is the employee number when
 * exported, else the e-mail.
 */
export const knowbe4Enrollments: Importer<RecordItem<TrainingAssignment>> = defineImporter({
  id: "knowbe4-enrollments",
  title: "KnowBe4 training enrollments (Reporting API JSON)",
  feed: "knowbe4",
  kinds: ["training_assignment"],
  detect: (sample) => {
    const record = firstJsonRecord(sample.head);
    return isObject(record) && "enrollment_id" in record && "module_name" in record;
  },
  read: jsonRecords(async function* (records, ctx) {
    for await (const item of records) {
      if ("problem" in item) {
        yield item;
        continue;
      }
      const user = field(item.value, "user");
      const fields = new FieldReader(
        { ...item.value, ...(isObject(user) ? flatUser(user) : {}) },
        ctx.timezone,
      );
      const record = assignment(fields, {
        feed: "knowbe4",
        external_id: fields.requiredText("enrollment_id"),
        person_id: fields.text("user_employee_number"),
        email: fields.text("user_email")?.toLowerCase() ?? null,
        course: fields.requiredText("module_name"),
        required: true,
        assigned_at: fields.requiredTimestamp("enrollment_date"),
        due_at: null,
        completed_at: fields.timestamp("completion_date"),
        status: fields.text("status"),
      });
      if (record.email === null && record.person_id === null) fields.problems.push("user.email is required");
      yield fields.problems.length > 0
        ? { line: item.line, problem: fields.problems.join("; ") }
        : { line: item.line, record };
    }
  }),
});

const flatUser = (user: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(user).map(([key, value]) => [`user_${key}`, value]));
