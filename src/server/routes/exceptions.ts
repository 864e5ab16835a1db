import { Hono } from "hono";
import type { ExceptionFields } from "../../app/exception-input.ts";
import { exceptionRegister, parseRegisterFilter } from "../../app/exception-register.ts";
import { hasRole } from "../../auth/roles.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { requireRole } from "../auth.ts";
import { type AppContext, type AppEnv, actorName } from "../context.ts";
import { actOnException } from "../exception-actions.ts";
import { readForm } from "../form-body.ts";
import { refusedChange } from "../http-error.ts";
import type { Services } from "../services.ts";
import { type ExceptionsView, exceptionsBody } from "../views/exceptions.ts";
import { page } from "../views/layout.ts";

/** The exceptions register page: everyone reads it, editors request and decide through its forms. */
export function exceptionPageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post("/exceptions", requireRole("editor"));
  routes.post("/exceptions/*", requireRole("editor"));

  const render = async (
    c: AppContext,
    flash?: ExceptionsView["flash"],
    status: 200 | 201 | 400 | 403 | 404 | 409 | 422 = 200,
  ) => {
    const principal = c.get("principal");
    const filter = parseRegisterFilter({ status: c.req.query("status"), expiring: c.req.query("expiring") });
    const now = services.now();
    const body = exceptionsBody({
      register: await exceptionRegister(services.store, now, filter),
      filter,
      principal,
      canEdit: principal !== undefined && hasRole(principal.role, "editor"),
      actor: actorName(principal),
      timezone: services.config.timezone,
      ...(flash ? { flash } : {}),
    });
    const frame = {
      title: "Exceptions",
      path: "/exceptions",
      principal,
      period: null,
      config: services.config,
      now,
    };
    return c.html(page(frame, body), status);
  };

  /** Runs an action; a refusal (own approval, wrong status, bad expiry) is shown on the page with its status. */
  const act = async (c: AppContext, name: string, id: string | undefined) => {
    const form = await readForm(c);
    const fields: ExceptionFields = {};
    for (const [key, value] of Object.entries(form))
      if (typeof value === "string" && key !== "_csrf") (fields as Record<string, string>)[key] = value;
    try {
      const changed = await actOnException(services, c, name, id, fields);
      const what = name === "request" ? "requested" : name === "renew" ? "renewed" : `${name}d`;
      return render(
        c,
        {
          ok: true,
          message: `${changed.id} ${what}${changed.exception.expires_at ? `; expires ${changed.exception.expires_at.slice(0, 10)}` : ""}.`,
        },
        name === "request" ? 201 : 200,
      );
    } catch (error) {
      const { notice, status } = refusedChange(error);
      return render(c, notice, status as 400);
    }
  };

  routes.get("/exceptions", (c) => render(c));
  routes.post("/exceptions", (c) => act(c, "request", undefined));
  routes.post("/exceptions/:id/:action", (c) => {
    const action = c.req.param("action");
    if (!["approve", "reject", "revoke", "renew"].includes(action))
      throw new SecmetricsError("not_found", `no exception action "${action}"`);
    return act(c, action, c.req.param("id"));
  });

  return routes;
}
