import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { KpiReport } from "../src/app/kpi-report.ts";
import { kpiReport } from "../src/report/fixtures/reports.ts";
import { openMetricsHistory } from "../src/report/openmetrics.ts";

/**
 * What "checked by loading it" means here, without a Grafana to import it
 * into: the JSON has the fields Grafana's dashboard model needs; every
 * variable it uses is defined; every series and label its queries name is one
 * the exporter writes; promtool parses every query; and promtool evaluates the
 * value, status and trend queries over the exporter's own output. How Grafana
 * draws the panels is not checked.
 */

interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource: { type: string; uid: string };
  targets: Target[];
  repeat?: string;
}
interface Variable {
  type: string;
  name: string;
  query: string | { query: string };
}
interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  time: { from: string; to: string };
  templating: { list: Variable[] };
  panels: Panel[];
}

const dashboard: Dashboard = JSON.parse(
  readFileSync(new URL("./secmetrics-dashboard.json", import.meta.url), "utf8"),
);
const PROMETHEUS = { type: "prometheus", uid: "${datasource}" };
const BUILT_IN = ["__interval", "__rate_interval", "__range"];

/** The queries of panels and variables, each with where it comes from. */
const queries: { where: string; expr: string }[] = [
  ...dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => ({ where: `panel ${panel.id} ${target.refId}`, expr: target.expr })),
  ),
  ...dashboard.templating.list
    .filter((variable) => variable.type === "query")
    .map((variable) => ({
      where: `variable ${variable.name}`,
      expr: typeof variable.query === "string" ? variable.query : variable.query.query,
    })),
];

/** The series the exporter writes for two periods, ending one and three days after the epoch. */
async function exportedText(): Promise<string> {
  const first = kpiReport();
  const staleMttd: KpiReport = {
    ...first,
    metrics: first.metrics.map((m) => (m.id === "mttd" ? { ...m, status: "stale" } : m)),
  };
  async function* reports() {
    yield { ...first, period: { ...first.period, end: 86_400_000 } };
    yield { ...staleMttd, period: { ...staleMttd.period, end: 3 * 86_400_000 } };
  }
  let text = "";
  for await (const chunk of openMetricsHistory(reports())) text += chunk;
  return text;
}

/** `name{labels} value seconds` lines, by series. */
function seriesOf(
  text: string,
): Map<string, { name: string; labels: Map<string, string>; points: number[][] }> {
  const series = new Map<string, { name: string; labels: Map<string, string>; points: number[][] }>();
  for (const line of text.split("\n")) {
    const match = /^(\w+)\{(.*)\} (\S+) (\d+)$/.exec(line);
    if (!match) continue;
    const [, name, labels, value, at] = match as unknown as [string, string, string, string, string];
    const key = `${name}{${labels}}`;
    const entry = series.get(key) ?? {
      name,
      labels: new Map([...labels.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string])),
      points: [],
    };
    entry.points.push([Number(at), Number(value)]);
    series.set(key, entry);
  }
  return series;
}

describe("grafana/secmetrics-dashboard.json", () => {
  let exported: ReturnType<typeof seriesOf>;
  beforeAll(async () => {
    exported = seriesOf(await exportedText());
  });

  it("has the fields of Grafana's dashboard model and a Prometheus data source variable", () => {
    expect(dashboard.title).toMatch(/secmetrics/);
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    // 36 is the first schema with data sources referenced by uid, which the panels use.
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.time).toEqual({ from: "now-1y", to: "now" });
    expect(dashboard.templating.list[0]).toMatchObject({
      type: "datasource",
      name: "datasource",
      query: "prometheus",
    });
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(["timeseries", "state-timeline"]).toContain(panel.type);
      expect(panel.datasource).toEqual(PROMETHEUS);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target.datasource).toEqual(PROMETHEUS);
    }
    expect(dashboard.panels.map((panel) => panel.title)).toEqual([
      "KPI values — $category",
      "Target status per period",
      "Trend verdict per period",
    ]);
  });

  it("uses only variables it defines or Grafana's own", () => {
    const defined = [...dashboard.templating.list.map((variable) => variable.name), ...BUILT_IN];
    const text = JSON.stringify(dashboard.panels) + JSON.stringify(dashboard.templating);
    const used = new Set([...text.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !defined.includes(name as string))).toEqual([]);
    for (const panel of dashboard.panels) if (panel.repeat) expect(defined).toContain(panel.repeat);
  });

  it("names only series, labels and label values the exporter writes", () => {
    const labelsOf = (name: string) => [...exported.values()].filter((s) => s.name === name);
    const problems: string[] = [];
    for (const { where, expr } of queries) {
      const names = [...expr.matchAll(/\b(secmetrics_\w+)(\{[^}]*\})?/g)];
      expect(names.length, where).toBeGreaterThan(0);
      for (const [, name, matchers] of names) {
        const series = labelsOf(name as string);
        if (series.length === 0) problems.push(`${where}: ${name} is not exported`);
        for (const [, label, op, value] of (matchers ?? "").matchAll(/(\w+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
          const values = new Set(series.flatMap((s) => s.labels.get(label as string) ?? []));
          if (values.size === 0) problems.push(`${where}: ${name} has no label ${label}`);
          else if (op === "=" && !values.has(value as string))
            problems.push(`${where}: ${name} has no ${label}="${value}"`);
        }
      }
      const grouped = [...expr.matchAll(/(?:by \(|label_values\(.*, )(\w+)\)/g)].map((m) => m[1] as string);
      const legend = dashboard.panels
        .flatMap((panel) => panel.targets)
        .find((target) => target.expr === expr)?.legendFormat;
      const shown = [...(legend ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string);
      const available = new Set(
        names.flatMap(([, name]) => labelsOf(name as string).flatMap((s) => [...s.labels.keys()])),
      );
      for (const label of [...grouped, ...shown])
        if (!available.has(label)) problems.push(`${where}: label ${label} is not exported`);
    }
    expect(problems).toEqual([]);
  });

  const promtool = spawnSync("promtool", ["--version"]).status === 0;
  describe.skipIf(!promtool)("with promtool", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "secmetrics-grafana-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /**
     * A query as Grafana sends it for one metric over a one-day step; a
     * variable's `label_values(selector, label)` asks Prometheus for the selector's series.
     */
    const resolved = (expr: string, metric = ".+") =>
      expr
        .replace(/^label_values\((.*), \w+\)$/, "$1")
        .replaceAll("$category", ".+")
        .replaceAll("$metric", metric)
        .replaceAll("$__interval", "1d");

    it("parses every query", () => {
      const rules = {
        groups: [
          {
            name: "dashboard",
            rules: queries.map((query, i) => ({
              record: `dashboard:query_${i}`,
              expr: resolved(query.expr),
            })),
          },
        ],
      };
      writeFileSync(join(dir, "rules.yml"), stringify(rules));
      const result = spawnSync("promtool", ["check", "rules", join(dir, "rules.yml")], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    });

    it("evaluates the value, status and trend queries over the exporter's output", () => {
      const panel = (id: number) => dashboard.panels.find((p) => p.id === id)?.targets[0]?.expr as string;
      // The fixture's mttd: 1500 s against a target under 5 min, beyond its upper limit: missed (2), worsening
      // (3) on day 1; marked stale on day 3: no value sample, status stale (5).
      const mttd = {
        __name__: "secmetrics_kpi_value",
        id: "mttd",
        category: "detection_response",
        unit: "seconds",
      };
      const input = [...exported.entries()]
        .filter(([, s]) => s.labels.get("id") === "mttd")
        .map(([key, s]) => {
          const byDay = new Map(s.points.map(([at, value]) => [(at as number) / 86_400, value]));
          return { series: key, values: [0, 1, 2, 3].map((day) => byDay.get(day) ?? "_").join(" ") };
        });
      const test = {
        tests: [
          {
            interval: "1d",
            input_series: input,
            promql_expr_test: [
              {
                expr: resolved(panel(1), "mttd"),
                eval_time: "1d",
                exp_samples: [{ labels: label(mttd), value: 1500 }],
              },
              { expr: resolved(panel(1), "mttd"), eval_time: "3d", exp_samples: [] },
              {
                expr: resolved(panel(2), "mttd"),
                eval_time: "1d",
                exp_samples: [{ labels: '{id="mttd"}', value: 2 }],
              },
              {
                expr: resolved(panel(2), "mttd"),
                eval_time: "3d",
                exp_samples: [{ labels: '{id="mttd"}', value: 5 }],
              },
              {
                expr: resolved(panel(3), "mttd"),
                eval_time: "1d",
                exp_samples: [{ labels: '{id="mttd"}', value: 3 }],
              },
            ],
          },
        ],
      };
      writeFileSync(join(dir, "test.yml"), stringify(test));
      const result = spawnSync("promtool", ["test", "rules", join(dir, "test.yml")], { encoding: "utf8" });
      expect(result.stdout + result.stderr).toContain("SUCCESS");
      expect(result.status).toBe(0);
    });
  });
  if (!promtool)
    console.warn("SKIPPED: dashboard query checks — promtool is not installed (Debian: prometheus)");
});

function label(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ")}}`;
}
