import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AuditFinding } from "../../domains/audit-findings/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { controlOf, oscalAssessmentResults } from "./oscal-assessment-results.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable) {
  const items: RecordItem<AuditFinding>[] = [];
  for await (const item of oscalAssessmentResults.parse(input, { timezone: "UTC", file: "sar.json" }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

/** An assessment results document of one result with the given findings and risks. */
const results = (findings: object[], risks: object[] = []) =>
  Readable.from([
    JSON.stringify(
      {
        "assessment-results": {
          uuid: "ar",
          results: [
            { uuid: "r", start: "2026-09-01T00:00:00Z", end: "2026-09-10T00:00:00Z", findings, risks },
          ],
        },
      },
      null,
      2,
    ),
  ]);
const finding = (uuid: string, state: string, extra: object = {}) => ({
  uuid,
  title: uuid,
  target: { type: "objective-id", "target-id": "ac-2_obj", status: { state } },
  ...extra,
});

describe("OSCAL assessment results", () => {
  it("NIST's example: its one finding, not satisfied, is an open external finding on AC-6(1)", async () => {
    // jq '."assessment-results".results[].findings[] | [.uuid, .target."target-id", .target.status.state]'
    // → one finding, ac-6.1_obj, not-satisfied; its related risk 0cfa750e… is `investigating`, no deadline,
    // no characterization (jq .uuid gives the document uuid). Its result ran 2023-06-02T08:31:20-04:00 to 08:46:51-04:00.
    const { records, problems } = await parse(
      createReadStream(fixture("ifa_assessment-results-example.json")),
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        kind: "audit_finding",
        feed: "oscal-assessment-results",
        external_id: "45d8a6c2-1368-4bad-9ba0-7141f0a32889",
        snapshot_at: Date.parse("2023-06-02T12:46:51Z"),
        source: "external",
        control: "AC-6(1)",
        title: "GoodRead AwesomeCloud Account's System Engineer Role Permits High Risk Actions",
        severity: "medium",
        status: "in_progress",
        opened_at: Date.parse("2023-06-02T12:31:20Z"),
        due_at: null,
        closed_at: null,
        owner: null,
        attributes: {
          assessment_results: "ec0dad37-54e0-40fd-a925-6d0bdea94c0d",
          result: "a1d20136-37e0-42aa-9834-4e9d8c36d798",
          target: "ac-6.1_obj",
          state: "not-satisfied",
          severity: "not rated",
          risks: "0cfa750e-3553-47ba-a7ba-cf84a884d261:investigating",
          observations: "8807eb6e-0c05-43bc-8438-799739615e34",
        },
      },
    ]);
  });

  it("FedRAMP's SAR template: 8 findings in its first result, 3 satisfied, 4 not, 1 repeating a uuid", async () => {
    // jq -r '."assessment-results".results[].findings[]? | [.uuid, .target."target-id", .target.status.state] | @tsv'
    // → ac-1.a.1_obj.1/.2/.3 satisfied; au-1_smt.a, ra-5_smt.a, cm-2.1_smt.c, at-2.c_obj.2 and ca-8.1_obj
    // not-satisfied, the last two both uuid b56edab1… (lines 2010 and 2052 by grep -n). The other two
    // results have no findings. Risks: ac-1's 1689ec06… impact high; cm-2.1's ae628cc5… closed, impact
    // high; ca-8.1's e552fb72… impact high; the other not-satisfied ones have no risk.
    const { records, problems } = await parse(createReadStream(fixture("FedRAMP-SAR-OSCAL-Template.json")));
    expect(records.map((r) => [r.control, r.status, r.severity])).toEqual([
      ["AC-1", "closed", "high"],
      ["AC-1", "closed", "high"],
      ["AC-1", "closed", "high"],
      ["AU-1", "open", "medium"],
      ["RA-5", "open", "medium"],
      ["CM-2(1)", "open", "high"],
      ["AT-2", "open", "medium"],
    ]);
    expect(problems).toEqual([
      {
        line: 2052,
        problem:
          "uuid b56edab1-8cdc-45f9-8589-35f1bd7b3348 is already used by another finding of this result",
      },
    ]);
    // The 2023 annual assessment ran 2023-03-01 to 2023-03-12: a satisfied objective closes at its end.
    const [satisfied] = records;
    expect([satisfied?.opened_at, satisfied?.closed_at, satisfied?.snapshot_at]).toEqual([
      Date.parse("2023-03-01T00:00:00Z"),
      Date.parse("2023-03-12T00:00:00Z"),
      Date.parse("2023-03-12T00:00:00Z"),
    ]);
    expect(new Set(records.map((r) => r.source))).toEqual(new Set(["external"]));
  });

  it("reads a risk's approved deviation, its deadline and a source prop", async () => {
    const { records } = await parse(
      results(
        [
          finding("f1", "not-satisfied", { "related-risks": [{ "risk-uuid": "k1" }] }),
          finding("f2", "not-satisfied", {
            props: [{ name: "source", value: "pentest" }],
            "related-risks": [{ "risk-uuid": "k2" }],
          }),
        ],
        [
          { uuid: "k1", status: "deviation-approved", deadline: "2026-12-31T00:00:00Z" },
          {
            uuid: "k2",
            status: "open",
            deadline: "2026-10-15T00:00:00Z",
            characterizations: [{ facets: [{ name: "risk", value: "Critical" }] }],
          },
        ],
      ),
    );
    expect(records.map((r) => [r.external_id, r.status, r.source, r.severity, r.due_at])).toEqual([
      ["f1", "risk_accepted", "external", "medium", Date.parse("2026-12-31T00:00:00Z")],
      ["f2", "open", "pentest", "critical", Date.parse("2026-10-15T00:00:00Z")],
    ]);
  });

  it("refuses a finding without a determination or target, by the line its uuid is on", async () => {
    const bad = [finding("ok", "satisfied"), finding("f2", "other"), { uuid: "f3", target: {} }];
    const { records, problems } = await parse(results(bad));
    expect(records.map((r) => r.external_id)).toEqual(["ok"]);
    // Pretty-printed by 2: 11 lines of header and finding "ok" from line 10 to 20, then `{` and f2's uuid
    // on line 22; f2 runs 11 lines to 31, `{` and f3's uuid on line 33.
    expect(problems).toEqual([
      { line: 22, problem: 'target.status.state: "other" is not satisfied or not-satisfied' },
      {
        line: 33,
        problem:
          'target.status.state: "" is not satisfied or not-satisfied; a finding needs a target.target-id',
      },
    ]);
    await expect(parse(Readable.from(['{"assessment-results": []}']))).rejects.toThrow(InvalidInputError);
  });

  it("maps objective and statement ids to their control", () => {
    expect(["ac-6.1_obj", "ac-1.a.1_obj.2", "au-1_smt.a", "si-4.10_obj.b-1", "ra-5"].map(controlOf)).toEqual([
      "AC-6(1)",
      "AC-1",
      "AU-1",
      "SI-4(10)",
      "RA-5",
    ]);
  });

  it("is told apart from an OSCAL POA&M, both ways", () => {
    const head = (name: string) => readFileSync(fixture(name), "utf8").slice(0, 4096);
    const poam = fileURLToPath(
      new URL("../oscal-poam/fixtures/FedRAMP-POAM-OSCAL-Template.json", import.meta.url),
    );
    expect(detectImporter({ name: "sar.json", head: head("FedRAMP-SAR-OSCAL-Template.json") }).id).toBe(
      "oscal-assessment-results",
    );
    expect(detectImporter({ name: "ar.json", head: head("ifa_assessment-results-example.json") }).id).toBe(
      "oscal-assessment-results",
    );
    expect(detectImporter({ name: "poam.json", head: readFileSync(poam, "utf8").slice(0, 4096) }).id).toBe(
      "oscal-poam",
    );
  });
});
