import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseExpositionLine } from "./exposition.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe("the Prometheus text exposition format and OpenMetrics", () => {
  it("reads every line of Prometheus' own scrape: 237 families, 1857 samples", async () => {
    const lines = (await readFile(fixture("prometheus-demo-self-scrape.prom"), "utf8")).split("\n");
    const parsed = lines.map(parseExpositionLine);
    // grep -vc '^#' → 1857 samples; grep -c '^# TYPE' → 237; grep -c 'histogram$' → 15.
    expect(parsed.filter((line) => line.kind === "problem")).toEqual([]);
    expect(parsed.filter((line) => line.kind === "sample").length).toBe(1857);
    const types = parsed.flatMap((line) => (line.kind === "type" ? [line.type] : []));
    expect([types.length, types.filter((type) => type === "histogram").length]).toEqual([237, 15]);
  });

  it.each([
    [
      "labels, escapes and a millisecond timestamp",
      'a_total{path="C:\\\\dir",q="say \\"hi\\"\\n"} 3 1700000000000',
      {
        name: "a_total",
        labels: { path: "C:\\dir", q: 'say "hi"\n' },
        value: 3,
        timestamp: 1700000000000,
      },
    ],
    [
      "an OpenMetrics timestamp in seconds",
      'up{job="a"} 1 1700226034.330',
      {
        name: "up",
        labels: { job: "a" },
        value: 1,
        timestamp: 1700226034330,
      },
    ],
    [
      "+Inf, a trailing comma and an exemplar",
      'h_bucket{le="+Inf",} 1e3 # {trace_id="x"} 0.5',
      {
        name: "h_bucket",
        labels: { le: "+Inf" },
        value: 1000,
        timestamp: null,
      },
    ],
  ])("a sample with %s", (_case, text, sample) => {
    expect(parseExpositionLine(text)).toEqual({ kind: "sample", sample });
  });

  it("reads HELP with its escapes, TYPE, other comments and # EOF", () => {
    expect(parseExpositionLine("# HELP x A \\\\ and\\na line")).toEqual({
      kind: "help",
      family: "x",
      help: "A \\ and\na line",
    });
    expect(parseExpositionLine("# TYPE x histogram")).toEqual({
      kind: "type",
      family: "x",
      type: "histogram",
    });
    expect(parseExpositionLine("# a remark")).toEqual({ kind: "comment" });
    expect(parseExpositionLine("# EOF")).toEqual({ kind: "eof" });
  });

  it.each([
    ['x{a="1" 2', "x: label a: expected , or } after its value"],
    ['x{a="1} 2', "x: label a: its value is never closed"],
    ['x{a="\\t"} 2', "x: label a: unknown escape \\t"],
    ['x{a="1",a="2"} 2', "x: label a is given twice"],
    ["x twelve", 'x: "twelve" is not a number'],
    ["x 1 2 3", "x: expected a value and at most a timestamp"],
    ["# TYPE x thing", '# TYPE x: unknown type "thing"'],
    ["{} 1", "a sample must begin with a metric name"],
  ])("refuses %s", (text, reason) => {
    expect(parseExpositionLine(text)).toEqual({ kind: "problem", reason });
  });
});
