import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../domains/compliance-checks/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { detectXccdf, parseXccdf } from "./xccdf.ts";

const path = (name: string) => new URL(`fixtures/${name}`, import.meta.url);
const ctx = (extra: Partial<ImportContext> = {}): ImportContext => ({
  file: "results.xml",
  timezone: "UTC",
  ...extra,
});

async function items(input: Readable, context = ctx()): Promise<RecordItem<CheckResult>[]> {
  const found: RecordItem<CheckResult>[] = [];
  for await (const item of parseXccdf(input, context)) found.push(item);
  return found;
}

async function records(name: string, context = ctx()): Promise<CheckResult[]> {
  // A small highWaterMark splits elements, text and multi-byte characters across chunks.
  const all = await items(createReadStream(path(name), { highWaterMark: 512 }), context);
  expect(all.filter((item) => !("record" in item))).toEqual([]);
  return all.flatMap((item) => ("record" in item ? [item.record] : []));
}

/** How many results of each value per asset: `asset result` → count. */
function tally(found: CheckResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of found) counts[`${r.asset} ${r.result}`] = (counts[`${r.asset} ${r.result}`] ?? 0) + 1;
  return counts;
}

const xml = (text: string) => Readable.from([text]);

describe("xccdf", () => {
  it("reads the TestResult of an OpenSCAP ARF report collection", async () => {
    // grep -c 'rule-result ' → 28; grep -c '<result>pass</result>' → 11,
    // fail → 12, notchecked → 1, notselected → 4: all of target
    // localhost.localdomain; end-time="2014-10-17T09:07:55" (no offset: UTC here).
    const found = await records("openscap-1.2-arf.xml");
    expect(tally(found)).toEqual({
      "localhost.localdomain pass": 11,
      "localhost.localdomain fail": 12,
      "localhost.localdomain notchecked": 1,
      "localhost.localdomain notselected": 4,
    });
    expect(found.find((r) => r.check_id.endsWith("no_empty_passwords"))).toEqual({
      kind: "check_result",
      feed: "xccdf",
      external_id: `localhost.localdomain|xccdf_org.ssgproject.content_rule_no_empty_passwords|${Date.UTC(2014, 9, 17, 9, 7, 55)}`,
      asset: "localhost.localdomain",
      check_id: "xccdf_org.ssgproject.content_rule_no_empty_passwords",
      result: "fail",
      checked_at: Date.UTC(2014, 9, 17, 9, 7, 55),
      benchmark: "xccdf_org.ssgproject.content_benchmark_FEDORA",
      profile: "xccdf_org.ssgproject.content_profile_common",
      severity: "high",
      // The Rule's <title> and its three 800-53 <reference>s (awk '/<Rule id="…no_empty_passwords"/,/<\/Rule>/').
      title: "Log In to Accounts With Empty Password Impossible",
      controls: { "NIST-800-53": ["IA-5(b)", "IA-5(c)", "IA-5(1)(a)"] },
      suppressed: false,
    });
    // grep -c '<Rule ' → 28, one per result, each with a <title>.
    expect(found.filter((r) => r.title !== null)).toHaveLength(28);
    // grep -c '<reference href="[^"]*800-53' → 35, one of them empty (line 1424, `<reference href="…"/>`): 34 ids;
    // grep -c '<reference href="http://iase.disa.mil/cci' → 28;
    // no Rule names an id twice (awk of rule|href|id pairs | sort | uniq -d → none). OVAL's references
    // (source=, ref_id=) and the benchmark's own are no Rule's.
    const ids = (framework: string) => found.flatMap((r) => r.controls?.[framework] ?? []);
    expect(ids("NIST-800-53")).toHaveLength(34);
    expect(ids("DISA-CCI")).toHaveLength(28);
    expect(new Set(found.flatMap((r) => Object.keys(r.controls ?? {})))).toEqual(
      new Set(["NIST-800-53", "DISA-CCI"]),
    );
    // grep -c 'rule-result .*severity="high"' → 4: three pass, no_empty_passwords fails.
    expect(tally(found.filter((r) => r.severity === "high"))).toEqual({
      "localhost.localdomain pass": 3,
      "localhost.localdomain fail": 1,
    });
  });

  it.each([
    // grep -c '<result>pass</result>' and '<result>fail</result>' in each file: one of each.
    ["openscap-1.2.17-testresult.xml", "matyc-laptop", Date.UTC(2017, 11, 1, 17, 40, 39)],
    ["openscap-1.3.2-xccdf-1.1-results.xml", "TEST_TARGET", Date.UTC(2019, 9, 18, 14, 45, 35)],
  ])("reads %s (XCCDF 1.2 bare TestResult, XCCDF 1.1 Benchmark)", async (name, asset, at) => {
    const found = await records(name);
    expect(tally(found)).toEqual({ [`${asset} pass`]: 1, [`${asset} fail`]: 1 });
    expect(new Set(found.map((r) => r.checked_at))).toEqual(new Set([at]));
  });

  it("reads results that are all notselected, with the severities of their rule-results", async () => {
    // grep -c 'rule-result ' → 395, grep -c '<result>notselected</result>' → 395,
    // grep -c 'rule-result .*severity="high"' → 26.
    const found = await records("openscap-xccdf-1.2-results.xml");
    expect(tally(found)).toEqual({ "some.target.somewhere.org notselected": 395 });
    expect(found.filter((r) => r.severity === "high")).toHaveLength(26);
    // A bare TestResult: no Rule, so no title. grep -c '<ident system="http://cce.mitre.org">' → 313,
    // in 313 rule-results (awk: rule-results holding one) → one CCE each; the first is CCE-4218-4.
    expect(found.filter((r) => r.title !== null)).toEqual([]);
    expect(found.filter((r) => r.controls?.CCE?.length === 1)).toHaveLength(313);
    expect(found.filter((r) => r.controls !== null)).toHaveLength(313);
    expect(found.find((r) => r.check_id === "xccdf_cdf_rule_rule-2.1.2.3.2.a")?.controls).toEqual({
      CCE: ["CCE-4218-4"],
    });
  });

  it("reads OpenSCAP's results of an XCCDF generated from OVAL advisories", async () => {
    // grep -c '<result>pass</result>' → 7, fail → 1; the one high is RHSA-2006:0101, and passes.
    const found = await records("openscap-1.2.17-rhsa-oval.xml");
    expect(tally(found)).toEqual({ "sample.system pass": 7, "sample.system fail": 1 });
    expect(found.filter((r) => r.severity === "high").map((r) => [r.check_id, r.result])).toEqual([
      ["oval-com.redhat.rhsa-def-20060101", "pass"],
    ]);
    // Each Rule's <title> (line 44 for this one); its idents are CVEs, advisories' vulnerabilities, not requirements.
    expect(found.find((r) => r.check_id === "oval-com.redhat.rhsa-def-20060101")?.title).toBe(
      "RHSA-2006:0101: kernel security update (Important)",
    );
    expect(found.filter((r) => r.controls !== null)).toEqual([]);
  });

  it("reads a cdf: prefix, an offset in end-time, and one rule listed twice as its worst result", async () => {
    // Three rule-results: ios12-no-finger-service fail, req-exec-timeout pass
    // (its override's old-result is not its result), ios12-no-finger-service
    // notselected. end-time="2004-09-25T13:45:02-04:00" = 17:45:02Z.
    const found = await records("nist-ios-sample-xccdf-1.1.xml");
    expect(found.map((r) => [r.check_id, r.result, r.checked_at, r.benchmark])).toEqual([
      ["ios12-no-finger-service", "fail", Date.UTC(2004, 8, 25, 17, 45, 2), "ios-sample-v1.1.xccdf.xml"],
      ["req-exec-timeout", "pass", Date.UTC(2004, 8, 25, 17, 45, 2), "ios-sample-v1.1.xccdf.xml"],
    ]);
    // Lines 137 and 148: each Rule's own cdf:title, not the Value's or the Group's before it. Its two
    // <cdf:reference>s are the benchmark's (one without href), so no controls.
    expect(found.map((r) => [r.title, r.controls])).toEqual([
      ["IOS 12 - no IP finger service", null],
      ["Require exec timeout on admin sessions", null],
    ]);
  });

  it("reads times without an offset in the configured time zone", async () => {
    const [first] = await records("openscap-1.2.17-testresult.xml", ctx({ timezone: "Europe/Berlin" }));
    expect(first?.checked_at).toBe(Date.UTC(2017, 11, 1, 16, 40, 39)); // 17:40:39 CET
  });

  it("takes a rule's severity from its Rule when the rule-result has none, and the target from --target", async () => {
    const found = await items(
      xml(`<x:Benchmark xmlns:x="http://checklists.nist.gov/xccdf/1.2" id="b">
  <x:Rule id="r1" severity="high"/><x:Rule id="r2" severity="unknown"/>
  <x:TestResult id="t" start-time="2026-09-01T10:00:00Z">
    <x:rule-result idref="r1"><x:result>error</x:result></x:rule-result>
    <x:rule-result idref="r2"><x:result>pass</x:result></x:rule-result>
  </x:TestResult>
</x:Benchmark>`),
      ctx({ target: "db-1" }),
    );
    expect(
      found.map((item) =>
        "record" in item
          ? [item.line, item.record.asset, item.record.severity, item.record.result, item.record.benchmark]
          : item,
      ),
    ).toEqual([
      [4, "db-1", "high", "error", "b"],
      [5, "db-1", null, "pass", "b"],
    ]);
  });

  it("maps references and idents to frameworks, keeping an unknown href and splitting joined ids", async () => {
    const found = await items(
      xml(`<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" xmlns:h="http://www.w3.org/1999/xhtml" id="b">
  <Group id="g"><title>Services</title>
  <Rule id="r1" severity="high">
    <title>Disable <h:b>root</h:b> login</title>
    <title xml:lang="fr">Désactiver root</title>
    <description><h:p>no <h:code>title</h:code> here</h:p></description>
    <reference href="https://nvlpubs.nist.gov/nistpubs/SpecialPublications/NIST.SP.800-53r5.pdf">AC-6(2),AC-17(a)</reference>
    <reference href="https://www.cisecurity.org/benchmark/red_hat_linux/">5.2.10</reference>
    <reference href="https://www.pcisecuritystandards.org/documents/PCI_DSS_v3-2-1.pdf">Req-2.2.4</reference>
    <reference href="https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0.pdf">2.2.6</reference>
    <reference href="https://example.org/house-rules">HR-7</reference>
    <reference>A book, not a requirement</reference>
    <ident system="https://nvd.nist.gov/cce/index.cfm">CCE-83983-8</ident>
  </Rule>
  <Rule id="r2"/></Group>
  <TestResult id="t" end-time="2026-09-01T10:00:00Z"><target>a</target>
    <rule-result idref="r1"><result>fail</result><ident system="http://cce.mitre.org">CCE-83983-8</ident></rule-result>
    <rule-result idref="r2"><result>pass</result><ident system="http://cve.mitre.org">CVE-2026-1</ident></rule-result>
  </TestResult>
</Benchmark>`),
    );
    expect(
      found.map((item) => ("record" in item ? [item.record.title, item.record.controls] : item)),
    ).toEqual([
      [
        "Disable root login",
        {
          CCE: ["CCE-83983-8"],
          "NIST-800-53": ["AC-6(2)", "AC-17(a)"],
          CIS: ["5.2.10"],
          "PCI-DSS": ["Req-2.2.4"],
          "PCI-DSS-4": ["2.2.6"],
          "https://example.org/house-rules": ["HR-7"],
        },
      ],
      [null, null],
    ]);
  });

  it("reports a result that is not XCCDF's and a TestResult without a time, and refuses malformed XML", async () => {
    const found = await items(
      xml(`<TestResult xmlns="http://checklists.nist.gov/xccdf/1.1" end-time="2026-09-01T10:00:00Z"><target>a</target>
<rule-result idref="r1"><result>passed</result></rule-result></TestResult>`),
    );
    expect(found).toEqual([{ line: 2, problem: 'r1: result "passed" is not an XCCDF result' }]);
    const timeless = await items(
      xml(`<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"><target>a</target></TestResult>`),
    );
    expect(timeless).toEqual([
      {
        line: 1,
        problem: "a TestResult without end-time or start-time: give the scan time with --scanned-at",
      },
    ]);
    await expect(
      items(xml(`<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2"><TestResult>`)),
    ).rejects.toThrow(InvalidInputError);
  });

  it("refuses bytes that are not UTF-8, naming their line", async () => {
    const text = Buffer.concat([
      Buffer.from(
        '<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" end-time="2026-09-01T10:00:00Z">\n<target>',
      ),
      Buffer.from([0xe9]),
      Buffer.from("</target></TestResult>"),
    ]);
    await expect(items(Readable.from([text]))).rejects.toThrow("results.xml:2: not UTF-8 text (byte 0xE9)");
  });

  it("never reads an external entity nor expands a declared one", async () => {
    // An XXE that would read /etc/hostname, and a "billion laughs" expansion: sax resolves
    // neither, so both are refused as unknown entities and nothing of the file leaks into a record.
    const external = `<?xml version="1.0"?>
<!DOCTYPE TestResult [<!ENTITY host SYSTEM "file:///etc/hostname">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" end-time="2026-09-01T10:00:00Z"><target>&host;</target></TestResult>`;
    await expect(items(xml(external))).rejects.toThrow(/results\.xml:3: not well-formed XML/);
    const laughs = `<!DOCTYPE TestResult [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" end-time="2026-09-01T10:00:00Z"><target>&b;</target></TestResult>`;
    await expect(items(xml(laughs))).rejects.toThrow(/not well-formed XML/);
  });

  it("refuses a benchmark without results, by name", async () => {
    await expect(
      items(xml(`<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"><Rule id="r"/></Benchmark>`)),
    ).rejects.toThrow(/no XCCDF TestResult/);
  });

  it("is detected on every fixture, and not on other XML reports", () => {
    for (const name of [
      "openscap-1.2-arf.xml",
      "openscap-xccdf-1.2-results.xml",
      "openscap-1.2.17-testresult.xml",
      "openscap-1.3.2-xccdf-1.1-results.xml",
      "openscap-1.2.17-rhsa-oval.xml",
      "nist-ios-sample-xccdf-1.1.xml",
    ]) {
      const head = readFileSync(path(name))
        .subarray(0, 64 * 1024)
        .toString("utf8");
      expect(detectImporter({ name, head }).id, name).toBe("xccdf");
    }
    const others = [
      // ZAP's XML report, nmap, JUnit: XML, none of them XCCDF.
      '<?xml version="1.0"?><OWASPZAPReport programName="ZAP" version="2.14.0"><site name="http://a"></site></OWASPZAPReport>',
      '<?xml version="1.0"?><!DOCTYPE nmaprun><nmaprun scanner="nmap"><host></host></nmaprun>',
      '<?xml version="1.0"?><testsuites><testsuite name="TestResult"><testcase name="Benchmark"/></testsuite></testsuites>',
      // An OVAL results document mentions XCCDF but is not it.
      '<oval_results xmlns="http://oval.mitre.org/XMLSchema/oval-results-5"><!-- http://checklists.nist.gov/xccdf/1.2 --></oval_results>',
    ];
    for (const head of others) expect(detectXccdf({ name: "x.xml", head }), head).toBe(false);
  });
});
