import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../domains/detection-response/records.ts";
import { formatProblems, type InputProblem, InvalidInputError, SecmetricsError } from "../../model/errors.ts";
import type { Importer } from "../importer.ts";
import { detectImporter, findImporter } from "../registry.ts";
import { alertsCsv, alertsJson } from "./alerts.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ZONE = "Europe/Berlin";

interface Outcome {
  records: { line: number; record: Alert }[];
  /** As the import reports them: `file:line: reason`. */
  problems: string[];
}

async function run(importer: Importer, name: string): Promise<Outcome> {
  const outcome: Outcome = { records: [], problems: [] };
  const problems: InputProblem[] = [];
  const input = createReadStream(join(FIXTURES, name));
  for await (const item of importer.parse(input, { file: name, timezone: ZONE })) {
    if ("problem" in item) problems.push({ line: item.line, reason: item.problem });
    else if ("record" in item) outcome.records.push({ line: item.line, record: item.record as Alert });
  }
  if (problems.length > 0) outcome.problems = formatProblems(name, problems).split("\n");
  return outcome;
}

async function fatal(importer: Importer, name: string): Promise<InvalidInputError> {
  const error = await run(importer, name).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

const at = (iso: string) => Date.parse(iso);

describe("alerts-csv", () => {
  it("reads every field, keeps unknown columns and follows quoted multi-line fields", async () => {
    const { records, problems } = await run(alertsCsv, "alerts.csv");
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-1",
          created_at: at("2026-03-29T00:55:00Z"),
          severity: "high",
          source: "Acme EDR",
          rule: "Brute force",
          disposition: "true_positive",
          triaged_at: at("2026-03-29T01:10:00Z"),
          incident_id: "INC-2",
          attributes: { analyst: "dave", queue: "tier1" },
        },
      },
      {
        line: 3,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-2",
          // 01:30 is CET (+01:00), 03:30 CEST (+02:00): one hour apart, not two
          created_at: at("2026-03-29T00:30:00Z"),
          severity: "low",
          source: "Acme EDR",
          rule: "Rule with, comma",
          disposition: "false_positive",
          triaged_at: at("2026-03-29T01:30:00Z"),
          incident_id: null,
          attributes: { analyst: "erin" },
        },
      },
      {
        line: 4,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-3",
          created_at: at("2026-03-29T07:00:00Z"),
          severity: "medium",
          source: "Acme NDR",
          rule: "Multi-line\nrule name",
          disposition: "benign",
          triaged_at: null,
          incident_id: null,
          attributes: {},
        },
      },
      {
        line: 6,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-4",
          created_at: at("2026-03-30T12:00:00Z"),
          severity: null,
          source: "Acme NDR",
          rule: "Port scan",
          disposition: "open",
          triaged_at: null,
          incident_id: null,
          attributes: {},
        },
      },
    ] satisfies Outcome["records"]);
  });

  it("reports each bad row as file:line: reason and still reads the good ones", async () => {
    const { records, problems } = await run(alertsCsv, "alerts-bad-rows.csv");
    expect(problems).toEqual([
      'alerts-bad-rows.csv:2: created_at: "not a time" is not an ISO 8601 timestamp',
      "alerts-bad-rows.csv:3: triaged_at is before created_at",
      'alerts-bad-rows.csv:4: severity: unknown severity "sev9" (expected critical, high, medium, low, info, SEVn or Pn)',
      'alerts-bad-rows.csv:5: disposition: "dismissed" is not one of open, true_positive, false_positive, benign',
    ]);
    expect(records.map((r) => [r.line, r.record.external_id])).toEqual([[6, "ALR-24"]]);
  });

  it("rejects a file without a required column on line 1", async () => {
    const error = await fatal(alertsCsv, "alerts-missing-column.csv");
    expect(error.message).toBe("alerts-missing-column.csv:1: missing required column created_at");
  });

  it("accepts a header without rows as an export of no alerts", async () => {
    expect(await run(alertsCsv, "header-only.csv")).toEqual({ records: [], problems: [] });
  });
});

describe("alerts-json", () => {
  it("reads a JSON array across the autumn DST change", async () => {
    const { records, problems } = await run(alertsJson, "alerts.json");
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-10",
          // 01:50 is CEST (+02:00), 03:10 CET (+01:00)
          created_at: at("2026-10-24T23:50:00Z"),
          severity: "critical",
          source: "Acme SIEM",
          rule: "Impossible travel",
          disposition: "true_positive",
          triaged_at: at("2026-10-25T02:10:00Z"),
          incident_id: "INC-10",
          attributes: { mitre: '["T1078"]' },
        },
      },
      {
        line: 3,
        record: {
          kind: "alert",
          feed: "alerts",
          external_id: "ALR-11",
          created_at: at("2026-10-26T07:00:00Z"),
          severity: "low",
          source: null,
          rule: "Noisy rule",
          disposition: "false_positive",
          triaged_at: at("2026-10-26T07:05:00Z"),
          incident_id: null,
          attributes: { score: "12.5" },
        },
      },
    ] satisfies Outcome["records"]);
  });

  it("reads NDJSON", async () => {
    const { records, problems } = await run(alertsJson, "alerts.ndjson");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.record.external_id, r.record.severity])).toEqual([
      [1, "ALR-10", "critical"],
      [2, "ALR-12", "info"],
    ]);
  });

  it("rejects a truncated array with the line where the file ends", async () => {
    const error = await fatal(alertsJson, "alerts-truncated.json");
    expect(error.message).toBe(
      "alerts-truncated.json:3: unexpected end of file: the JSON array is not closed",
    );
  });

  it("reports a malformed NDJSON line and reads the lines around it", async () => {
    const { records, problems } = await run(alertsJson, "alerts-bad-line.ndjson");
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(problems).toHaveLength(1);
    // the rest of the reason is V8's JSON.parse message
    expect(problems[0]).toMatch(
      /^alerts-bad-line\.ndjson:2: invalid JSON: Unexpected non-whitespace character/,
    );
  });

  it("rejects an empty file", async () => {
    const error = await fatal(alertsJson, "empty.ndjson");
    expect(error.message).toBe("empty.ndjson:1: empty file: expected a JSON array or NDJSON");
  });
});

describe("alert format detection", () => {
  const sample = (name: string) => ({ name, head: readFileSync(join(FIXTURES, name), "utf8") });

  it.each([
    ["alerts.csv", "alerts-csv"],
    ["alerts-bad-rows.csv", "alerts-csv"],
    ["header-only.csv", "alerts-csv"],
    ["alerts.json", "alerts-json"],
    ["alerts.ndjson", "alerts-json"],
    ["alerts-bad-line.ndjson", "alerts-json"],
  ])("detects %s as %s", (name, id) => {
    expect(detectImporter(sample(name)).id).toBe(id);
  });

  it("rejects a CSV no importer recognises, naming the file and the way out", () => {
    let error: unknown;
    try {
      detectImporter(sample("unknown.csv"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecmetricsError);
    expect(error).toMatchObject({
      code: "unknown_format",
      message: "unknown.csv: cannot tell which format this is",
    });
    // name, email, last_login: only `name` is a known column (of accounts), too little to be "like" it.
    expect((error as SecmetricsError).hint).toBe(
      "name it with --format (`secmetrics import --help` lists the formats)",
    );
  });

  it("names the known formats for an unknown --format", () => {
    expect(() => findImporter("alerts-xml")).toThrow('unknown format "alerts-xml"');
  });
});
