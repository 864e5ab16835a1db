import { Hono } from "hono";
import { web3RegistryOfPeriod } from "../../app/web3-period.ts";
import { parseRequest } from "../api-schemas.ts";
import type { AppEnv } from "../context.ts";
import type { Services } from "../services.ts";
import { web3RegistryQuery } from "../web3-schemas.ts";

/** The web3 page's content over JSON, for viewers: the same use case, the same lists. */
export function web3ApiRoutes(services: Services): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get("/api/v1/web3/registry", async (c) => {
    const query = parseRequest(web3RegistryQuery, c.req.query());
    return c.json(
      await web3RegistryOfPeriod(
        services.store,
        query.period ?? services.kpis.defaultPeriod(),
        services.config,
      ),
    );
  });

  return api;
}
