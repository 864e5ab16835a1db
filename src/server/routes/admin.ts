import { Hono } from "hono";
import { createToken, revokeToken } from "../../auth/accounts.ts";
import { formatInstant } from "../../model/format.ts";
import { ROLES } from "../../model/role.ts";
import { requireRole } from "../auth.ts";
import { type AppContext, type AppEnv, actorName } from "../context.ts";
import { readForm } from "../form-body.ts";
import type { Services } from "../services.ts";
import { csrfField, e, page } from "../views/layout.ts";

/**
 * Users and tokens for admins: read both, create and revoke tokens. Adding
 * and removing users stays with the CLI (`secmetrics users`), which prints
 * the one-time password on the operator's terminal rather than in a page.
 */
export function adminRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use("/admin", requireRole("admin"));
  routes.use("/admin/*", requireRole("admin"));

  const render = async (c: AppContext, flash?: string, status: 200 | 201 = 200) => {
    const principal = c.get("principal");
    const [users, tokens] = await Promise.all([services.auth.listUsers(), services.auth.listTokens()]);
    const when = (ms: number | null) => (ms === null ? "—" : formatInstant(ms, services.config.timezone));
    const userRows = users
      .map(
        (u) =>
          `<tr><td>${e(u.name)}</td><td>${e(u.role)}</td><td class="mono">${e(when(u.created_at))}</td><td>${u.must_change_password ? "one-time (not changed yet)" : "set by the user"}</td></tr>`,
      )
      .join("");
    const tokenRows = tokens
      .map(
        (t) =>
          `<tr><td class="num">${t.id}</td><td>${e(t.name)}</td><td>${e(t.role)}</td><td>${e(t.created_by)}</td><td class="mono">${e(when(t.created_at))}</td><td class="mono">${e(when(t.last_used_at))}</td><td>${
            t.revoked_at === null
              ? `<form method="post" action="/admin/tokens/${t.id}/revoke">${csrfField(principal)}<button type="submit">Revoke</button></form>`
              : `revoked ${e(when(t.revoked_at))}`
          }</td></tr>`,
      )
      .join("");
    const body = `<h1>Users and tokens</h1>${flash ?? ""}
<h2>Users</h2><p class="meta">Add, remove or reset users with <code>secmetrics users</code>: the one-time password is printed on your terminal.</p>
<table><thead><tr><th>User</th><th>Role</th><th>Created</th><th>Password</th></tr></thead><tbody>${userRows}</tbody></table>
<h2>API tokens</h2>
<table><thead><tr><th class="num">#</th><th>Name</th><th>Role</th><th>Created by</th><th>Created</th><th>Last used</th><th></th></tr></thead><tbody>${tokenRows}</tbody></table>
<h3>New token</h3>
<form class="stack" method="post" action="/admin/tokens">${csrfField(principal)}
<label for="token-name">Name (what uses it)</label><input id="token-name" name="name" required pattern="[\\w.@-]{1,64}">
<label for="token-role">Role</label><select id="token-role" name="role">${ROLES.map((r) => `<option>${r}</option>`).join("")}</select>
<button type="submit">Create token</button></form>`;
    return c.html(
      page(
        {
          title: "Users and tokens",
          path: "/admin",
          principal,
          period: null,
          config: services.config,
          now: services.now(),
        },
        body,
      ),
      status,
    );
  };

  routes.get("/admin", (c) => render(c));

  routes.post("/admin/tokens", async (c) => {
    const form = await readForm(c);
    const { token, secret } = await createToken(services.auth, {
      name: String(form.name ?? ""),
      role: String(form.role ?? ""),
      actor: actorName(c.get("principal")),
      now: services.now(),
    });
    return render(
      c,
      `<div class="flash flash-ok" role="status">Token #${token.id} "${e(token.name)}" (${e(token.role)}) created. Copy it now, it is not shown again:<pre class="mono">${e(secret)}</pre></div>`,
      201,
    );
  });

  routes.post("/admin/tokens/:id/revoke", async (c) => {
    const revoked = await revokeToken(services.auth, {
      idOrName: c.req.param("id").replace(/\D/g, "") || "-",
      actor: actorName(c.get("principal")),
      now: services.now(),
    });
    return render(
      c,
      `<div class="flash flash-ok" role="status">${revoked.map((t) => `Revoked token #${t.id} "${e(t.name)}".`).join(" ")}</div>`,
    );
  });

  return routes;
}
