import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { jiraMappingSchema } from "../../config/jira.ts";
import type { Incident } from "../../domains/detection-response/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { jiraIssues } from "./jira-issues.ts";

const FIXTURE = fileURLToPath(new URL("fixtures/search-jql-incidents.json", import.meta.url));
const h = (hours: number) => hours * 3_600_000;

async function parse(input: Readable, jira = jiraMappingSchema.parse(undefined)) {
  const items: RecordItem<Incident>[] = [];
  for await (const item of jiraIssues.parse(input, { timezone: "UTC", file: "jira.json", jira }))
    items.push(item);
  return items;
}

const page = (issues: unknown[]) => Readable.from([JSON.stringify({ issues })]);

describe("Jira search results as incidents", () => {
  it("reads the incident types' issues with times from their status transitions, and leaves the others out", async () => {
    const items = await parse(createReadStream(FIXTURE));
    const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
    // Hand count: 4 issues, SEC-4 is a Bug: 3 incidents, one left out.
    expect(items.flatMap((item) => ("leftOut" in item ? [item] : []))).toEqual([
      {
        line: expect.any(Number),
        leftOut: "SEC-4: issue type Bug is not an incident type (jira_incidents.incident_types)",
      },
    ]);
    expect(items.flatMap((item) => ("problem" in item ? [item] : []))).toEqual([]);
    const created1 = Date.parse("2026-09-01T08:00:00Z");
    // SEC-2 was created at 12:00+0200: 10:00 UTC.
    const created2 = Date.parse("2026-09-03T10:00:00Z");
    const created3 = Date.parse("2026-09-10T09:00:00Z");
    expect(
      records.map((r) => [
        r.external_id,
        r.severity,
        r.status,
        r.detected_at,
        r.acknowledged_at,
        r.responded_at,
        r.recovered_at,
        r.closed_at,
      ]),
    ).toEqual([
      // To Do → In Progress 08:30 → Done 10:00; no mitigation status: responded when resolved.
      [
        "SEC-1",
        "high",
        "Done",
        created1,
        created1 + h(0.5),
        created1 + h(2),
        created1 + h(2),
        created1 + h(2),
      ],
      // In Progress 11:00Z, Mitigated 14:00, Done 15:00, reopened 16:00, Done again 18:00: recovered at the last.
      [
        "SEC-2",
        "critical",
        "Done",
        created2,
        created2 + h(1),
        created2 + h(4),
        created2 + h(8),
        created2 + h(8),
      ],
      // In Progress at 09:15 and still open: neither responded nor recovered.
      ["SEC-3", "medium", "In Progress", created3, created3 + h(0.25), null, null, null],
    ]);
    expect(records[0]).toMatchObject({
      feed: "jira",
      title: "Credential stuffing against the login API",
      service: "payments-api",
      owner: "Mia Krystof",
      synthetic: false,
      event_kind: "incident",
      attributes: { issue_type: "Incident", project: "SEC", resolution: "Done" },
    });
  });

  it("follows the configured statuses and severity field, and names what it cannot read", async () => {
    const mapping = jiraMappingSchema.parse({
      incident_types: ["Bug"],
      severity_field: "customfield_10050",
      severity_map: { "SEV-1": "critical" },
      acknowledged_statuses: ["Triage"],
    });
    const issue = (key: string, severity: unknown, extra: Record<string, unknown> = {}) => ({
      key,
      fields: {
        issuetype: { name: "bug" },
        created: "2026-09-01T08:00:00.000+0000",
        customfield_10050: severity,
      },
      changelog: {
        total: 1,
        histories: [
          { created: "2026-09-01T08:05:00.000+0000", items: [{ field: "status", toString: "Triage" }] },
        ],
      },
      ...extra,
    });
    const items = await parse(
      page([
        issue("OPS-1", { value: "SEV-1" }),
        issue("OPS-2", "SEV-9"),
        issue("OPS-3", null, { changelog: { total: 140, histories: [] } }),
        { key: "OPS-4", fields: { issuetype: { name: "Bug" }, created: "yesterday" } },
      ]),
      mapping,
    );
    expect(items.map((item) => ("record" in item ? item.record.acknowledged_at : item))).toEqual([
      Date.parse("2026-09-01T08:05:00Z"),
      { line: 1, problem: 'fields.customfield_10050: "SEV-9" is not in jira_incidents.severity_map' },
      {
        line: 1,
        problem:
          "changelog: 0 of 140 changes: the rest is at /rest/api/3/issue/{key}/changelog (a jira source fetches it)",
      },
      { line: 1, problem: 'fields.created: "yesterday" is not an ISO 8601 timestamp' },
    ]);
  });

  it("refuses a document that is no search response", async () => {
    expect(await parse(Readable.from(['{"values": []}']))).toEqual([
      { line: 1, problem: 'expected a Jira search response: an object with an "issues" array' },
    ]);
  });

  it("is detected from a page saved from the API", () => {
    const head = readFileSync(FIXTURE, "utf8").slice(0, 4096);
    expect(detectImporter({ name: "issues.json", head })?.id).toBe("jira-issues");
  });
});
