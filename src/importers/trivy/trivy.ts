import { Readable } from "node:stream";
import Tokenizer from "@streamparser/json/tokenizer.js";
import TokenParser from "@streamparser/json/tokenparser.js";
import TokenType from "@streamparser/json/utils/types/tokenType.js";
import type { Scan, ScanImport, ScanItem, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { Severity } from "../../model/severity.ts";
import type { ImportContext, Importer, InputSample } from "../importer.ts";
import { LineCounter } from "../shared/json.ts";
import {
  asArray,
  asObject,
  asText,
  collectScans,
  finding,
  identityOf,
  type Json,
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
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) depth++;
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
    const result = asObject(value);
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
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    const first = started ? "" : firstByte(buffer);
    if (first !== "") {
      started = true;
      if (first !== "{") fail("not a Trivy JSON report: expected an object", bytes);
    }
    bytes += buffer.length;
    lines.feed(buffer);
    tokenizer.write(buffer);
    if (results.length === 0) continue;
    if (!scan) {
      checkSchema(header, ctx.file);
      scan = scanOf(header, ctx, true, asText(results[0]?.value.Class));
      yield { line: 1, scan };
    }
    for (const result of results.splice(0)) yield* resultItems(result.value, result.line, scan);
  }
  if (!started) fail("empty file: expected a Trivy JSON report", 0);
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

export const trivyImporter: Importer = {
  id: "trivy",
  title: "Trivy JSON report (SchemaVersion 2)",
  feed: TOOL,
  kinds: SCAN_KINDS,
  detect: detectTrivy,
  parse: (input, ctx) => streamTrivy(input, ctx),
};

function checkSchema(header: Json, file: string): void {
  if (header.SchemaVersion !== 2) {
    throw new InvalidInputError(file, [
      { line: 1, reason: `SchemaVersion ${String(header.SchemaVersion ?? "missing")}: only 2 is supported` },
    ]);
  }
}

function scanOf(header: Json, ctx: ImportContext, complete: boolean, firstClass: string | null): Scan {
  const artifactType = asText(header.ArtifactType);
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
    target: asText(header.ArtifactName),
    time: asText(header.CreatedAt),
    complete,
  });
}

function* resultItems(result: Json, line: number, scan: Scan): Iterable<ScanItem> {
  const where = asText(result.Target);
  const resultClass = asText(result.Class);
  const problems: { line: number; reason: string }[] = [];
  const packages: ScanType =
    resultClass === "os-pkgs" && scan.scan_type === "container" ? "container" : "dependency";

  for (const raw of asArray(result.Vulnerabilities)) {
    const vuln = asObject(raw);
    const id = asText(vuln?.VulnerabilityID);
    if (!vuln || !id) {
      problems.push({ line, reason: `${where}: a vulnerability without VulnerabilityID` });
      continue;
    }
    // PkgName (+ PkgPath for jars), not PkgID: PkgID carries the version, and
    // an upgrade that is still vulnerable is not a fix.
    const pkg = asText(vuln.PkgName) ?? asText(vuln.PkgID);
    const relationship = asText(vuln.Relationship);
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, pkg, asText(vuln.PkgPath), where),
        vulnerability_id: id,
        title: asText(vuln.Title),
        severity: trivySeverity(vuln.Severity, line, problems),
        category: packages,
        package_name: pkg,
        package_version: asText(vuln.InstalledVersion),
        fixed_version: asText(vuln.FixedVersion),
        location: where,
        direct:
          relationship === "direct"
            ? true
            : relationship === "indirect"
              ? false
              : indirectFlag(vuln.Indirect),
        line,
        attributes: attributes({
          vendor_status: vuln.Status,
          primary_url: vuln.PrimaryURL,
          pkg_id: vuln.PkgID,
        }),
      }),
    };
  }

  let suppressed = asArray(result.ModifiedFindings).length;
  for (const raw of asArray(result.Misconfigurations)) {
    const misconfig = asObject(raw);
    if (!misconfig) continue;
    const status = asText(misconfig.Status);
    if (status === "EXCEPTION") suppressed++;
    if (status !== "FAIL") continue;
    const id = asText(misconfig.ID) ?? asText(misconfig.AVDID);
    if (!id) {
      problems.push({ line, reason: `${where}: a misconfiguration without ID` });
      continue;
    }
    const cause = asObject(misconfig.CauseMetadata);
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, where, asText(cause?.Resource)),
        vulnerability_id: id,
        title: asText(misconfig.Title),
        severity: trivySeverity(misconfig.Severity, line, problems),
        category: "iac",
        location: lineLocation(where, cause?.StartLine),
        line,
        attributes: attributes({ message: misconfig.Message, resolution: misconfig.Resolution }),
      }),
    };
  }

  for (const raw of asArray(result.Secrets)) {
    const secret = asObject(raw);
    const id = asText(secret?.RuleID);
    if (!secret || !id) {
      problems.push({ line, reason: `${where}: a secret without RuleID` });
      continue;
    }
    yield {
      line,
      finding: finding({
        identity: identityOf(scan.target, id, where, asText(secret.StartLine)),
        vulnerability_id: id,
        title: asText(secret.Title),
        severity: trivySeverity(secret.Severity, line, problems),
        category: "secret",
        location: lineLocation(where, secret.StartLine),
        line,
        attributes: attributes({ category: secret.Category }),
      }),
    };
  }

  for (const problem of problems) yield { line: problem.line, problem: problem.reason };
  if (suppressed > 0) yield { line, suppressed };
}

/** Trivy rates unrated entries UNKNOWN: kept unrated (null), never guessed. */
function trivySeverity(
  value: unknown,
  line: number,
  problems: { line: number; reason: string }[],
): Severity | null {
  const word = asText(value);
  if (word === null || word.toUpperCase() === "UNKNOWN") return null;
  return severityWord(word, line, problems);
}

function indirectFlag(value: unknown): boolean | null {
  return typeof value === "boolean" ? !value : null;
}

function lineLocation(where: string | null, line: unknown): string | null {
  const number = asText(line);
  return where && number ? `${where}:${number}` : where;
}

function attributes(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = asText(value);
    if (text !== null) out[key] = text;
  }
  return out;
}

function firstByte(buffer: Buffer): string {
  const byte = buffer.find((b) => b > 0x20 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return byte === undefined ? "" : String.fromCharCode(byte);
}
