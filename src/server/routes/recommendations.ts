import { Hono } from "hono";
import { recommendationImpacts } from "../../app/trackers/recommendation-impact.ts";
import {
  assignRecommendation,
  dismissRecommendation,
  linkIssue,
  listRecommendations,
} from "../../app/trackers/recommendation-list.ts";
import { hasRole } from "../../auth/roles.ts";
import type { Recommendation } from "../../review/recommendation.ts";
import { recommendationsShown } from "../../review/review-period.ts";
import { requireRole } from "../auth.ts";
import { type AppContext, type AppEnv, actorName } from "../context.ts";
import { readForm } from "../form-body.ts";
import { refusedChange } from "../http-error.ts";
import type { Services } from "../services.ts";
import { page } from "../views/layout.ts";
import { type RecommendationsView, recommendationsBody } from "../views/recommendations.ts";

/**
 * The recommendations page: everyone reads each one's status, issue and
 * what its metric did since the work; editors assign them, dismiss them
 * with a reason and link issues filed by hand, each change audited.
 */
export function recommendationPageRoutes(services: Services): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.post("/recommendations/*", requireRole("editor"));

  const periodOf = (c: AppContext) => {
    const period = c.req.query("period");
    return period && period.length <= 64 ? period : undefined;
  };

  /** The period's recommendations, then the earlier ones of the periods shown that were acted on. */
  const listed = async (c: AppContext) => {
    const report = await services.kpis.scorecard(periodOf(c));
    const kpis = await services.kpis.kpis(report.period.id);
    const shown = recommendationsShown(kpis, report.recommendations);
    const impacts = await recommendationImpacts(services.store, kpis, shown, services.config);
    const current = new Set(report.recommendations.map((r) => r.id));
    const earlier = shown.filter((r) => !current.has(r.id) && impacts.has(r.id));
    return { report, impacts, recommendations: [...report.recommendations, ...earlier] };
  };

  const render = async (
    c: AppContext,
    flash?: RecommendationsView["flash"],
    status: 200 | 400 | 404 | 422 = 200,
  ) => {
    const principal = c.get("principal");
    const { report, impacts, recommendations } = await listed(c);
    const body = recommendationsBody({
      report,
      rows: await listRecommendations(services.store, recommendations, impacts),
      recommendations: new Map(recommendations.map((r): [string, Recommendation] => [r.id, r])),
      principal,
      canEdit: principal !== undefined && hasRole(principal.role, "editor"),
      ...(flash ? { flash } : {}),
    });
    const frame = {
      title: "Recommendations",
      path: "/recommendations",
      principal,
      period: report.period.id,
      config: services.config,
      now: services.now(),
    };
    return c.html(page(frame, body), status);
  };

  /** Runs an action; a refusal (unknown id, no reason, a bad link) is shown on the page, nothing changed. */
  const act = async (c: AppContext, change: (recommendations: Recommendation[]) => Promise<string>) => {
    try {
      const { recommendations } = await listed(c);
      return render(c, { ok: true, message: await change(recommendations) });
    } catch (error) {
      const { notice, status } = refusedChange(error);
      return render(c, notice, status as 400);
    }
  };
  const text = (value: unknown) => (typeof value === "string" ? value : "");

  routes.get("/recommendations", (c) => render(c));
  routes.post("/recommendations/:id/dismiss", async (c) => {
    const form = await readForm(c);
    const id = c.req.param("id");
    const actor = actorName(c.get("principal"));
    return act(c, async (recommendations) => {
      const dismissal = {
        recommendation_id: id,
        reason: text(form.reason).trim(),
        dismissed_by: actor,
        dismissed_at: services.now(),
      };
      await dismissRecommendation(
        services.store,
        services.auth,
        recommendations,
        dismissal,
        c.get("clientIp"),
      );
      return `${id} dismissed: the next sync closes its issues with the reason.`;
    });
  });
  routes.post("/recommendations/:id/assign", async (c) => {
    const form = await readForm(c);
    const id = c.req.param("id");
    const actor = actorName(c.get("principal"));
    return act(c, async (recommendations) => {
      const assignment = {
        recommendation_id: id,
        owner: text(form.owner),
        assigned_by: actor,
        assigned_at: services.now(),
      };
      await assignRecommendation(
        services.store,
        services.auth,
        recommendations,
        assignment,
        c.get("clientIp"),
      );
      return `${id} assigned to ${assignment.owner.trim()}: the next sync assigns its issues to them.`;
    });
  });
  routes.post("/recommendations/:id/link", async (c) => {
    const form = await readForm(c);
    const id = c.req.param("id");
    const by = { actor: actorName(c.get("principal")), now: services.now(), ip: c.get("clientIp") };
    return act(c, async (recommendations) => {
      const link = {
        recommendation_id: id,
        tracker: text(form.tracker),
        issue: text(form.issue),
        url: text(form.url),
      };
      const saved = await linkIssue(services.store, services.auth, recommendations, link, by);
      return `${id} linked to ${saved.tracker} issue ${saved.issue}: the next sync writes the recommendation into it.`;
    });
  });
  return routes;
}
