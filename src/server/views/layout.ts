import type { Config } from "../../config/schema.ts";
import { CATEGORIES, CATEGORY_NAMES } from "../../model/metric-definition.ts";
import { type Period, periodContaining, previousPeriods } from "../../model/period.ts";
import { escapeHtml as e } from "../../report/svg-chart.ts";
import type { Principal } from "../context.ts";

export { escapeHtml as e } from "../../report/svg-chart.ts";

export interface PageFrame {
  title: string;
  /** The request path, for the current-page marker and the period picker's form. */
  path: string;
  principal: Principal | undefined;
  /** The chosen period; null on pages that do not depend on one. */
  period: string | null;
  config: Config;
  now: number;
}

/** A link that keeps the chosen period: the URL carries the state, so links can be shared. */
export function href(path: string, period: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(period ? { period, ...extra } : extra);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

const NAV = [
  { path: "/", label: "Overview" },
  { path: "/assets", label: "Assets" },
  { path: "/web3", label: "Smart contracts" },
  { path: "/maturity", label: "Maturity" },
  { path: "/exceptions", label: "Exceptions" },
  { path: "/recommendations", label: "Recommendations" },
  { path: "/imports", label: "Imports" },
  { path: "/trust/requests", label: "Trust access" },
] as const;

export function page(frame: PageFrame, body: string): string {
  return fillShell(pageShell(frame, body), frame.principal);
}

/**
 * A page without the bits that depend on who asks: those go between `head`
 * and `tail` (`fillShell`). A shell holds no name, role or CSRF token, so one
 * may serve every user who asks for the same page of the same report.
 */
export interface PageShell {
  head: string;
  tail: string;
  path: string;
  period: string | null;
}

export function pageShell(frame: Omit<PageFrame, "principal">, body: string): PageShell {
  const { period, path } = frame;
  const nav = NAV.map(
    (item) =>
      `<a href="${e(href(item.path, period))}"${item.path === path ? ' aria-current="page"' : ""}>${item.label}</a>`,
  ).join("");
  const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(frame.title)} · secmetrics</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="topbar"><a class="brand" href="${e(href("/", period))}">secmetrics</a><nav aria-label="Main">${nav}`;
  const tail = `
${period ? toolbar(frame, period) : ""}
<main>
${body}
</main>
</body>
</html>
`;
  return { head, tail, path, period };
}

/** The shell with the principal's bits: an admin's links, who is logged in (with the logout form's CSRF token), the category bar. */
export function fillShell(shell: PageShell, principal: Principal | undefined): string {
  const { path, period } = shell;
  const admin =
    principal?.role === "admin"
      ? `<a href="/audit"${path === "/audit" ? ' aria-current="page"' : ""}>Audit log</a><a href="/admin"${path === "/admin" ? ' aria-current="page"' : ""}>Users and tokens</a>`
      : "";
  const who =
    principal?.kind === "session"
      ? `<div class="who"><span>${e(principal.name)} · ${e(principal.role)}</span><a href="/account/password">Password</a><form method="post" action="/logout">${csrfField(principal)}<button type="submit">Log out</button></form></div>`
      : "";
  const categories = principal
    ? `<nav class="catbar" aria-label="Categories">${CATEGORIES.map((id) => {
        const url = `/categories/${id}`;
        return `<a href="${e(href(url, period))}"${url === path ? ' aria-current="page"' : ""}>${e(CATEGORY_NAMES[id])}</a>`;
      }).join("")}</nav>`
    : "";
  return `${shell.head}${admin}</nav>${who}</header>
${categories}${shell.tail}`;
}

export function csrfField(principal: Principal | undefined): string {
  return principal?.kind === "session"
    ? `<input type="hidden" name="_csrf" value="${e(principal.session.csrf_token)}">`
    : "";
}

/**
 * The period picker: a plain GET form (no script), so the choice lands in the
 * URL. Lists recent months, quarters and ISO weeks and every configured
 * iteration; any other period can be typed into the URL.
 */
function toolbar(frame: Omit<PageFrame, "principal">, period: string): string {
  const groups = periodChoices(frame.config, frame.now);
  const known = groups.some((group) => group.ids.includes(period));
  const options = groups
    .filter((group) => group.ids.length > 0)
    .map(
      (group) =>
        `<optgroup label="${e(group.label)}">${group.ids
          .map((id) => `<option value="${e(id)}"${id === period ? " selected" : ""}>${e(id)}</option>`)
          .join("")}</optgroup>`,
    )
    .join("");
  const custom = known ? "" : `<option value="${e(period)}" selected>${e(period)}</option>`;
  const downloads = `<div class="downloads"><span>Scorecard:</span><a href="${e(href("/reports/scorecard.html", period))}">HTML</a><a href="${e(href("/reports/scorecard.pdf", period))}">PDF</a><a href="${e(href("/reports/iteration.html", period))}">Iteration report</a></div>`;
  return `<div class="toolbar"><form method="get" action="${e(frame.path)}" class="period-picker"><label for="period">Period</label><select id="period" name="period">${custom}${options}</select><button type="submit">Show</button></form>${downloads}</div>`;
}

export function periodChoices(config: Config, now: number): { label: string; ids: string[] }[] {
  const ctx = { timezone: config.timezone, iterations: config.iterations };
  const recent = (kind: "month" | "quarter" | "week", count: number) => {
    const current = periodContaining(now, kind, ctx);
    return [...previousPeriods(current, count - 1, ctx), current].reverse().map((p: Period) => p.id);
  };
  return [
    { label: "Months", ids: recent("month", 13) },
    { label: "Quarters", ids: recent("quarter", 6) },
    { label: "Weeks", ids: recent("week", 10) },
    { label: "Iterations", ids: [...config.iterations].reverse().map((it) => it.name) },
  ];
}
