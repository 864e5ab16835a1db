import { createReadStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Incident } from "../../domains/detection-response/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { detectImporter } from "../registry.ts";
import { pagerdutyIncidents } from "./pagerduty-incidents.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

async function read(name: string, input?: Readable) {
  const records: { line: number; record: Incident }[] = [];
  const problems: string[] = [];
  const source = input ?? createReadStream(join(FIXTURES, name));
  for await (const item of pagerdutyIncidents.parse(source, { file: name, timezone: "UTC" })) {
    if ("problem" in item) problems.push(`${item.line}: ${item.problem}`);
    else if ("record" in item) records.push({ line: item.line, record: item.record as Incident });
  }
  return { records, problems };
}

const readJson = (document: unknown) =>
  read("inline.json", Readable.from([JSON.stringify(document, null, 2)]));
const at = (iso: string) => Date.parse(iso);

describe("pagerduty-incidents", () => {
  it("times each incident from its log entries: the first acknowledgement, the resolve", async () => {
    const { records, problems } = await read("incidents.json");
    expect(problems).toEqual([]);
    // jq -r '.incidents[] | .id' incidents.json: five incidents.
    expect(
      records.map(({ record: r }) => [
        r.external_id,
        r.severity,
        r.status,
        r.acknowledged_at,
        r.recovered_at,
      ]),
    ).toEqual([
      // Acknowledged 10:04, unacknowledged by timeout 10:34, acknowledged again 10:40: the first counts.
      ["Q0ABC001", "critical", "resolved", at("2026-11-02T10:04:00Z"), at("2026-11-02T11:30:00Z")],
      // No priority, urgency low, no severities map: no severity rather than a guess.
      ["Q0ABC002", null, "resolved", at("2026-11-05T08:10:00Z"), at("2026-11-05T09:00:00Z")],
      ["Q0ABC003", "medium", "acknowledged", at("2026-11-10T22:20:00Z"), null],
      ["Q0ABC004", "high", "triggered", null, null],
      // Auto-resolved, never acknowledged.
      ["Q0ABC005", null, "resolved", null, at("2026-11-25T00:30:00Z")],
    ]);
    expect(records[0]).toEqual({
      line: 4,
      record: {
        kind: "incident",
        feed: "pagerduty",
        external_id: "Q0ABC001",
        title: "Checkout error rate above 5%",
        severity: "critical",
        status: "resolved",
        started_at: null,
        detected_at: at("2026-11-02T10:00:00Z"),
        reported_at: null,
        acknowledged_at: at("2026-11-02T10:04:00Z"),
        responded_at: null,
        recovered_at: at("2026-11-02T11:30:00Z"),
        closed_at: null,
        event_kind: "incident",
        synthetic: false,
        root_cause: null,
        root_cause_category: null,
        service: "Payments API",
        owner: "Payments SRE",
        reported_by: null,
        attributes: {
          incident_number: "101",
          urgency: "high",
          priority: "P1",
          escalation_policy: "Payments on-call",
          html_url: "https://acme.pagerduty.com/incidents/Q0ABC001",
        },
      },
    });
  });

  it("reads log entries carried by each incident the same as listed beside them", async () => {
    const listed = await read("incidents.json");
    const nested = await read("incidents-nested.json");
    expect(nested.problems).toEqual([]);
    expect(nested.records.map((r) => r.record)).toEqual(listed.records.map((r) => r.record));
  });

  it("reads the API reference's own example, resolved by its resolved_at when no resolve entry is listed", async () => {
    const { records, problems } = await read("reference-example.json");
    expect(problems).toEqual([]);
    expect(
      records.map(({ record: r }) => [r.external_id, r.severity, r.acknowledged_at, r.recovered_at]),
    ).toEqual([["PT4KHLK", "high", null, at("2015-10-06T21:38:23Z")]]);
  });

  it("maps priorities and urgencies through the document's severities, and refuses an unknown priority", async () => {
    const base = { id: "X1", type: "incident", created_at: "2026-11-01T00:00:00Z", status: "triggered" };
    const { records, problems } = await readJson({
      incidents: [
        { ...base, id: "X1", priority: { summary: "Sev-A" } },
        { ...base, id: "X2", urgency: "low" },
        { ...base, id: "X3", priority: { summary: "Whenever" } },
        { ...base, id: "X4", priority: { summary: "SEV2" } },
      ],
      severities: { "Sev-A": "critical", "urgency:low": "low" },
    });
    expect(records.map(({ record: r }) => [r.external_id, r.severity])).toEqual([
      ["X1", "critical"],
      ["X2", "low"],
      ["X4", "high"],
    ]);
    expect(problems).toEqual([
      '20: incident X3: priority "Whenever" is not a severity: map it in severities',
    ]);
  });

  // Lines counted in the two-space-indented JSON: "{", "incidents": [, "{", then the id line.
  it("names the incident whose times cannot be read", async () => {
    const { problems } = await readJson({
      incidents: [
        { id: "B1", type: "incident", created_at: "yesterday", status: "triggered" },
        { id: "B2", type: "incident", created_at: "2026-11-01T10:00:00Z", status: "resolved" },
        {
          id: "B3",
          type: "incident",
          created_at: "2026-11-01T10:00:00Z",
          status: "acknowledged",
          acknowledgements: [{ at: "2026-11-01T09:00:00Z" }],
        },
      ],
    });
    expect(problems).toEqual([
      '4: incident B1: created_at "yesterday" is not a timestamp',
      "10: incident B2: resolved, but neither a resolve_log_entry nor resolved_at says when",
      "16: incident B3: acknowledged before it was created",
    ]);
  });

  it("refuses a document that is no incident listing, naming the file", async () => {
    const error = await readJson({ log_entries: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String((error as Error).message)).toContain("inline.json:1: not a PagerDuty incident listing");
  });

  it("is detected from the head of a listing, and only of one", () => {
    const head = (name: string, text: string) => detectImporter({ name, head: text })?.id;
    expect(
      head("pd.json", '{\n  "incidents": [\n    {\n      "id": "PT4KHLK",\n      "type": "incident",'),
    ).toBe("pagerduty-incidents");
    expect(
      pagerdutyIncidents.detect({ name: "x.json", head: '[{"id": "INC-1", "detected_at": "2026-01-01"}]' }),
    ).toBe(false);
  });
});
