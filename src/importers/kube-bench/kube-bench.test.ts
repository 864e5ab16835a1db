import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../domains/compliance-checks/records.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { detectKubeBench, kubeBenchImporter } from "./kube-bench.ts";

const path = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
const RUN_AT = Date.UTC(2026, 8, 1, 10);
const ctx = (extra: Partial<ImportContext> = {}): ImportContext => ({
  file: "kube-bench.json",
  timezone: "UTC",
  target: "node-1",
  scannedAt: RUN_AT,
  ...extra,
});

async function items(input: Readable, context = ctx()): Promise<RecordItem<CheckResult>[]> {
  const found: RecordItem<CheckResult>[] = [];
  for await (const item of kubeBenchImporter.parse(input, context))
    found.push(item as RecordItem<CheckResult>);
  return found;
}

async function records(name: string): Promise<CheckResult[]> {
  const found = await items(createReadStream(path(name)));
  expect(found.filter((item) => !("record" in item))).toEqual([]);
  return found.flatMap((item) => ("record" in item ? [item.record] : []));
}

/** How many results of each value per node type: `profile result` → count. */
function tally(found: CheckResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of found) counts[`${r.profile} ${r.result}`] = (counts[`${r.profile} ${r.result}`] ?? 0) + 1;
  return counts;
}

const json = (value: unknown) => Readable.from([JSON.stringify(value, null, 2)]);

describe("kube-bench", () => {
  it("reads {Controls, Totals} (CIS 1.6), and its counts equal the file's totals", async () => {
    // jq -r '.Controls[] | .node_type as $n | .tests[].results[] | "\($n) \(.status)"' | sort | uniq -c
    const found = await records("kube-bench-cis-1.6-controls-totals.json");
    expect(tally(found)).toEqual({
      "master pass": 27,
      "master fail": 26,
      "master notchecked": 12,
      "etcd pass": 7,
      "controlplane notchecked": 3,
      "node pass": 3,
      "node fail": 10,
      "node notchecked": 10,
      "policies notchecked": 24,
    });
    const file = JSON.parse(readFileSync(path("kube-bench-cis-1.6-controls-totals.json"), "utf8"));
    const count = (result: string) => found.filter((r) => r.result === result).length;
    expect({
      total_pass: count("pass"),
      total_fail: count("fail"),
      total_warn: count("notchecked"),
      total_info: count("informational"),
    }).toEqual(file.Totals); // 37 / 36 / 49 / 0
    expect(new Set(found.map((r) => r.asset))).toEqual(new Set(["node-1"]));
    expect(found[0]).toEqual({
      kind: "check_result",
      feed: "kube-bench",
      external_id: `node-1|1.1.1|${RUN_AT}`,
      asset: "node-1",
      check_id: "1.1.1",
      result: "fail",
      checked_at: RUN_AT,
      benchmark: "CIS Kubernetes 1.6",
      profile: "master",
      severity: null,
      title:
        "Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Automated)",
      controls: { "CIS Kubernetes 1.6": ["1.1.1"] },
      suppressed: false,
    });
  });

  it("reads an older release's bare array (CIS 1.5, etcd 1.15)", async () => {
    // jq -r '.[] | .version as $v | .tests[].results[] | "\($v) \(.test_number) \(.status)"'
    // → 1.5 1.1.1 PASS (line 17), 1.15 2.1 PASS (54), 1.5 3.1.1 WARN (91); grep -n test_number.
    const found = await items(createReadStream(path("kube-bench-cis-1.5-array.json")));
    expect(
      found.map((item) =>
        "record" in item
          ? [item.line, item.record.check_id, item.record.result, item.record.benchmark]
          : item,
      ),
    ).toEqual([
      [17, "1.1.1", "pass", "CIS Kubernetes 1.5"],
      [54, "2.1", "pass", "CIS Kubernetes 1.15"],
      [91, "3.1.1", "notchecked", "CIS Kubernetes 1.5"],
    ]);
  });

  it("refuses a file without --target or --scanned-at, naming the option", async () => {
    const file = () => createReadStream(path("kube-bench-cis-1.5-array.json"));
    await expect(items(file(), ctx({ target: undefined }))).rejects.toThrow(
      "kube-bench.json:1: kube-bench JSON names no node: give the node with --target",
    );
    await expect(items(file(), ctx({ scannedAt: undefined }))).rejects.toThrow(
      "kube-bench.json:1: kube-bench JSON names no time: give the time of the run with --scanned-at",
    );
  });

  it("maps INFO, reports an unknown status and a repeated test (hand-made edge cases)", async () => {
    const result = (test_number: string, status: string) => ({
      test_number,
      test_desc: "d",
      status,
      scored: true,
    });
    const found = await items(
      json({
        Controls: [
          {
            id: "4",
            version: "cis-1.8",
            node_type: "node",
            tests: [
              {
                section: "4.1",
                results: [result("4.1.1", "INFO"), result("4.1.2", "SKIP"), result("4.1.1", "PASS")],
              },
            ],
          },
        ],
      }),
    );
    expect(
      found.map((item) => ("record" in item ? [item.record.result, item.record.controls] : item)),
    ).toEqual([
      ["informational", { "CIS Kubernetes 1.8": ["4.1.1"] }],
      // grep -n test_number of the pretty-printed document: 4.1.1 on 12, 4.1.2 on 18, 4.1.1 again on 24.
      { line: 18, problem: '4.1.2: status "SKIP" is not PASS, FAIL, WARN or INFO' },
      { line: 24, problem: "4.1.1: a second result for the same test" },
    ]);
  });

  it("refuses what is not kube-bench JSON", async () => {
    await expect(items(json({ Items: [] }))).rejects.toThrow(/not kube-bench JSON/);
  });

  it("is detected on every fixture, and not on other JSON", () => {
    for (const name of ["kube-bench-cis-1.6-controls-totals.json", "kube-bench-cis-1.5-array.json"]) {
      const head = readFileSync(path(name))
        .subarray(0, 64 * 1024)
        .toString("utf8");
      expect(detectImporter({ name, head }).id, name).toBe("kube-bench");
    }
    const others = [
      '[{"id": "a", "title": "t", "severity": "high"}]',
      '{"Controls": [{"id": "AC-1", "title": "policy"}]}',
      '{"SchemaVersion": 2, "ArtifactName": "x", "Results": []}',
    ];
    for (const head of others) expect(detectKubeBench({ name: "x.json", head }), head).toBe(false);
  });
});
