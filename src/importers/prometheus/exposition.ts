/**
 * The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0, one
 * line at a time: `# HELP` and `# TYPE` lines, other comments, `# EOF`,
 * and samples `name{label="value",…} value [timestamp] [# exemplar]`.
 */

/** A metric family's type, as its `# TYPE` line says; `untyped` when none does. */
export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "summary"
  | "untyped"
  | "unknown"
  | "info"
  | "stateset"
  | "gaugehistogram";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Epoch ms, when the sample carries one. */
  timestamp: number | null;
}

export type ExpositionLine =
  | { kind: "sample"; sample: Sample }
  | { kind: "type"; family: string; type: MetricType }
  | { kind: "help"; family: string; help: string }
  | { kind: "comment" }
  | { kind: "eof" }
  | { kind: "problem"; reason: string };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<string>([
  "counter",
  "gauge",
  "histogram",
  "summary",
  "untyped",
  "unknown",
  "info",
  "stateset",
  "gaugehistogram",
]);
/**
 * A timestamp below this is in seconds (OpenMetrics, `1700226034.330`),
 * at or above it in milliseconds (the text format): 10^11 seconds is the
 * year 5138, 10^11 milliseconds March 1973, before any scrape.
 */
const SECONDS_BELOW = 1e11;

/** One line of an exposition; an empty line is a comment. */
export function parseExpositionLine(text: string): ExpositionLine {
  const line = text.trim();
  if (line === "") return { kind: "comment" };
  if (line.startsWith("#")) return metaLine(line);
  return sampleLine(line);
}

function metaLine(line: string): ExpositionLine {
  if (line === "# EOF") return { kind: "eof" };
  const meta = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line);
  if (!meta) return { kind: "comment" };
  const [, keyword, family, rest = ""] = meta as unknown as [string, string, string, string | undefined];
  if (keyword === "HELP") return { kind: "help", family, help: unescapeHelp(rest) };
  const type = rest.trim().toLowerCase();
  return TYPES.has(type)
    ? { kind: "type", family, type: type as MetricType }
    : { kind: "problem", reason: `# TYPE ${family}: unknown type "${rest.trim()}"` };
}

function sampleLine(line: string): ExpositionLine {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return { kind: "problem", reason: "a sample must begin with a metric name" };
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = parseLabels(rest);
    if ("problem" in parsed) return { kind: "problem", reason: `${name}: ${parsed.problem}` };
    Object.assign(labels, parsed.labels);
    rest = rest.slice(parsed.length);
  }
  // An OpenMetrics exemplar follows ` # `: it says which trace a bucket saw, not the bucket's count.
  const [valueText, timestampText, extra] = rest.split(" # ")[0]?.trim().split(/\s+/) ?? [];
  if (valueText === undefined || valueText === "" || extra !== undefined)
    return { kind: "problem", reason: `${name}: expected a value and at most a timestamp` };
  const value = parseValue(valueText);
  if (value === undefined) return { kind: "problem", reason: `${name}: "${valueText}" is not a number` };
  let timestamp: number | null = null;
  if (timestampText !== undefined) {
    const number = Number(timestampText);
    if (!Number.isFinite(number))
      return { kind: "problem", reason: `${name}: "${timestampText}" is not a timestamp` };
    timestamp = Math.round(Math.abs(number) < SECONDS_BELOW ? number * 1000 : number);
  }
  return { kind: "sample", sample: { name, labels, value, timestamp } };
}

/** `NaN`, `+Inf`, `-Inf` and Go's float syntax; undefined when it is none of them. */
function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** `{a="1",b="x\"y"}` from the start of `text`: the labels and how many characters they took. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | { problem: string } {
  const labels: Record<string, string> = {};
  let at = 1;
  const skipSpaces = () => {
    while (text[at] === " " || text[at] === "\t") at++;
  };
  for (;;) {
    skipSpaces();
    if (text[at] === "}") return { labels, length: at + 1 };
    const name = LABEL_NAME.exec(text.slice(at))?.[0];
    if (name === undefined) return { problem: `a label name is expected at column ${at + 1}` };
    at += name.length;
    skipSpaces();
    if (text[at] !== "=" || text[at + 1] !== '"') return { problem: `label ${name}: expected ="…"` };
    at += 2;
    let value = "";
    for (;;) {
      const char = text[at];
      if (char === undefined) return { problem: `label ${name}: its value is never closed` };
      at++;
      if (char === '"') break;
      if (char !== "\\") {
        value += char;
        continue;
      }
      const escaped = text[at++];
      if (escaped === "n") value += "\n";
      else if (escaped === "\\" || escaped === '"') value += escaped;
      else return { problem: `label ${name}: unknown escape \\${escaped ?? ""}` };
    }
    if (name in labels) return { problem: `label ${name} is given twice` };
    labels[name] = value;
    skipSpaces();
    if (text[at] === ",") at++;
    else if (text[at] !== "}") return { problem: `label ${name}: expected , or } after its value` };
  }
}

/** A HELP text's escapes: `\\` and `\n`. */
function unescapeHelp(text: string): string {
  return text.replace(/\\([\\n])/g, (_whole, char: string) => (char === "n" ? "\n" : char));
}
