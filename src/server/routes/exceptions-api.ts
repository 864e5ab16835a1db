import { Hono } from "hono";
import { exceptionRegister } from "../../app/exception-register.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { parseRequest } from "../api-schemas.ts";
import { requireRole } from "../auth.ts";
import type { AppContext, AppEnv } from "../context.ts";
import { actOnException } from "../exception-actions.ts";
import {
  exceptionActionBody,
  exceptionActionPath,
  exceptionRequestBody,
  exceptionsQuery,
} from "../exception-schemas.ts";
import type { Services } from "../services.ts";

/**
 * The exceptions register over JSON: viewers read it, editors act on the
 * dashboard's own exceptions, by the same rules as the page and the CLI.
 */
export function exceptionApiRoutes(services: Services): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.post("/api/v1/exceptions", requireRole("editor"));
  api.post("/api/v1/exceptions/*", requireRole("editor"));

  api.get("/api/v1/exceptions", async (c) => {
    const query = parseRequest(exceptionsQuery, c.req.query());
    return c.json(
      await exceptionRegister(services.store, services.now(), {
        ...(query.status ? { status: query.status } : {}),
        expiring: query.expiring === "true",
      }),
    );
  });

  api.post("/api/v1/exceptions", async (c) => {
    const body = parseRequest(exceptionRequestBody, await jsonBody(c));
    const { scope, ...rest } = body;
    const changed = await actOnException(services, c, "request", undefined, { ...rest, ...scope });
    return c.json(changed, 201);
  });

  api.post("/api/v1/exceptions/:id/:action", async (c) => {
    const { id, action } = parseRequest(exceptionActionPath, c.req.param());
    const body = parseRequest(exceptionActionBody, await jsonBody(c));
    return c.json(await actOnException(services, c, action, id, body));
  });

  return api;
}

/** The JSON body; none at all reads as `{}` (a reject or a revoke needs no field). */
async function jsonBody(c: AppContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SecmetricsError("invalid_argument", "the request body is not JSON", 'send e.g. {"note": "…"}');
  }
}
