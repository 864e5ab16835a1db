import { Hono } from "hono";
import { drillDown } from "../../app/drill-down.ts";
import { importHistory } from "../../app/import-history.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { renderHtml } from "../../report/html.ts";
import { kpiJson } from "../../report/kpi-json.ts";
import { renderMarkdown } from "../../report/markdown.ts";
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from "../../report/openmetrics.ts";
import { drillJson, importHistoryJson } from "../../report/provenance-json.ts";
import {
  importQuery,
  kpisQuery,
  metricPath,
  metricQuery,
  metricsQuery,
  parseRequest,
  reportPath,
  reportQuery,
} from "../api-schemas.ts";
import type { AppEnv } from "../context.ts";
import { readForm } from "../form-body.ts";
import { cleanFileName, importUpload, outcomeJson } from "../import-upload.ts";
import { openApiDocument } from "../openapi.ts";
import { REPORT_CONTENT_SECURITY_POLICY } from "../security-headers.ts";
import type { Services } from "../services.ts";

export const API_VERSION = "0.1.0";

/** The JSON API (`/api/v1`) and the Prometheus exposition (`/metrics`). */
export function apiRoutes(services: Services): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { kpis } = services;

  api.get("/api/v1/openapi.json", (c) => c.json(openApiDocument(API_VERSION)));

  api.get("/api/v1/kpis", async (c) => {
    const query = parseRequest(kpisQuery, c.req.query());
    const text = await kpis.kpiJsonText(query.period ?? kpis.defaultPeriod());
    return c.body(text, 200, { "Content-Type": "application/json" });
  });

  api.get("/api/v1/metrics/:id", async (c) => {
    const { id } = parseRequest(metricPath, c.req.param());
    const query = parseRequest(metricQuery, c.req.query());
    const report = await kpis.kpis(query.period ?? kpis.defaultPeriod());
    const metric = kpiJson(report).metrics.find((m) => m.id === id);
    if (!metric)
      throw new SecmetricsError("not_found", `no metric "${id}"`, "GET /api/v1/kpis lists the metric ids");
    let records: unknown = null;
    let recordsNote: string | null = null;
    try {
      records = drillJson(
        await drillDown(services.store, id, report.period.id, services.config, query.limit),
      );
    } catch (error) {
      if (!(error instanceof SecmetricsError) || error.code !== "not_found") throw error;
      recordsNote = error.message;
    }
    return c.json({ metric, records, records_note: recordsNote });
  });

  api.get("/api/v1/reports/:kind", async (c) => {
    const { kind } = parseRequest(reportPath, c.req.param());
    const query = parseRequest(reportQuery, c.req.query());
    const period = query.period ?? kpis.defaultPeriod();
    const model =
      kind === "quarterly"
        ? await kpis.quarterly(query.period)
        : kind === "scorecard"
          ? await kpis.scorecard(period)
          : await kpis.iteration(period);
    const rendered =
      query.format === "md" ? renderMarkdown(model) : query.format === "html" ? renderHtml(model) : null;
    // Audited once the report is rendered: an export that failed is none.
    await services.audit(c, {
      action: "export",
      target: `${kind} ${model.period.id}`,
      detail: { format: query.format },
    });
    if (rendered === null) return c.json(model);
    if (query.format === "html") c.header("Content-Security-Policy", REPORT_CONTENT_SECURITY_POLICY);
    return c.body(rendered, 200, {
      "Content-Type": query.format === "md" ? "text/markdown; charset=utf-8" : "text/html; charset=UTF-8",
    });
  });

  api.get("/api/v1/imports", async (c) => c.json(importHistoryJson(await importHistory(services.store))));

  api.post("/api/v1/imports", async (c) => {
    const query = parseRequest(importQuery, c.req.query());
    const type = c.req.header("content-type") ?? "";
    let name = cleanFileName(query.name);
    let content: Buffer;
    if (type.startsWith("multipart/form-data")) {
      const body = await readForm(c);
      const file = body.file;
      if (!(file instanceof File))
        throw new SecmetricsError("invalid_argument", 'multipart upload without a "file" field');
      name = cleanFileName(query.name ?? file.name);
      content = Buffer.from(await file.arrayBuffer());
    } else {
      content = Buffer.from(await c.req.arrayBuffer());
    }
    if (content.length === 0) throw new SecmetricsError("invalid_argument", "the request body is empty");
    const outcome = await importUpload(services, c, {
      name,
      content,
      format: query.format,
      feed: query.feed,
      skipInvalid: query.skip_invalid === "true",
      allowEmpty: query.allow_empty === "true",
      strict: query.strict === "true",
      target: query.target,
      scannedAt: query.scanned_at,
      coversUntil: query.covers_until,
      year: query.year,
    });
    return c.json(outcomeJson(outcome), outcome.status === "imported" ? 201 : 200);
  });

  api.get("/metrics", async (c) => {
    const query = parseRequest(metricsQuery, c.req.query());
    const report = await kpis.kpis(query.period ?? kpis.defaultPeriod());
    return c.body(renderOpenMetrics(report), 200, { "Content-Type": OPENMETRICS_CONTENT_TYPE });
  });

  return api;
}
