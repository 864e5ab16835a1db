import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TestResult } from "../../domains/appsec/records.ts";
import type { RecordItem } from "../importer.ts";
import { detectJunit, junitImporter } from "./junit.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(input: Readable, scannedAt?: number, timezone = "UTC") {
  const items: RecordItem<TestResult>[] = [];
  for await (const item of junitImporter.parse(input, { timezone, file: "report.xml", scannedAt }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

/** tests, failures, errors, skipped: what the runner's own `<testsuite>` attributes say. */
function tally(records: readonly TestResult[]) {
  const of = (outcome: TestResult["outcome"]) => records.filter((r) => r.outcome === outcome).length;
  return { tests: records.length, failures: of("failed"), errors: of("error"), skipped: of("skipped") };
}

const SCANNED_AT = Date.parse("2026-09-14T06:00:00Z");

describe("junit: the runner's own counts", () => {
  // Each expectation is the report's `<testsuite>` attributes, read with
  // `grep -o '<testsuite [^>]*>' FILE` (a missing `skipped` or `errors` is 0).
  it.each([
    // Maven Surefire (Maven 2 era): tests="8" failures="1" errors="1", no skipped attribute.
    ["surefire-circle.xml", { tests: 8, failures: 1, errors: 1, skipped: 0 }],
    // Surefire 3.0.2, a test that failed then passed on a rerun: the file says tests="1" but lists two
    // cases; Surefire's own report parser counts 2 tests, 0 failures, 0 errors, 0 skipped (its
    // TestSuiteXmlParserTest asserts getNumberOfTests() is 2 for this file), and so do we.
    ["surefire-flaky.xml", { tests: 2, failures: 0, errors: 0, skipped: 0 }],
    // go-junit-report v2: tests="11" failures="4" errors="0" skipped="1".
    ["go-junit-report-subtests.xml", { tests: 11, failures: 4, errors: 0, skipped: 1 }],
    // pytest --junitxml: tests="10" failures="1" errors="0" skipped="3" (three xfail).
    ["pytest-employee.xml", { tests: 10, failures: 1, errors: 0, skipped: 3 }],
    // jest-junit (Jest 26, jasmine2 runner): testsuites tests="6" failures="4" errors="0", the suites say
    // skipped="0" and skipped="1".
    ["jest-junit-dorny.xml", { tests: 6, failures: 4, errors: 0, skipped: 1 }],
    // mocha-junit-reporter under Cypress: testsuites tests="6" failures="1", an empty "Root Suite" first.
    ["mocha-cypress-todo.xml", { tests: 6, failures: 1, errors: 0, skipped: 0 }],
    // Vitest's junit reporter, its own snapshots: tests="9" failures="8" errors="0" skipped="0", and
    // tests="8" failures="2" errors="0" skipped="4" (hooks that failed skip the tests they guard).
    ["vitest-format-error.xml", { tests: 9, failures: 8, errors: 0, skipped: 0 }],
    ["vitest-hooks.xml", { tests: 8, failures: 2, errors: 0, skipped: 4 }],
    // JUnit Platform console launcher 1.6.2 (legacy XML report): tests="2" skipped="0" failures="1" errors="0".
    ["junit5-console-launcher.xml", { tests: 2, failures: 1, errors: 0, skipped: 0 }],
    // bun test, suites nested three deep: testsuites tests="3" failures="1" skipped="0".
    ["bun-nested.xml", { tests: 3, failures: 1, errors: 0, skipped: 0 }],
    // Surefire 3 rerun that passed the second time: tests="1" failures="0" errors="0".
    ["surefire-soda-flaky.xml", { tests: 1, failures: 0, errors: 0, skipped: 0 }],
    // quick-junit (cargo-nextest's writer), its own fixture: tests="8" skipped="1" failures="3" errors="1";
    // a failure followed by rerunFailure/rerunError counts once, failed; flakyFailure alone is a pass.
    ["quick-junit-reruns.xml", { tests: 8, failures: 3, errors: 1, skipped: 1 }],
    // cargo-nextest: testsuites tests="3" failures="1" errors="0".
    ["nextest-basic.xml", { tests: 3, failures: 1, errors: 0, skipped: 0 }],
  ])("%s counts as its runner does", async (name, expected) => {
    const { records, problems } = await parse(createReadStream(fixture(name)), SCANNED_AT);
    expect(problems).toEqual([]);
    expect(tally(records)).toEqual(expected);
  });

  it("names a case without classname after its suite, and takes --scanned-at when no suite has a timestamp", async () => {
    const { records } = await parse(createReadStream(fixture("surefire-circle.xml")), SCANNED_AT);
    expect(records.map((r) => [r.test_id, r.outcome])).toEqual([
      ["com.shape.CircleTest.testX", "passed"],
      ["com.shape.CircleTest.testY", "passed"],
      ["com.shape.CircleTest.testXY", "passed"],
      ["com.shape.CircleTest.testRadius", "failed"],
      ["com.shape.CircleTest.testProperties", "error"],
      ["com.shape.CircleTest.testPI", "passed"],
      ["com.shape.CircleTest.testCircumference", "passed"],
      ["com.shape.CircleTest.testDiameter", "passed"],
    ]);
    expect(records[3]).toMatchObject({
      ran_at: SCANNED_AT,
      suite: "com.shape.CircleTest",
      classname: null,
      duration: 0.01,
      message: "expected:<20> but was:<10>",
    });
    expect(records[4]?.message).toBe("/ by zero");
  });

  it("counts Surefire's flakyFailure as the pass Surefire counts it", async () => {
    const { records } = await parse(createReadStream(fixture("surefire-flaky.xml")), SCANNED_AT);
    expect(records.map((r) => [r.test_id, r.outcome])).toEqual([
      ["org.acme.FlakyTest.testFlaky", "passed"],
      ["org.acme.FlakyTest.testStable", "passed"],
    ]);
  });

  it("dates Go's results by the suite timestamp and keeps subtests as tests, messages from the text", async () => {
    const { records } = await parse(createReadStream(fixture("go-junit-report-subtests.xml")));
    expect(new Set(records.map((r) => r.ran_at))).toEqual(new Set([Date.parse("2022-01-01T00:00:00Z")]));
    const failed = records.filter((r) => r.outcome === "failed").map((r) => r.test_id);
    expect(failed).toEqual([
      "package/subtests.TestSubtests",
      "package/subtests.TestSubtests/Subtest#01",
      "package/subtests.TestFailingSubtestWithNestedSubtest",
      "package/subtests.TestFailingSubtestWithNestedSubtest/Subtest",
    ]);
    expect(records.find((r) => r.outcome === "skipped")?.message).toBe("Skipped");
  });

  it("reads pytest's local timestamp in the import's zone", async () => {
    const { records } = await parse(
      createReadStream(fixture("pytest-employee.xml")),
      undefined,
      "Europe/Berlin",
    );
    // 10:34:09.502 in Berlin (CEST, UTC+2) is 08:34:09.502Z.
    expect(records[0]?.ran_at).toBe(Date.parse("2023-07-09T08:34:09.502Z"));
    expect(records[0]?.test_id).toBe("test_employee.test_init");
  });

  it("names Jest's and Mocha's cases by their full title, and gives Cypress cases their spec file", async () => {
    const jest = await parse(createReadStream(fixture("jest-junit-dorny.xml")));
    // jest-junit writes the full title as both classname and name, trimmed here of its leading space.
    expect(jest.records.map((r) => r.test_id)).toEqual([
      "Test 1 Passing test",
      "Test 1 Test 1.1 Failing test",
      "Test 1 Test 1.1 Exception in target unit",
      "Test 2 Exception in test",
      "Timeout test",
      "Skipped test",
    ]);
    expect(jest.records[1]?.message).toBe("Error: expect(received).toBeTruthy()");
    const mocha = await parse(createReadStream(fixture("mocha-cypress-todo.xml")));
    expect(mocha.records[0]).toMatchObject({
      test_id: "example to-do app displays two todo items by default",
      suite: "example to-do app",
      file: "cypress/integration/1-getting-started/todo.spec.js",
      outcome: "failed",
      message:
        "Timed out retrying after 4000ms: expected '<li>' to have text 'Walk the dog2', but the text was 'Walk the dog'",
    });
    // Mocha dates each suite: the second one started 8 s after the first.
    expect(new Set(mocha.records.map((r) => new Date(r.ran_at).toISOString()))).toEqual(
      new Set(["2021-08-18T11:06:04.000Z", "2021-08-18T11:06:12.000Z"]),
    );
    expect(new Set(mocha.records.map((r) => r.file)).size).toBe(1);
  });

  it("reads the JUnit 5 console launcher's report past its properties and system-out", async () => {
    const { records } = await parse(
      createReadStream(fixture("junit5-console-launcher.xml")),
      undefined,
      "America/Vancouver",
    );
    expect(records.map((r) => [r.test_id, r.suite, r.outcome, r.message])).toEqual([
      [
        "MainTest.subtraction()",
        "JUnit Jupiter",
        "failed",
        "Wrong sub method ==> expected: <1> but was: <5>",
      ],
      ["MainTest.addition()", "JUnit Jupiter", "passed", null],
    ]);
    // 14:49:10 in Vancouver (PDT, UTC-7): the launcher's user.timezone property.
    expect(records[0]?.ran_at).toBe(Date.parse("2020-10-25T21:49:10Z"));
  });

  it("keeps bun's nested suites, a case without classname named after its suite", async () => {
    const { records } = await parse(createReadStream(fixture("bun-nested.xml")), SCANNED_AT);
    expect(records.map((r) => [r.test_id, r.suite, r.file, r.outcome])).toEqual([
      ["math.test.ts.top-level", "math.test.ts", "math.test.ts", "passed"],
      ["add.passes", "add", "math.test.ts", "passed"],
      ["negative &gt; add.fails", "negative", "math.test.ts", "failed"],
    ]);
  });

  it("takes --scanned-at where Vitest's snapshot hides the timestamp, messages from the attribute or the text", async () => {
    const { records } = await parse(createReadStream(fixture("vitest-format-error.xml")), SCANNED_AT);
    expect(new Set(records.map((r) => r.ran_at))).toEqual(new Set([SCANNED_AT]));
    expect(records.map((r) => r.message)).toEqual([
      "throwSimple",
      "expected { hello: 'x' } to deeply equal { hello: 'y' }",
      null,
      "noName: 'hi',",
      "hi",
      "1234",
      "{ name: 1234, expected: 'undefined', actual: 'undefined', stacks: [] }",
      "error message that has XML in it <div><input/></div>",
      "throwSuite",
    ]);
  });
});

describe("junit: reruns (quick-junit, cargo-nextest)", () => {
  it("counts a test that failed every rerun once, as failed, and a flaky one as passed", async () => {
    const { records } = await parse(createReadStream(fixture("quick-junit-reruns.xml")));
    expect(records.map((r) => [r.test_id, r.outcome, r.message])).toEqual([
      ["testsuite0.testcase0", "passed", null],
      ["testsuite0.testcase1", "failed", "testcase1-message"],
      ["testsuite0.testcase2", "error", "testcase2 error description"],
      ["testsuite0.testcase3", "skipped", "skipped message"],
      ["testsuite0.testcase4", "passed", null],
      ["testsuite0.testcase5", "failed", "main test failure description"],
      ["testsuite0.testcase6", "passed", null],
      ["testsuite0.testcase7", "failed", "test passed on attempt 4/4 but is configured to fail when flaky"],
    ]);
    // The suite's own timestamp, 10:52:39 at UTC-8.
    expect(new Set(records.map((r) => r.ran_at))).toEqual(new Set([Date.parse("2021-04-01T18:52:39Z")]));
  });

  it("dates nextest's cases by the testsuites timestamp when their suite has none", async () => {
    const { records } = await parse(createReadStream(fixture("nextest-basic.xml")));
    expect(records.map((r) => [r.test_id, r.outcome])).toEqual([
      ["oxidized_navigation::parry3d.test_failure", "failed"],
      ["oxidized_navigation::parry3d.test_simple_navigation", "passed"],
      ["oxidized_navigation::parry3d.test_annotations", "passed"],
    ]);
    expect(records[0]?.ran_at).toBe(Date.parse("2024-12-02T20:06:10.512Z"));
    expect(records[0]?.message).toBe("thread 'test_failure' panicked at tests/parry3d.rs:154:5:");
  });
});

describe("junit: identity and bad input", () => {
  const report = (body: string) =>
    Readable.from([`<?xml version="1.0"?>\n<testsuites>\n${body}\n</testsuites>\n`]);

  it("gives a case listed twice in one run its own id, the same on every import", async () => {
    const body = `<testsuite name="s" timestamp="2026-09-01T10:00:00Z">
<testcase classname="a" name="t"/>
<testcase classname="a" name="t"><failure/></testcase>
</testsuite>`;
    const first = await parse(report(body));
    const again = await parse(report(body));
    expect(first.records.map((r) => r.external_id)).toEqual([
      "2026-09-01T10:00:00.000Z|s|a.t",
      "2026-09-01T10:00:00.000Z|s|a.t#2",
    ]);
    expect(again.records.map((r) => r.external_id)).toEqual(first.records.map((r) => r.external_id));
  });

  it("takes the timestamp of an enclosing suite or of testsuites for nested suites (JUnit 5, Mocha)", async () => {
    const body = `<testsuite name="outer" timestamp="2026-09-02T08:00:00Z"><testsuite name="inner">
<testcase classname="c" name="n" time="1,234.5"/></testsuite></testsuite>`;
    const { records } = await parse(report(body));
    expect(records[0]).toMatchObject({
      ran_at: Date.parse("2026-09-02T08:00:00Z"),
      suite: "inner",
      duration: 1234.5,
    });
  });

  it("refuses a case with no run time anywhere, naming its line", async () => {
    const { problems } = await parse(
      report(`<testsuite name="s">\n<testcase classname="a" name="t"/>\n</testsuite>`),
    );
    expect(problems).toEqual([{ line: 4, problem: expect.stringMatching(/--scanned-at/) }]);
  });

  it("refuses XML that is not a test report and XML that is not well-formed", async () => {
    await expect(parse(Readable.from(["<nmaprun/>"]))).rejects.toThrow(/not a JUnit XML report/);
    await expect(parse(report("<testsuite><testcase></testsuite>"))).rejects.toThrow(
      /report.xml.*line 4|not well-formed/,
    );
  });

  it("is detected by its root element", () => {
    expect(
      detectJunit({
        name: "r.xml",
        head: '<?xml version="1.0"?>\n<!-- x -->\n<testsuites name="jest tests">',
      }),
    ).toBe(true);
    expect(detectJunit({ name: "r.xml", head: "<testsuite name='x'>" })).toBe(true);
    expect(detectJunit({ name: "r.xml", head: "<nmaprun>" })).toBe(false);
  });
});
