import type { Readable } from "node:stream";
import sax from "sax";
import { TEST_RESULT, type TestOutcome, type TestResult } from "../../domains/appsec/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { stream } from "../shared/readers.ts";
import { streamXml } from "../shared/xml-stream.ts";

const FEED = "junit";

/** The verdict elements of a test case, the one that says most against it first. */
const VERDICTS: Readonly<Record<string, TestOutcome>> = {
  failure: "failed",
  error: "error",
  skipped: "skipped",
};
const VERDICT_RANK: Readonly<Record<TestOutcome, number>> = { failed: 0, error: 1, skipped: 2, passed: 3 };
const MOCHA_ROOT_SUITE = "Root Suite";

/** A `testsuite` being read: suites nest in JUnit 5 and Mocha reports. */
interface Suite {
  name: string | null;
  /** Its own `timestamp`, else the enclosing suite's. */
  timestamp: string | null;
  file: string | null;
}

/** A `testcase` being read. */
interface Case {
  line: number;
  suite: Suite | null;
  classname: string | null;
  name: string | null;
  file: string | null;
  time: string | null;
  outcome: TestOutcome;
  message: string | null;
}

/**
 * JUnit XML test reports (`junit`), streamed: `<testsuites>`, `<testsuite>`
 * (nested or not) and `<testcase>` as Maven Surefire, pytest `--junitxml`,
 * jest-junit, go-junit-report, gotestsum, the JUnit 5 console launcher,
 * Mocha and Vitest write them. Each test case is one result: `failure`
 * makes it failed, `error` an error, `skipped` skipped (the first of these
 * when it has several), anything else passed, so Surefire's
 * `flakyFailure` (failed, then passed on a rerun) is a pass, as Surefire
 * counts it. The run's time is the nearest enclosing suite's `timestamp`
 * (then the `testsuites` one), else `--scanned-at`, else the file's time.
 * The test id is `classname.name`, or the name alone where it holds the
 * classname (jest-junit, Mocha); a case without a classname (old Surefire)
 * is named after its suite. Mocha's cases take the file of the "Root
 * Suite" before them when their own suite names none (Cypress).
 * Identity: (feed, time|suite|test id), with `#2`, `#3`… for a test a run lists again, so importing a report
 * again changes nothing.
 */
export async function* parseJunit(
  input: Readable,
  ctx: ImportContext,
): AsyncIterable<RecordItem<TestResult>> {
  const parser = sax.parser(true, { position: true });
  const ready: RecordItem<TestResult>[] = [];
  const suites: Suite[] = [];
  let rootTimestamp: string | null = null;
  let mochaRootFile: string | null = null;
  let elements = 0;
  let current: Case | null = null;
  let messageOf: string | null = null;
  const seen = new Map<string, number>();
  parser.onopentag = (node) => {
    const tag = node as sax.Tag;
    const attr = (name: string) => nonEmpty(tag.attributes[name] as string | undefined);
    if (elements === 0 && tag.name !== "testsuites" && tag.name !== "testsuite")
      throw new InvalidInputError(ctx.file, [
        { line: parser.line + 1, reason: `root element <${tag.name}>: not a JUnit XML report` },
      ]);
    elements++;
    const parent = suites.at(-1) ?? null;
    switch (tag.name) {
      case "testsuites":
        rootTimestamp ??= attr("timestamp");
        break;
      case "testsuite": {
        const file = attr("file") ?? attr("filepath");
        // mocha-junit-reporter flattens Mocha's tree: its "Root Suite" comes first and, under Cypress,
        // alone carries the spec file, which the suites after it (its children) belong to.
        if (parent === null && attr("name") === MOCHA_ROOT_SUITE) mochaRootFile = file;
        suites.push({
          name: attr("name"),
          timestamp: attr("timestamp") ?? parent?.timestamp ?? null,
          file: file ?? parent?.file ?? mochaRootFile,
        });
        break;
      }
      case "testcase":
        current = {
          line: parser.line + 1,
          suite: parent,
          classname: attr("classname") ?? attr("class"),
          name: attr("name"),
          file: attr("file") ?? parent?.file ?? null,
          time: attr("time"),
          outcome: "passed",
          message: null,
        };
        break;
      default: {
        const outcome = VERDICTS[tag.name];
        if (current && outcome && VERDICT_RANK[outcome] < VERDICT_RANK[current.outcome]) {
          current.outcome = outcome;
          current.message = attr("message");
          messageOf = current.message === null ? tag.name : null;
        }
      }
    }
  };
  // A failure without a message attribute says what happened in its text (go-junit-report, Mocha).
  const onText = (text: string) => {
    if (current && messageOf !== null && current.message === null)
      current.message = nonEmpty(firstLine(text));
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = (name) => {
    if (name === messageOf) messageOf = null;
    if (name === "testsuite") suites.pop();
    if (name !== "testcase" || !current) return;
    ready.push(result(current, rootTimestamp, seen, ctx));
    current = null;
  };
  yield* streamXml(input, ctx.file, parser, ready);
  if (elements === 0)
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "no testsuites or testsuite element" }]);
}

function result(
  test: Case,
  rootTimestamp: string | null,
  seen: Map<string, number>,
  ctx: ImportContext,
): RecordItem<TestResult> {
  const { line, suite, classname, name } = test;
  if (name === null) return { line, problem: "a testcase without a name" };
  const ranAt = runTime(suite?.timestamp ?? rootTimestamp, ctx);
  if (ranAt === null)
    return {
      line,
      problem: "no run time (testsuite timestamp) and none given: pass --scanned-at",
    };
  const testId = testIdOf(classname ?? suite?.name ?? null, name);
  const key = `${new Date(ranAt).toISOString()}|${suite?.name ?? ""}|${testId}`;
  const repeat = (seen.get(key) ?? 0) + 1;
  seen.set(key, repeat);
  const duration = test.time === null ? null : Number(test.time.replace(/,/g, ""));
  return {
    line,
    record: {
      kind: TEST_RESULT.kind,
      feed: FEED,
      external_id: repeat === 1 ? key : `${key}#${repeat}`,
      ran_at: ranAt,
      test_id: testId,
      suite: suite?.name ?? null,
      classname,
      name,
      file: test.file,
      outcome: test.outcome,
      duration: duration !== null && Number.isFinite(duration) ? duration : null,
      message: test.message,
    },
  };
}

/**
 * `owner.name`, except where the name already says it all: jest-junit
 * writes the full title as both classname and name, Mocha the full title
 * as name and its last part as classname.
 */
function testIdOf(owner: string | null, name: string): string {
  const named = owner === null || name === owner || name.endsWith(` ${owner}`);
  return named ? name : `${owner}.${name}`;
}

/**
 * The suite's timestamp in the import's zone (pytest and Surefire write
 * local time without an offset); Go's zero time (`0001-01-01`, gotestsum
 * when it has none) is no time.
 */
function runTime(timestamp: string | null, ctx: ImportContext): number | null {
  const own = timestamp === null ? undefined : parseTimestamp(timestamp, ctx.timezone);
  if (own !== undefined && own > 0) return own;
  return ctx.scannedAt ?? ctx.fileTime ?? null;
}

function nonEmpty(text: string | undefined | null): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** The first line that says something: Vitest prints an object's dump, `{` first, for a thrown non-error. */
function firstLine(text: string): string {
  return text.split("\n").find((line) => /[\p{L}\p{N}]/u.test(line)) ?? "";
}

/** A `testsuites` or `testsuite` root element, after any XML declaration and comments. */
export function detectJunit(sample: InputSample): boolean {
  const head = sample.head.replace(/^\uFEFF/, "").replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, "");
  return /^\s*<testsuites?[\s>/]/.test(head);
}

export const junitImporter = defineImporter({
  id: "junit",
  title: "JUnit XML test report (Surefire, pytest, Jest, Go, JUnit 5, Mocha, Vitest)",
  feed: FEED,
  kinds: [TEST_RESULT.kind],
  identityOptions: ["scannedAt"],
  detect: detectJunit,
  read: stream(parseJunit),
});
