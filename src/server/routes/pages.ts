import { Hono } from "hono";
import { drillDown } from "../../app/drill-down.ts";
import { hasRole } from "../../auth/roles.ts";
import { resolveCatalog } from "../../catalog/resolve.ts";
import { IMPORTERS } from "../../importers/registry.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { CATEGORIES, CATEGORY_NAMES, type Category } from "../../model/metric-definition.ts";
import { metricRow } from "../../report/build.ts";
import { renderHtml } from "../../report/html.ts";
import type { ScorecardReport } from "../../report/model.ts";
import { createSourceRunStore } from "../../store/source-run-store.ts";
import { formField, requireRole } from "../auth.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { readForm } from "../form-body.ts";
import { cleanFileName, importUpload } from "../import-upload.ts";
import { PageShells } from "../page-shells.ts";
import { REPORT_CONTENT_SECURITY_POLICY } from "../security-headers.ts";
import type { Services } from "../services.ts";
import { fillShell, type PageFrame, page, pageShell } from "../views/layout.ts";
import {
  auditBody,
  categoryBody,
  type ImportResultView,
  importsBody,
  metricBody,
  overviewBody,
} from "../views/pages.ts";
import { sourceRunsSection } from "../views/source-runs.ts";

/** The server-rendered dashboard: every figure comes from the report model the CLI renders. */
export function pageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { kpis, config } = services;

  /** The ?period= asked for; none: the KPI service's choice for the dashboard. */
  const periodOf = (c: AppContext) => {
    const period = c.req.query("period");
    return period && period.length <= 64 ? period : undefined;
  };
  const frame = (c: AppContext, title: string, period: string | null): PageFrame => ({
    title,
    path: c.req.path,
    principal: c.get("principal"),
    period,
    config,
    now: services.now(),
  });

  /**
   * A page drawn from the scorecard alone: its shell is rendered once per
   * computed report and path (`PageShells`), and each request adds only its
   * principal's bits (name, role, CSRF token).
   */
  const shells = new PageShells();
  const scorecardPage = async (
    c: AppContext,
    title: (report: ScorecardReport) => string,
    body: (report: ScorecardReport) => string,
  ) => {
    const report = await kpis.scorecard(periodOf(c));
    const shell = shells.get(report, c.req.path, () =>
      pageShell(frame(c, title(report), report.period.id), body(report)),
    );
    return c.html(fillShell(shell, c.get("principal")));
  };

  routes.get("/", (c) =>
    scorecardPage(
      c,
      (report) => `Overview ${report.period.id}`,
      (report) => overviewBody(report),
    ),
  );

  routes.get("/categories/:id", (c) => {
    const id = c.req.param("id");
    if (!(CATEGORIES as readonly string[]).includes(id))
      throw new SecmetricsError("not_found", `no category "${id}"`);
    return scorecardPage(
      c,
      (report) => `${CATEGORY_NAMES[id as Category]} ${report.period.id}`,
      (report) => categoryBody(report, id as Category),
    );
  });

  routes.get("/metrics/:id", async (c) => {
    const id = c.req.param("id");
    const report = await kpis.kpis(periodOf(c));
    const metric = report.metrics.find((m) => m.id === id);
    const definition = resolveCatalog(config).find((m) => m.id === id);
    if (!metric || !definition) throw new SecmetricsError("not_found", `no metric "${id}"`);
    let drill: Awaited<ReturnType<typeof drillDown>> | { unavailable: string };
    try {
      drill = await drillDown(services.store, id, report.period.id, config, 500);
    } catch (error) {
      if (!(error instanceof SecmetricsError) || error.code !== "not_found") throw error;
      drill = { unavailable: error.message };
    }
    const row = metricRow(metric, report.period.id);
    return c.html(
      page(
        frame(c, `${metric.name} ${report.period.id}`, report.period.id),
        metricBody({ row, metric, definition, drill, timezone: config.timezone }, report.period.id),
      ),
    );
  });

  const importsPage = async (c: AppContext, result?: ImportResultView, status: 200 | 201 | 422 = 200) => {
    const principal = c.get("principal");
    const imports = await services.store.listImports();
    const canImport = principal !== undefined && hasRole(principal.role, "editor");
    const formats = IMPORTERS.map((i) => i.id);
    const sourceRuns = await createSourceRunStore(services.store).latest();
    return c.html(
      page(
        frame(c, "Imports", null),
        importsBody(imports, config.timezone, principal, canImport, formats, result) +
          sourceRunsSection(config.sources, sourceRuns, config.timezone, services.now()),
      ),
      status,
    );
  };

  routes.get("/imports", (c) => importsPage(c));

  routes.post("/imports", async (c) => {
    const body = await readForm(c);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return importsPage(c, { ok: false, message: "Choose a non-empty file to import." }, 422);
    const format = (await formField(c, "format")) ?? "auto";
    const name = cleanFileName(file.name);
    try {
      const outcome = await importUpload(services, c, {
        name,
        content: Buffer.from(await file.arrayBuffer()),
        format,
      });
      const message =
        outcome.status === "unchanged"
          ? `${name}: already imported as import #${outcome.import.id} (${outcome.format}); nothing changed.`
          : `${name}: imported ${outcome.import.records} records as import #${outcome.import.id} (${outcome.format}).`;
      return importsPage(c, { ok: true, message }, outcome.status === "imported" ? 201 : 200);
    } catch (error) {
      if (!(error instanceof SecmetricsError) || error.code === "storage") throw error;
      return importsPage(
        c,
        {
          ok: false,
          message: `${name} was not imported; nothing was written.${error.hint ? ` ${error.hint}` : ""}`,
          // An invalid input's message is its first problems and the count of the rest.
          problems: error.message.split("\n"),
        },
        422,
      );
    }
  });

  routes.get("/audit", requireRole("admin"), async (c) => {
    const entries = await services.auth.auditLog({ limit: 200 });
    return c.html(page(frame(c, "Audit log", null), auditBody(entries, config.timezone)));
  });

  /** The same files the CLI writes (`report <kind> --format html`), and the scorecard as PDF. */
  routes.get("/reports/:file", async (c) => {
    const match = /^(scorecard|iteration)\.(html|pdf)$/.exec(c.req.param("file"));
    if (!match) throw new SecmetricsError("not_found", "no such report file");
    const [, kind, ext] = match as unknown as [string, "scorecard" | "iteration", "html" | "pdf"];
    const period = periodOf(c);
    const model = kind === "scorecard" ? await kpis.scorecard(period) : await kpis.iteration(period);
    const html = renderHtml(model);
    // Printed before the export is audited: a PDF refused or stopped was no export.
    const pdf = ext === "pdf" ? await services.pdf.render(html, c.get("signal")) : undefined;
    await services.audit(c, {
      action: "export",
      target: `${kind} ${model.period.id}`,
      detail: { format: ext },
    });
    c.header("Content-Disposition", `attachment; filename="${kind}-${model.period.id}.${ext}"`);
    if (pdf) return c.body(new Uint8Array(pdf), 200, { "Content-Type": "application/pdf" });
    c.header("Content-Security-Policy", REPORT_CONTENT_SECURITY_POLICY);
    return c.html(html);
  });

  return routes;
}
