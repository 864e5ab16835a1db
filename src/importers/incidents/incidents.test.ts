import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Incident } from "../../domains/detection-response/records.ts";
import { formatProblems, type InputProblem, InvalidInputError, SecmetricsError } from "../../model/errors.ts";
import type { Importer } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { incidentsCsv, incidentsJson } from "./incidents.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ZONE = "Europe/Berlin";

interface Outcome {
  records: { line: number; record: Incident }[];
  /** As the import reports them: `file:line: reason`. */
  problems: string[];
}

async function run(importer: Importer, name: string, input?: Readable): Promise<Outcome> {
  const outcome: Outcome = { records: [], problems: [] };
  const problems: InputProblem[] = [];
  const source = input ?? createReadStream(join(FIXTURES, name));
  for await (const item of importer.parse(source, { file: name, timezone: ZONE })) {
    if ("problem" in item) problems.push({ line: item.line, reason: item.problem });
    else if ("record" in item) outcome.records.push({ line: item.line, record: item.record as Incident });
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

const NO_TIMES = {
  started_at: null,
  reported_at: null,
  acknowledged_at: null,
  responded_at: null,
  recovered_at: null,
  closed_at: null,
};

describe("incidents-csv", () => {
  it("reads every field, keeps unknown columns and reports the line each record starts on", async () => {
    const { records, problems } = await run(incidentsCsv, "incidents.csv");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.record.external_id])).toEqual([
      [2, "INC-1"],
      [5, "INC-2"],
      [6, "INC-3"],
      [8, "INC-4"],
    ]);
    expect(records[0]?.record).toEqual({
      kind: "incident",
      feed: "incidents",
      external_id: "INC-1",
      title: "Checkout API outage",
      severity: "critical",
      status: "resolved",
      started_at: at("2026-03-28T22:40:00Z"),
      detected_at: at("2026-03-28T23:05:00Z"),
      reported_at: at("2026-03-28T23:10:00Z"),
      acknowledged_at: at("2026-03-28T23:12:00Z"),
      responded_at: at("2026-03-29T00:20:00Z"),
      recovered_at: at("2026-03-29T00:50:00Z"),
      closed_at: at("2026-04-02T14:00:00Z"),
      event_kind: "incident",
      synthetic: false,
      root_cause:
        "Expired TLS certificate on the\npayment gateway; the renewal job\nhad been failing for 3 weeks",
      root_cause_category: "config",
      service: "checkout",
      owner: "alice",
      reported_by: null,
      attributes: { ticket: "JIRA-101", region: "eu-west-1" },
    } satisfies Incident);
  });

  it("reads timestamps without an offset in the configured zone, across the spring DST change", async () => {
    const { records } = await run(incidentsCsv, "incidents.csv");
    expect(records[1]?.record).toEqual({
      kind: "incident",
      feed: "incidents",
      external_id: "INC-2",
      title: "Credential stuffing",
      severity: "high",
      status: "closed",
      // 01:15, 01:40 and 01:55 are CET (+01:00); 03:10 and 04:30 are CEST (+02:00)
      started_at: at("2026-03-29T00:15:00Z"),
      detected_at: at("2026-03-29T00:40:00Z"),
      reported_at: null,
      acknowledged_at: at("2026-03-29T00:55:00Z"),
      responded_at: at("2026-03-29T01:10:00Z"),
      recovered_at: at("2026-03-29T02:30:00Z"),
      closed_at: null,
      event_kind: "incident",
      synthetic: false,
      root_cause: null,
      root_cause_category: null,
      service: "auth",
      owner: "bob",
      reported_by: null,
      attributes: {},
    } satisfies Incident);
  });

  it.each([
    [2, "INC-3", "medium", at("2026-03-30T07:00:00Z"), true],
    [3, "INC-4", "info", at("2026-03-31T10:00:00Z"), false],
  ])(
    "record %i (%s): severity word → %s, offset without a colon, synthetic words",
    async (index, id, severity, detected, synthetic) => {
      const { records } = await run(incidentsCsv, "incidents.csv");
      expect(records[index]?.record).toMatchObject({
        external_id: id,
        severity,
        detected_at: detected,
        synthetic,
        ...NO_TIMES,
      });
    },
  );

  it("gives the same lines and values for CRLF line ends", async () => {
    const crlf = readFileSync(join(FIXTURES, "incidents.csv"), "utf8").replace(/\n/g, "\r\n");
    const lf = await run(incidentsCsv, "incidents.csv");
    const fromCrlf = await run(incidentsCsv, "incidents-crlf.csv", Readable.from([Buffer.from(crlf)]));
    expect(fromCrlf).toEqual(lf);
  });

  it("reads the kind column: near-misses apart, rehearsals synthetic whatever the synthetic column says", async () => {
    const csv = [
      "id,detected_at,kind,synthetic",
      "NM-1,2026-09-01T10:00:00Z,near_miss,",
      "TT-1,2026-09-02T10:00:00Z,tabletop,false",
      "RT-1,2026-09-03T10:00:00Z,red-team,",
      "INC-1,2026-09-04T10:00:00Z,,",
      "X-1,2026-09-05T10:00:00Z,outage,",
    ].join("\n");
    const { records, problems } = await run(incidentsCsv, "kinds.csv", Readable.from([Buffer.from(csv)]));
    expect(records.map((r) => [r.record.external_id, r.record.event_kind, r.record.synthetic])).toEqual([
      ["NM-1", "near_miss", false],
      ["TT-1", "tabletop", true],
      ["RT-1", "red_team", true],
      ["INC-1", "incident", false],
    ]);
    expect(problems).toEqual([
      'kinds.csv:6: kind: "outage" is not one of incident, near_miss, drill, tabletop, red_team',
    ]);
  });

  it("reports each bad row as file:line: reason and still reads the good ones", async () => {
    const { records, problems } = await run(incidentsCsv, "incidents-bad-rows.csv");
    expect(problems).toEqual([
      'incidents-bad-rows.csv:2: detected_at: "yesterday" is not an ISO 8601 timestamp',
      "incidents-bad-rows.csv:3: recovered_at is before detected_at",
      'incidents-bad-rows.csv:4: severity: unknown severity "urgent" (expected critical, high, medium, low, info, SEVn or Pn)',
      'incidents-bad-rows.csv:5: detected_at is before started_at; synthetic: "maybe" is not true or false',
      "incidents-bad-rows.csv:6: id is required",
    ]);
    expect(records.map((r) => [r.line, r.record.external_id])).toEqual([[7, "INC-25"]]);
  });

  it("rejects a file without a required column on line 1", async () => {
    const error = await fatal(incidentsCsv, "incidents-missing-column.csv");
    expect(error.message).toBe("incidents-missing-column.csv:1: missing required column detected_at");
    expect(error.problems).toEqual([{ line: 1, reason: "missing required column detected_at" }]);
  });

  it("rejects an empty file", async () => {
    const error = await fatal(incidentsCsv, "empty.csv");
    expect(error.message).toBe("empty.csv:1: empty file: expected a header row");
  });
});

describe("incidents-json", () => {
  it("reads a JSON array across the autumn DST change, JSON booleans and non-string unknown fields", async () => {
    const { records, problems } = await run(incidentsJson, "incidents.json");
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 16]);
    expect(records[0]?.record).toEqual({
      kind: "incident",
      feed: "incidents",
      external_id: "INC-10",
      title: "DDoS on the edge",
      severity: "high",
      status: "resolved",
      started_at: at("2026-10-24T22:50:00Z"),
      // 01:30 and 01:55 are CEST (+02:00); 03:30 is CET (+01:00) again
      detected_at: at("2026-10-24T23:30:00Z"),
      reported_at: null,
      acknowledged_at: null,
      responded_at: at("2026-10-24T23:55:00Z"),
      recovered_at: at("2026-10-25T02:30:00Z"),
      closed_at: null,
      event_kind: "incident",
      synthetic: false,
      root_cause: null,
      root_cause_category: null,
      service: null,
      owner: "carol",
      reported_by: null,
      attributes: { tags: '["ddos","edge"]', ticket: '{"system":"jira","key":"SEC-7"}' },
    } satisfies Incident);
    expect(records[1]?.record).toMatchObject({
      external_id: "INC-11",
      severity: "low",
      // a date alone is midnight in the zone
      detected_at: at("2026-11-01T23:00:00Z"),
      event_kind: "incident",
      synthetic: true,
      root_cause_category: "process",
      attributes: {},
    });
  });

  it("reads NDJSON with a blank line", async () => {
    const { records, problems } = await run(incidentsJson, "incidents.ndjson");
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.line, r.record.external_id])).toEqual([
      [1, "INC-10"],
      [3, "INC-12"],
    ]);
    expect(records[0]?.record).toMatchObject({
      detected_at: at("2026-10-24T23:30:00Z"),
      recovered_at: at("2026-10-25T02:45:00Z"),
      attributes: { pager: "PD-991" },
    });
    expect(records[1]?.record).toMatchObject({
      title: null,
      severity: "info",
      detected_at: at("2026-11-03T13:00:00Z"),
      acknowledged_at: at("2026-11-03T13:20:00Z"),
    });
  });

  it("rejects a truncated array with the line where the file ends", async () => {
    const error = await fatal(incidentsJson, "incidents-truncated.json");
    expect(error.message).toBe(
      "incidents-truncated.json:4: unexpected end of file: the JSON array is not closed",
    );
  });

  it("reports a malformed NDJSON line and reads the lines around it", async () => {
    const { records, problems } = await run(incidentsJson, "incidents-bad-line.ndjson");
    expect(records.map((r) => [r.line, r.record.external_id])).toEqual([
      [1, "INC-50"],
      [3, "INC-52"],
    ]);
    expect(problems).toHaveLength(1);
    // the rest of the reason is V8's JSON.parse message
    expect(problems[0]).toMatch(
      /^incidents-bad-line\.ndjson:2: invalid JSON: Expected ',' or '}' after property value/,
    );
  });

  it("rejects a file of white space as empty", async () => {
    const error = await fatal(incidentsJson, "blank.json");
    expect(error.message).toBe("blank.json:1: empty file: expected a JSON array or NDJSON");
  });
});

describe("incident format detection", () => {
  const sample = (name: string) => ({ name, head: readFileSync(join(FIXTURES, name), "utf8") });

  it.each([
    ["incidents.csv", "incidents-csv"],
    ["incidents-bad-rows.csv", "incidents-csv"],
    ["incidents.json", "incidents-json"],
    ["incidents.ndjson", "incidents-json"],
    ["incidents-bad-line.ndjson", "incidents-json"],
  ])("detects %s as %s", (name, id) => {
    expect(detectImporter(sample(name)).id).toBe(id);
  });

  it("cannot detect a file that lacks a required column, and says which format it is near", () => {
    const error = (() => {
      try {
        return detectImporter(sample("incidents-missing-column.csv"));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SecmetricsError);
    expect(error).toMatchObject({
      code: "unknown_format",
      // id, title, severity, started_at are all incident columns (4 known); alerts know only id, severity.
      message:
        "incidents-missing-column.csv: cannot tell which format this is; it looks like incidents-csv: missing column detected_at",
    });
  });
});
