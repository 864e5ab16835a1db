import { Readable } from "node:stream";
import Tokenizer from "@streamparser/json/tokenizer.js";
import TokenParser from "@streamparser/json/tokenparser.js";
import TokenType from "@streamparser/json/utils/types/tokenType.js";
import type { Scan, ScanImport, ScanItem, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample } from "../importer.ts";
import { notUtf8, refuseUtf16, Utf8Stream } from "../shared/encoding.ts";
import { bool, field, type Json, list, obj, objects, str, textAttributes } from "../shared/fields.ts";
import { MAX_JSON_DEPTH, TOO_DEEP } from "../shared/input-limits.ts";
import { LineCounter } from "../shared/json.ts";
import { stream } from "../shared/readers.ts";
import {
  collectScans,
  finding,
  identityOf,
  resolveScan,
  SCAN_KINDS,
  sampleText,
  severityWord,
} from "../shared/scan-input.ts";

const TOOL = "trivy";

/**
 * `trivy ... -f json` (SchemaVersion 2), streamed: only one `Results[]`
 * element is held at a time, so a 100 MB report imports with flat memory.
 * The scan is emitted before its findings, as soon as its target and time
 * are known (Trivy writes `CreatedAt` and `ArtifactName` before `Results`).
 */
export async function* streamTrivy(input: Readable | string, ctx: ImportContext): AsyncIterable<ScanItem> {
  const source = typeof input === "string" ? Readable.from([Buffer.from(input)]) : input;
  const header: Json = {};
  const lines = new LineCounter();
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({
    paths: ["$.SchemaVersion", "$.CreatedAt", "$.ArtifactName", "$.ArtifactType", "$.Results.*"],
    keepStack: false,
  });
  let depth = 0;
  let resultStart = 0;
  let lastOffset = 0;
  let rootSeen = false;
  const results: { line: number; value: Json }[] = [];
  tokenizer.onToken = (info) => {
    lastOffset = info.offset;
    // A brace opened at depth 2 is a Results element (nested objects are deeper).
    if (depth === 2 && info.token === TokenType.LEFT_BRACE) resultStart = info.offset;
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) fail(TOO_DEEP, info.offset);
    }
    if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) depth--;
    parser.write(info);
  };
  parser.onEnd = () => {
    rootSeen = true;
  };
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && typeof key === "string") {
      header[key] = value;
      return;
    }
    const result = obj(value);
    if (result) results.push({ line: lines.lineAt(resultStart), value: result });
  };
  const fail = (reason: string, offset: number): never => {
    throw new InvalidInputError(ctx.file, [{ line: lines.lineAt(offset), reason }]);
  };
  tokenizer.onError = (error) => fail(`invalid JSON: ${error.message}`, lastOffset);
  parser.onError = (error) => fail(`invalid JSON: ${error.message}`, lastOffset);

  let scan: Scan | undefined;
  let bytes = 0;
  let started = false;
  const utf8 = new Utf8Stream();
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (bytes === 0 && buffer.length > 0) refuseUtf16(buffer, ctx.file);
    const first = started ? "" : firstByte(buffer);
    if (first !== "") {
      started = true;
      if (first !== "{") fail("not a Trivy JSON report: expected an object", bytes);
    }
    const bad = utf8.check(buffer);
    lines.feed(buffer);
    if (bad) fail(notUtf8(bad.byte), bytes + bad.at);
    bytes += buffer.length;
    tokenizer.write(buffer);
    if (results.length === 0) continue;
    if (!scan) {
      checkSchema(header, ctx.file);
      scan = scanOf(header, ctx, true, str(results[0]?.value, "Class"));
      yield { line: 1, scan };
    }
    for (const result of results.splice(0)) yield* resultItems(result.value, result.line, scan);
  }
  if (!started) fail("empty file: expected a Trivy JSON report", 0);
  if (utf8.cut) fail("not UTF-8 text (the file ends inside a character)", lines.bytes);
  if (!rootSeen) fail("unexpected end of file: the JSON object is not closed", lines.bytes);
  checkSchema(header, ctx.file);
  if (!scan) {
    // No Results at all: Trivy analysed nothing it could report on, so this
    // scan proves no fix.
    scan = scanOf(header, ctx, false, null);
    yield { line: 1, scan };
  }
}

export async function parseTrivy(input: Readable | string, ctx: ImportContext): Promise<ScanImport[]> {
  return collectScans(streamTrivy(input, ctx), ctx.file);
}

export function detectTrivy(sample: InputSample): boolean {
  const text = sampleText(sample);
  return (
    text.startsWith("{") && /"SchemaVersion"\s*:\s*2\b/.test(text) && /"ArtifactName"|"Results"/.test(text)
  );
}

export const trivyImporter = defineImporter({
  id: TOOL,
  title: "Trivy JSON report (SchemaVersion 2)",
  kinds: SCAN_KINDS,
  detect: detectTrivy,
  read: stream(streamTrivy),
});

function checkSchema(header: Json, file: string): void {
  const version = field(header, "SchemaVersion");
  if (version !== 2) {
    throw new InvalidInputError(file, [
      { line: 1, reason: `SchemaVersion ${String(version ?? "missing")}: only 2 is supported` },
    ]);
  }
}

function scanOf(header: Json, ctx: ImportContext, complete: boolean, firstClass: string | null): Scan {
  const artifactType = str(header, "ArtifactType");
  return resolveScan(ctx, {
    tool: TOOL,
    scan_type:
      artifactType === "container_image" || artifactType === "vm"
        ? "container"
        : firstClass === "config"
          ? "iac"
          : firstClass === "secret"
            ? "secret"
            : "dependency",
    target: str(header, "ArtifactName"),
    time: str(header, "CreatedAt"),
    complete,
  });
}

function* resultItems(result: Json, line: number, scan: Scan): Iterable<ScanItem> {
  const where = str(result, "Target");
  const resultClass = str(result, "Class");
  const problems: { line: number; reason: string }[] = [];
  const packages: ScanType =
    resultClass === "os-pkgs" && scan.scan_type === "container" ? "container" : "dependency";

  for (const raw of list(result, "Vulnerabilities")) {
    const vuln = obj(raw);
    const id = str(vuln, "VulnerabilityID");
    if (!vuln || !id) {
      problems.push({ line, reason: `${where}: a vulnerability without VulnerabilityID` });
      continue;
    }
    // PkgName (+ PkgPath for jars), not PkgID: PkgID carries the version, and
    // an upgrade that is still vulnerable is not a fix.
    const pkg = str(vuln, "PkgName") ?? str(vuln, "PkgID");
    const relationship = str(vuln, "Relationship");
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, pkg, str(vuln, "PkgPath"), where),
        vulnerability_id: id,
        title: str(vuln, "Title"),
        severity: trivySeverity(str(vuln, "Severity"), line, problems),
        category: packages,
        package_name: pkg,
        package_version: str(vuln, "InstalledVersion"),
        fixed_version: str(vuln, "FixedVersion"),
        location: where,
        direct:
          relationship === "direct"
            ? true
            : relationship === "indirect"
              ? false
              : indirectFlag(bool(vuln, "Indirect")),
        line,
        attributes: textAttributes({
          vendor_status: field(vuln, "Status"),
          primary_url: field(vuln, "PrimaryURL"),
          pkg_id: field(vuln, "PkgID"),
        }),
      }),
    };
  }

  let suppressed = list(result, "ModifiedFindings").length;
  for (const misconfig of objects(result, "Misconfigurations")) {
    const status = str(misconfig, "Status");
    if (status === "EXCEPTION") suppressed++;
    if (status !== "FAIL") continue;
    const id = str(misconfig, "ID") ?? str(misconfig, "AVDID");
    if (!id) {
      problems.push({ line, reason: `${where}: a misconfiguration without ID` });
      continue;
    }
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, where, str(misconfig, "CauseMetadata.Resource")),
        vulnerability_id: id,
        title: str(misconfig, "Title"),
        severity: trivySeverity(str(misconfig, "Severity"), line, problems),
        category: "iac",
        location: lineLocation(where, str(misconfig, "CauseMetadata.StartLine")),
        line,
        attributes: textAttributes({
          message: field(misconfig, "Message"),
          resolution: field(misconfig, "Resolution"),
        }),
      }),
    };
  }

  for (const raw of list(result, "Secrets")) {
    const secret = obj(raw);
    const id = str(secret, "RuleID");
    if (!secret || !id) {
      problems.push({ line, reason: `${where}: a secret without RuleID` });
      continue;
    }
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, where, str(secret, "StartLine")),
        vulnerability_id: id,
        title: str(secret, "Title"),
        severity: trivySeverity(str(secret, "Severity"), line, problems),
        category: "secret",
        location: lineLocation(where, str(secret, "StartLine")),
        line,
        attributes: textAttributes({ category: field(secret, "Category") }),
      }),
    };
  }

  for (const problem of problems) yield { line: problem.line, problem: problem.reason };
  if (suppressed > 0) yield { line, suppressed };
}

/** Trivy rates unrated entries UNKNOWN: kept unrated (null), never guessed. */
function trivySeverity(
  word: string | null,
  line: number,
  problems: { line: number; reason: string }[],
): Severity | null {
  if (word === null || word.toUpperCase() === "UNKNOWN") return null;
  return severityWord(word, line, problems);
}

function indirectFlag(indirect: boolean | null): boolean | null {
  return indirect === null ? null : !indirect;
}

function lineLocation(where: string | null, number: string | null): string | null {
  return where && number ? `${where}:${number}` : where;
}

function firstByte(buffer: Buffer): string {
  const byte = buffer.find((b) => b > 0x20 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return byte === undefined ? "" : String.fromCharCode(byte);
}
