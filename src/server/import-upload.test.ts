import { describe, expect, it } from "vitest";
import type { ImportOutcome } from "../app/import-file.ts";
import { importResponse } from "./api-schemas.ts";
import { outcomeJson } from "./import-upload.ts";

const IMPORTED: ImportOutcome = {
  status: "imported",
  format: "nginx",
  import: {
    id: 7,
    format: "nginx",
    feed: "nginx",
    file_name: "access.log",
    sha256: "ab".repeat(32),
    imported_at: Date.UTC(2026, 8, 1),
    records: 8,
    skipped: 1,
    options: {},
  },
  skipped: { first: [], total: 0 },
  unreadable: { first: [{ line: 13, reason: "not a combined access log or error log line" }], total: 1 },
  leftOut: { first: [], total: 0 },
};

describe("the import upload's response", () => {
  it("carries the log lines left out as file:line: reason, in the documented schema", () => {
    const body = outcomeJson(IMPORTED);
    expect(body.unreadable_lines).toEqual(["access.log:13: not a combined access log or error log line"]);
    expect(body.unreadable_count).toBe(1);
    expect(body.skipped_rows).toEqual([]);
    expect(body.skipped_count).toBe(0);
    expect(body.import.skipped).toBe(1);
    expect([body.left_out, body.left_out_count]).toEqual([[], 0]);
    expect(importResponse.parse(body)).toEqual(body);
  });
});
