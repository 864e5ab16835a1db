import { Hono } from "hono";
import { assetInventory, parseAssetFilter } from "../../app/asset-inventory.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";
import { assetsBody } from "../views/assets.ts";
import { page } from "../views/layout.ts";

/** Most assets the page lists in each list: the API and the CLI give more. */
const PAGE_LIMIT = 1000;

/** The asset page: the managed inventory of a period's end and, apart, its shadow assets. Everyone reads it. */
export function assetPageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/assets", async (c) => {
    const asked = c.req.query("period");
    const periodId = asked && asked.length <= 64 ? asked : await services.kpis.openingPeriod();
    const filter = parseAssetFilter({
      owner: c.req.query("owner"),
      tier: c.req.query("tier"),
      environment: c.req.query("environment"),
    });
    const view = await assetInventory(services.store, periodId, services.config, filter, PAGE_LIMIT);
    const frame = {
      title: `Assets ${view.period.id}`,
      path: "/assets",
      principal: c.get("principal"),
      period: view.period.id,
      config: services.config,
      now: services.now(),
    };
    return c.html(page(frame, assetsBody(view, services.config.timezone)));
  });

  return routes;
}
