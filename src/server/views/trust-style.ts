/**
 * The trust center's stylesheet, a file of its own beside the pages (the
 * static site's `trust.css`, the server's `/trust/trust.css`): no inline
 * style, so the dashboard's CSP holds. Text colours keep at least 4.5:1
 * against their background (WCAG AA); print drops the navigation and the
 * request form and shows where links go.
 */
export const TRUST_CSS = `
:root { --ink: #0f172a; --muted: #475569; --rule: #cbd5e1; --navy: #0b2545; --ok: #14532d; --bad: #7f1d1d; --warn: #7c2d12; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f8fafc;
  font: 16px/1.5 "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif; }
a { color: #1d4ed8; }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; z-index: 1; }
.site-header { background: var(--navy); color: #fff; padding: 12px 24px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
.site-header .company { font-weight: 750; font-size: 18px; margin: 0; }
.site-header nav { display: flex; flex-wrap: wrap; gap: 4px 16px; }
.site-header a { color: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--navy); color: var(--navy); }
h3 { font-size: 16px; margin: 16px 0 4px; }
.meta { color: var(--muted); font-size: 14px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 14px; padding-bottom: 4px; }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid var(--rule); }
thead th { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
tbody th { font-weight: 600; }
.figure { font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 3px; font-size: 13px; font-weight: 700; border: 1px solid; }
.badge-valid, .badge-current { color: var(--ok); background: #f0fdf4; border-color: #86efac; }
.badge-expired, .badge-no_data { color: var(--bad); background: #fef2f2; border-color: #fca5a5; }
.badge-stale, .badge-not_yet_valid, .badge-in_progress, .badge-started { color: var(--warn); background: #fff7ed; border-color: #fdba74; }
.documents li { margin: 4px 0; }
form.request { display: grid; gap: 10px; max-width: 560px; }
form.request label { font-weight: 600; }
form.request input[type=text], form.request input[type=email], form.request textarea { width: 100%; font: inherit; padding: 6px 8px; border: 1px solid #64748b; border-radius: 3px; }
form.request button { justify-self: start; font: inherit; padding: 6px 16px; background: var(--navy); color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
.nda-text { border-left: 4px solid var(--rule); padding: 4px 12px; color: var(--muted); white-space: pre-line; }
.flash { padding: 8px 12px; border-radius: 3px; margin: 8px 0; }
.flash-ok { background: #dcfce7; border: 1px solid #86efac; }
.flash-error { background: #fee2e2; border: 1px solid #fca5a5; }
footer { max-width: 980px; margin: 0 auto 32px; padding: 12px 24px; color: var(--muted); font-size: 14px; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .site-header nav, .skip, form.request, .no-print { display: none !important; }
  .site-header { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
  main { padding: 0; max-width: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); }
  table, section { break-inside: avoid; }
}
`;
