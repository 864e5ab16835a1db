import { Hono } from "hono";
import { maturityView } from "../../app/maturity-view.ts";
import { parsePeriod } from "../../model/period.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";
import { page } from "../views/layout.ts";
import { maturityBody } from "../views/maturity.ts";

/** The maturity page: each scope's SAMM standing at a period's end and the roadmap to the targets. Everyone reads it. */
export function maturityPageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/maturity", async (c) => {
    const { config } = services;
    const asked = c.req.query("period");
    const periodId = asked && asked.length <= 64 ? asked : await services.kpis.openingPeriod();
    const period = parsePeriod(periodId, { timezone: config.timezone, iterations: config.iterations });
    const status = await maturityView(services.store, { at: period.end, config });
    const frame = {
      title: `Maturity ${period.id}`,
      path: "/maturity",
      principal: c.get("principal"),
      period: period.id,
      config,
      now: services.now(),
    };
    return c.html(page(frame, maturityBody(status, period.id)));
  });

  return routes;
}
