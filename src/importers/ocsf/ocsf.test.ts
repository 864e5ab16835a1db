import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Alert, Incident } from "../../domains/detection-response/records.ts";
import type { AuthEvent, HttpEvent, TlsHandshake } from "../../domains/prevention/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ParsedItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { ocsf } from "./ocsf.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ZONE = "Europe/Berlin";

async function collect(input: Readable, file: string): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const item of ocsf.parse(input, { file, timezone: ZONE })) items.push(item);
  return items;
}

const parseFixture = (name: string) => collect(createReadStream(join(FIXTURES, name)), name);
const parseText = (name: string, text: string) => collect(Readable.from([Buffer.from(text)]), name);

function recordAt(items: ParsedItem[], line: number) {
  const item = items.find((i) => i.line === line);
  if (!item || !("record" in item)) throw new Error(`no record on line ${line}: ${JSON.stringify(item)}`);
  return item.record;
}

describe("ocsf importer on real Detection Findings (ocsf/examples)", () => {
  it("maps GuardDuty via Security Hub (OCSF 1.1.0, _dt times only)", async () => {
    const items = await parseFixture("detection-findings.json");
    expect(items.map((i) => i.line)).toEqual([2, 61, 106]);
    expect(recordAt(items, 2)).toEqual({
      kind: "alert",
      feed: "ocsf",
      external_id:
        "arn:aws:guardduty:us-east-2:111111111111:detector/1ac1bfceda6679698215d5d0EXAMPLE/finding/a6c556fcbc9bea427a19f8b787099a0b",
      // finding_info.created_time_dt 2023-09-19T11:05:22.487-04:00
      created_at: Date.parse("2023-09-19T15:05:22.487Z"),
      severity: "low",
      source: "GuardDuty",
      rule: null,
      disposition: "open",
      triaged_at: null,
      incident_id: null,
      attributes: {
        ocsf_class: "Detection Finding",
        ocsf_version: "1.1.0",
        product: "GuardDuty",
        vendor: "Amazon",
        activity: "Create",
        title: "AWS CloudTrail trail arn:aws:cloudtrail:us-east-2:111111111111:trail/delete-me was disabled.",
        status: "New",
        src_url:
          "https://us-east-2.console.aws.amazon.com/guardduty/home?region=us-east-2#/findings?macros=current&fId=a6c556fcbc9bea427a19f8b787099a0b",
      },
    } satisfies Alert);
  });

  it("maps Okta (epoch seconds, severity Unknown, a control's disposition that is not a triage)", async () => {
    const items = await parseFixture("detection-findings.json");
    expect(recordAt(items, 61)).toEqual({
      kind: "alert",
      feed: "ocsf",
      external_id: "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a",
      // time 1723564700 is seconds: its time_dt says 2024-08-13T15:58:20.000Z
      created_at: Date.parse("2024-08-13T15:58:20.000Z"),
      severity: null,
      source: "Okta System Log",
      rule: null,
      disposition: "open",
      triaged_at: null,
      incident_id: null,
      attributes: {
        ocsf_class: "Detection Finding",
        ocsf_version: "1.3.0",
        product: "Okta System Log",
        vendor: "Okta",
        activity: "Create",
        title: "Login Failures",
      },
    } satisfies Alert);
  });

  it("refuses Prowler's finding: a check result, passes included, not an alert", async () => {
    // metadata.product.name "Prowler" (status_code FAIL here, but Prowler writes PASS findings alike).
    const items = await parseFixture("detection-findings.json");
    expect(items.find((i) => i.line === 106)).toEqual({
      line: 106,
      problem:
        "a Prowler check result (metadata.product.name Prowler), not an alert: import the file with --format prowler-ocsf",
    });
  });
});

describe("ocsf importer on a real Incident Finding (Splunk ES notable)", () => {
  it("takes the identity from metadata.uid and detection from finding_info_list", async () => {
    const items = await parseFixture("splunk-es-incident.ndjson");
    expect(items).toHaveLength(1);
    expect(recordAt(items, 1)).toEqual({
      kind: "incident",
      feed: "ocsf",
      external_id: "79e20961-02b2-4f2b-b33b-99cb7bd30739@@notable@@time1771254903",
      title: "24 hour risk threshold exceeded for system=10.0.1.4",
      severity: "high",
      status: "New",
      started_at: null,
      detected_at: 1771254903000,
      reported_at: 1771254903000,
      acknowledged_at: null,
      responded_at: null,
      recovered_at: null,
      closed_at: null,
      event_kind: "incident",
      synthetic: false,
      root_cause: null,
      root_cause_category: null,
      service: null,
      owner: "unassigned",
      reported_by: null,
      attributes: {
        ocsf_class: "Incident Finding",
        ocsf_version: "1.7.0",
        product: "Enterprise Security",
        vendor: "Splunk",
        activity: "Create",
        verdict: "Unknown",
        finding_uids: '["79e20961-02b2-4f2b-b33b-99cb7bd30739@@notable@@time1771254903"]',
      },
    } satisfies Incident);
  });
});

describe("ocsf importer on real Authentication and HTTP Activity events (ocsf/examples)", () => {
  it("maps Okta's login (status_id 1) to a successful attempt", async () => {
    expect(await parseFixture("okta-authentication.ndjson")).toEqual([
      {
        line: 1,
        record: {
          kind: "auth_event",
          feed: "ocsf",
          external_id: "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a",
          at: Date.parse("2024-08-13T15:58:20Z"),
          outcome: "success",
          // auth_protocol Unknown and logon_type Other name no method.
          method: "unknown",
          user: "John Doe",
          invalid_user: false,
          source_ip: null,
          host: null,
          service: "Okta System Log",
        } satisfies AuthEvent,
      },
    ]);
  });

  it("reads the status caption when status_id is absent (CloudTrail) and skips an event with no outcome (GitHub)", async () => {
    const items = await parseFixture("authentication.ndjson");
    expect(items).toEqual([
      {
        line: 1,
        record: {
          kind: "auth_event",
          feed: "ocsf",
          external_id: "fed06f42-cb12-4764-8c69-example",
          at: Date.parse("2023-11-10T16:24:34Z"),
          outcome: "success",
          method: "unknown",
          // user has no name, only the ARN.
          user: "arn:aws:iam::111122223333:user/anaya",
          invalid_user: false,
          source_ip: "192.0.2.0",
          host: null,
          service: "CloudTrail",
        } satisfies AuthEvent,
      },
    ]);
  });

  it("keeps Zeek's 404 as an HTTP event (epoch seconds, no TLS)", async () => {
    expect(await parseFixture("zeek-http-activity.ndjson")).toEqual([
      {
        line: 1,
        record: {
          kind: "http_event",
          feed: "ocsf",
          external_id: "CbNapWwSGFIOYRBzk",
          at: 1729092237000,
          status: 404,
          method: "POST",
          path: "/wp-includes/css/wp-config.php",
          client_ip: "172.70.175.90",
          host: "lifeisnetwork.com",
          user: null,
          rate_limited: false,
          source: "access",
        } satisfies HttpEvent,
      },
    ]);
  });
});

describe("ocsf importer on real Windows logons, one pretty-printed event per file (ocsf/examples)", () => {
  it("maps 4624 and 4625, and reads the source address `-` as no address", async () => {
    const records = [
      ...(await parseFixture("windows-4624-logon.json")),
      ...(await parseFixture("windows-4625-failed-logon.json")),
    ];
    // jq -c '[.status_id, .src_endpoint.ip, .user.name, .dst_endpoint.hostname, .auth_protocol,
    //   .logon_type, .metadata.uid, .time, .metadata.product.name]' on each file →
    // [1,"-","SYSTEM","win-dc-725.attackrange.local","Other","OS Service","ce13…",1615564094000,"Microsoft Windows"]
    // [2,"-","Administrator","EC2AMAZ-6KJ2BPP","NTLM","Network","a738…",1602175307000,"Microsoft Windows"]
    // (auth_protocol "Other" is no protocol, so the logon type names the method)
    expect(records).toEqual([
      {
        line: 1,
        record: {
          kind: "auth_event",
          feed: "ocsf",
          external_id: "ce139867-ced1-4742-9bb0-ad1926b8bbe1",
          at: 1615564094000,
          outcome: "success",
          method: "OS Service",
          user: "SYSTEM",
          invalid_user: false,
          source_ip: null,
          host: "win-dc-725.attackrange.local",
          service: "Microsoft Windows",
        } satisfies AuthEvent,
      },
      {
        line: 1,
        record: {
          kind: "auth_event",
          feed: "ocsf",
          external_id: "a738d6e6-4ebd-49bb-805e-45d0604a1bef",
          at: 1602175307000,
          outcome: "failure",
          method: "NTLM",
          user: "Administrator",
          invalid_user: false,
          source_ip: null,
          host: "EC2AMAZ-6KJ2BPP",
          service: "Microsoft Windows",
        } satisfies AuthEvent,
      },
    ]);
  });
});

describe("ocsf importer on hand-made Authentication and HTTP Activity edge cases", () => {
  const T0 = Date.parse("2026-03-02T10:00:00Z");

  it("keeps responses of 400 or more and TLS versions below the minimum, nothing else", async () => {
    const items = await parseFixture("hand-made-activity.ndjson");
    const summary = items.map((i) =>
      "record" in i
        ? [
            i.line,
            i.record.kind,
            "status" in i.record ? i.record.status : null,
            "protocol" in i.record ? i.record.protocol : null,
          ]
        : [i.line, "problem"],
    );
    expect(summary).toEqual([
      [1, "http_event", 401, null],
      // tls.version "1.2" is not below TLSv1.2; 429 is a rate-limit rejection.
      [2, "http_event", 429, null],
      // A 200 over TLS 1.0: only the handshake.
      [3, "tls_handshake", null, "TLSv1"],
      // Zeek-style "TLSv11" is TLS 1.1: the handshake and the 403.
      [4, "tls_handshake", null, "TLSv1.1"],
      [4, "http_event", 403, null],
      // Line 5 (200 over TLS 1.3) yields nothing.
      [6, "auth_event", null, null],
      // Line 7 is a Logoff: no attempt.
      [8, "auth_event", null, null],
    ]);
    expect(recordAt(items, 2)).toMatchObject({ rate_limited: true, at: T0 + 1000 });
    expect(recordAt(items, 3)).toEqual({
      kind: "tls_handshake",
      feed: "ocsf",
      external_id: "hm-3",
      at: T0 + 2000,
      protocol: "TLSv1",
      refused: false,
      client_ip: "203.0.113.22",
      host: "shop.example",
      source: "ocsf",
    } satisfies TlsHandshake);
    expect(recordAt(items, 6)).toEqual({
      kind: "auth_event",
      feed: "ocsf",
      external_id: "hm-auth-1",
      at: T0 + 5000,
      outcome: "failure",
      method: "Network",
      user: "root",
      invalid_user: false,
      source_ip: "203.0.113.30",
      host: "bastion-1",
      service: "sshd",
    } satisfies AuthEvent);
    // No metadata.uid: a digest of the event; auth_protocol wins over logon_type; user.uid without a name.
    expect(recordAt(items, 8)).toMatchObject({
      external_id: expect.stringMatching(/^sha1:[0-9a-f]{40}$/),
      method: "Kerberos",
      user: "S-1-5-21-1",
    });
  });

  it("applies the configured minimum to tls.version", async () => {
    const items: ParsedItem[] = [];
    for await (const item of ocsf.parse(createReadStream(join(FIXTURES, "hand-made-activity.ndjson")), {
      file: "hand-made-activity.ndjson",
      timezone: ZONE,
      minimumTls: "TLSv1.3",
    }))
      items.push(item);
    const protocols = items.flatMap((i) =>
      "record" in i && i.record.kind === "tls_handshake" ? [(i.record as TlsHandshake).protocol] : [],
    );
    expect(protocols).toEqual(["TLSv1.2", "TLSv1", "TLSv1.1"]);
  });

  it("reports a tls.version that names no TLS version", async () => {
    const line = JSON.stringify({
      class_uid: 4002,
      metadata: { version: "1.3.0", uid: "x" },
      time: 1772445600000,
      tls: { version: "h2" },
    });
    expect(await parseText("tls.ndjson", `${line}\n`)).toEqual([
      { line: 1, problem: 'tls.version: "h2" is not a TLS version' },
    ]);
  });
});

describe("ocsf importer on hand-made edge cases", () => {
  it("derives incident times from finding_info_list and resolution from the last modification", async () => {
    const items = await parseFixture("hand-made-findings.ndjson");
    expect(recordAt(items, 1)).toEqual({
      kind: "incident",
      feed: "ocsf",
      external_id: "INC-1001",
      title: "Credential stuffing against the login API",
      severity: "high",
      status: "Resolved",
      started_at: Date.parse("2026-03-02T08:30:00Z"),
      // the earlier of the two findings' created_time
      detected_at: Date.parse("2026-03-02T08:50:00Z"),
      reported_at: Date.parse("2026-03-02T09:15:00Z"),
      acknowledged_at: null,
      responded_at: null,
      // the later of the two findings' modified_time; end_time (10:00) is not a recovery
      recovered_at: Date.parse("2026-03-02T13:00:00Z"),
      closed_at: null,
      event_kind: "incident",
      synthetic: false,
      root_cause: null,
      root_cause_category: null,
      service: null,
      owner: "alice",
      reported_by: null,
      attributes: {
        ocsf_class: "Incident Finding",
        ocsf_version: "1.4.0",
        product: "Acme SOAR",
        vendor: "Acme",
        activity: "Update",
        verdict: "True Positive",
        priority: "High",
        src_url: "https://soar.example.com/incidents/1001",
        finding_uids: '["DET-501","DET-502"]',
      },
    } satisfies Incident);
  });

  it("reads _dt times without an offset in the configured zone across the DST change; Test is a drill", async () => {
    const items = await parseFixture("hand-made-findings.ndjson");
    expect(recordAt(items, 2)).toMatchObject({
      external_id: "INC-1002",
      severity: "critical",
      status: "Closed",
      // 01:10+01:00
      started_at: Date.parse("2026-03-29T00:10:00Z"),
      // 01:30 Berlin is still CET (+01:00)
      detected_at: Date.parse("2026-03-29T00:30:00Z"),
      reported_at: Date.parse("2026-03-29T00:30:00Z"),
      // 04:00 Berlin is already CEST (+02:00)
      recovered_at: Date.parse("2026-03-29T02:00:00Z"),
      event_kind: "incident",
      synthetic: true,
      owner: "SOC Tier 2",
      reported_by: null,
      attributes: { verdict: "Test", activity: "Close" },
    });
  });

  it.each([
    [3, "DET-501", "true_positive", Date.parse("2026-03-02T11:10:00Z"), "INC-1001", "medium"],
    [4, "DET-503", "false_positive", Date.parse("2026-03-02T10:15:00Z"), null, "info"],
    [5, "DET-504", "benign", null, null, "critical"],
    [7, "DET-505", "true_positive", Date.parse("2026-03-03T07:45:00Z"), null, "high"],
    [8, "DET-506", "open", null, null, "low"],
  ])("line %i: %s is %s", async (line, id, disposition, triagedAt, incidentId, severity) => {
    const items = await parseFixture("hand-made-findings.ndjson");
    expect(recordAt(items, line)).toMatchObject({
      kind: "alert",
      external_id: id,
      disposition,
      triaged_at: triagedAt,
      incident_id: incidentId,
      severity,
    });
  });

  it("takes the rule from the analytic's name, else its uid", async () => {
    const items = await parseFixture("hand-made-findings.ndjson");
    expect(recordAt(items, 3)).toMatchObject({ rule: "Brute force: 20 failures in 5 minutes" });
    expect(recordAt(items, 4)).toMatchObject({ rule: "R-77" });
    expect(recordAt(items, 5)).toMatchObject({
      rule: null,
      created_at: Date.parse("2026-03-02T12:00:00Z"),
    });
  });

  it("skips the blank line and counts it", async () => {
    const items = await parseFixture("hand-made-findings.ndjson");
    expect(items.map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(items.every((i) => "record" in i)).toBe(true);
  });

  it.each([
    [1, "finding_info.uid or metadata.uid is required"],
    [2, 'severity: unknown severity "Catastrophic" (expected critical, high, medium, low, info, SEVn or Pn)'],
    [3, "detected_at (finding_info_list[0].created_time) is before started_at (start_time)"],
    [4, "time: 1772442300000000 is not a timestamp in epoch milliseconds"],
    [5, 'finding_info.created_time_dt: "yesterday" is not an ISO 8601 timestamp'],
    [6, "finding_info.uid is required"],
    [
      7,
      "triaged_at (finding_info.modified_time) is before created_at (finding_info.created_time); " +
        "severity_id: 7 is not an OCSF severity (0-6 or 99)",
    ],
    [
      8,
      "class_uid 2003 is not supported (Compliance Finding): " +
        "the ocsf format imports Incident Finding (2005), Detection Finding (2004), Authentication (3002) and HTTP Activity (4002)",
    ],
    [10, "class_uid is required"],
    [11, "expected a JSON object"],
  ])("bad row on line %i: %s", async (line, problem) => {
    const items = await parseFixture("hand-made-bad-rows.ndjson");
    expect(items.find((i) => i.line === line)).toEqual({ line, problem });
  });

  it("reports every bad row and nothing else", async () => {
    const items = await parseFixture("hand-made-bad-rows.ndjson");
    // Line 9, an HTTP Activity with neither a response code nor TLS, holds nothing counted: no item.
    expect(items.map((i) => i.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11]);
    expect(items.every((i) => "problem" in i)).toBe(true);
  });

  it.each([
    [99, "SEV1", "critical"],
    [0, "moderate", "medium"],
    [0, "Unknown", null],
    [undefined, "informational", "info"],
    [undefined, undefined, null],
  ])("severity_id %s with caption %s is %s", async (id, caption, expected) => {
    const event = {
      class_uid: 2004,
      metadata: { version: "1.3.0" },
      finding_info: { uid: "x" },
      time: 1772442300000,
      severity_id: id,
      severity: caption,
    };
    const [item] = await parseText("one.ndjson", JSON.stringify(event));
    expect(item).toMatchObject({ record: { severity: expected } });
  });

  it("rejects a truncated array as a whole, with the line where it ends", async () => {
    const text = readFileSync(join(FIXTURES, "detection-findings.json"), "utf8").slice(0, 2000);
    const error = await parseText("cut.json", text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const lines = text.trimEnd().split("\n").length;
    expect((error as InvalidInputError).message).toBe(
      `cut.json:${lines}: unexpected end of file: the JSON array is not closed`,
    );
  });
});

describe("ocsf detection", () => {
  const head = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

  it.each([
    "detection-findings.json",
    "splunk-es-incident.ndjson",
    "okta-authentication.ndjson",
    "hand-made-findings.ndjson",
    "hand-made-bad-rows.ndjson",
    "windows-4624-logon.json",
    "windows-4625-failed-logon.json",
  ])("detects %s as ocsf", (name) => {
    expect(detectImporter({ name, head: head(name) }).id).toBe("ocsf");
  });

  it("detects a pretty-printed event from a sample that ends inside it", () => {
    const text = head("windows-4625-failed-logon.json");
    // Cut inside `src_endpoint`, after `class_uid` and `metadata` are whole.
    const cut = text.slice(0, text.indexOf('"EC2AMAZ-6KJ2BPP",\n    "port"'));
    expect(detectImporter({ name: "event.json", head: cut }).id).toBe("ocsf");
  });

  it("does not claim OCSF 2.x or secmetrics' own JSON", () => {
    const v2 = JSON.stringify({ class_uid: 2004, metadata: { version: "2.0.0" } });
    expect(ocsf.detect({ name: "v2.ndjson", head: v2 })).toBe(false);
    const own = JSON.stringify({ id: "INC-1", detected_at: "2026-03-02T10:00:00Z" });
    expect(ocsf.detect({ name: "own.ndjson", head: own })).toBe(false);
    expect(detectImporter({ name: "own.ndjson", head: own }).id).toBe("incidents-json");
  });
});
