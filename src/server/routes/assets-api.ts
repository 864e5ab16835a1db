import { Hono } from "hono";
import { assetInventory, parseAssetFilter } from "../../app/asset-inventory.ts";
import { parseRequest } from "../api-schemas.ts";
import { assetsQuery } from "../asset-schemas.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";

/** The asset page's content over JSON, for viewers: the same use case, the same lists. */
export function assetApiRoutes(services: Services): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get("/api/v1/assets", async (c) => {
    const query = parseRequest(assetsQuery, c.req.query());
    return c.json(
      await assetInventory(
        services.store,
        query.period ?? services.kpis.defaultPeriod(),
        services.config,
        parseAssetFilter(query),
        query.limit,
      ),
    );
  });

  return api;
}
