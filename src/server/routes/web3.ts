import { Hono } from "hono";
import { web3RegistryOfPeriod } from "../../app/web3-period.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";
import { page } from "../views/layout.ts";
import { web3Body } from "../views/web3.ts";

/** The web3 page: the deployments registry of a period's end by chain, its changes and its collisions. Everyone reads it. */
export function web3PageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/web3", async (c) => {
    const asked = c.req.query("period");
    const periodId = asked && asked.length <= 64 ? asked : await services.kpis.openingPeriod();
    const view = await web3RegistryOfPeriod(services.store, periodId, services.config);
    const frame = {
      title: `Smart contracts ${view.period.id}`,
      path: "/web3",
      principal: c.get("principal"),
      period: view.period.id,
      config: services.config,
      now: services.now(),
    };
    return c.html(page(frame, web3Body(view, services.config.timezone)));
  });

  return routes;
}
