/** The dashboard's one stylesheet, served from /static/app.css (the CSP allows no inline style). */
export const APP_CSS = `
:root { --ink: #0f172a; --muted: #475569; --faint: #94a3b8; --rule: #e2e8f0; --navy: #0b2545;
  --red: #b91c1c; --green: #15803d; --amber: #92400e; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef2f6; color: var(--ink);
  font: 14px/1.45 "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif; }
a { color: #1d4ed8; }
.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; background: var(--navy); color: #fff; padding: 8px 18px; }
.topbar a { color: #fff; text-decoration: none; }
.topbar a:hover, .topbar a[aria-current=page] { text-decoration: underline; }
.brand { font-weight: 750; letter-spacing: .02em; margin-right: 8px; }
.topbar nav { display: flex; flex-wrap: wrap; gap: 4px 14px; flex: 1; }
.who { display: flex; align-items: center; gap: 8px; font-size: 12.5px; }
.who form { margin: 0; }
.who button { background: transparent; color: #fff; border: 1px solid #94a3b8; border-radius: 3px; padding: 2px 8px; cursor: pointer; }
.catbar { background: #fff; border-bottom: 1px solid var(--rule); padding: 6px 18px; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 18px 0; }
.toolbar form { display: flex; gap: 6px; align-items: center; margin: 0; }
.toolbar select, .toolbar button, .toolbar input { font: inherit; padding: 3px 6px; }
.downloads { margin-left: auto; display: flex; gap: 10px; font-size: 13px; }
main { max-width: 1200px; margin: 12px auto 40px; padding: 18px 22px; background: #fff; box-shadow: 0 1px 4px rgba(15,23,42,.15); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 20px 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--navy); color: var(--navy); }
h3 { font-size: 14px; margin: 10px 0 4px; }
.meta { color: var(--muted); font-size: 12.5px; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 5px 6px; border-bottom: 1px solid var(--rule); }
thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); border-bottom: 1.5px solid #cbd5e1; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; white-space: nowrap; border: 1px solid transparent; }
.status-met { background: #dcfce7; color: #14532d; border-color: #86efac; }
.status-missed { background: var(--red); color: #fff; }
.status-no_target { background: #f1f5f9; color: var(--muted); border-color: #cbd5e1; }
.status-no_data { background: repeating-linear-gradient(135deg, #fef3c7 0 4px, #fde68a 4px 8px); color: #78350f; border: 1px dashed #b45309; }
.status-stale { background: repeating-linear-gradient(135deg, #ffedd5 0 4px, #fdba74 4px 8px); color: #7c2d12; border: 1.5px solid #c2410c; }
.trend { font-weight: 650; }
.trend-worsening { color: var(--red); }
.trend-improving { color: var(--green); }
.trend-stable, .trend-baseline_set { color: var(--muted); }
.trend-insufficient_data { color: var(--faint); font-style: italic; }
.risk { display: inline-block; border-radius: 6px; padding: 4px 14px; color: #fff; font-weight: 700; }
.risk-high { background: var(--red); } .risk-medium { background: #d97706; } .risk-low { background: var(--green); }
.risk-unknown { background: #fde68a; color: var(--amber); border: 1px dashed #b45309; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 12px; }
.tile { border: 1px solid #cbd5e1; border-top: 4px solid #94a3b8; border-radius: 4px; padding: 8px 10px; break-inside: avoid; }
.tile h3 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted); }
.tile-missed { border-top-color: var(--red); } .tile-met { border-top-color: var(--green); }
.tile-stale { border-top-color: #c2410c; } .tile-no_data { border-top-color: #d97706; background: #fffdf5; }
.figure { border-top: 1px solid var(--rule); padding: 6px 0; }
.tile h3 + .figure { border-top: 0; padding-top: 0; }
.figure-name { font-weight: 650; }
.figure-value { font-size: 24px; font-weight: 750; font-variant-numeric: tabular-nums; }
.figure-missing { font-size: 18px; font-weight: 800; color: #9a3412; text-transform: uppercase; letter-spacing: .04em; }
.figure-meta { font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
.reason { font-size: 12px; color: var(--amber); margin: 3px 0 0; overflow-wrap: anywhere; }
.notice { background: #fffbeb; border: 1px dashed #d97706; border-left: 6px solid #d97706; padding: 10px 12px; border-radius: 3px; margin: 8px 0; }
.notice strong { color: #9a3412; text-transform: uppercase; letter-spacing: .04em; }
.empty-state { border: 1px dashed #cbd5e1; border-radius: 4px; padding: 14px; color: var(--muted); background: #f8fafc; }
.trend-chart { display: block; max-width: 100%; height: auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
.card { border: 1px solid #cbd5e1; border-radius: 4px; padding: 10px 12px; break-inside: avoid; }
.card h3 { margin: 0 0 2px; font-size: 15px; }
.owner { font-size: 12px; color: var(--muted); }
.owner-missing { color: var(--red); font-weight: 700; font-size: 12px; }
.verdict { font-size: 12px; color: #334155; margin: 4px 0 0; }
dl.definition { display: grid; grid-template-columns: 150px 1fr; gap: 4px 12px; margin: 0; }
dl.definition dt { font-weight: 650; color: var(--muted); }
dl.definition dd { margin: 0; }
.counted-no { color: var(--muted); }
.fields { font-size: 12px; }
.fields span { display: inline-block; margin-right: 8px; }
.flash { padding: 8px 12px; border-radius: 3px; margin: 8px 0; }
.flash-ok { background: #dcfce7; border: 1px solid #86efac; }
.flash-error { background: #fee2e2; border: 1px solid #fca5a5; }
.login { max-width: 380px; margin: 60px auto; }
.login label, .stack label { display: block; margin: 10px 0 2px; font-weight: 650; }
.login input, .stack input, .stack select { width: 100%; font: inherit; padding: 6px 8px; }
.login button, .stack button { margin-top: 14px; font: inherit; padding: 6px 14px; }
.priority { display: inline-block; padding: 1px 7px; border-radius: 3px; font-size: 11px; font-weight: 700; }
.priority-high { background: var(--red); color: #fff; } .priority-medium { background: #fde68a; color: #78350f; } .priority-low { background: #e2e8f0; color: var(--muted); }
.row-actions form { display: flex; gap: 4px; margin: 2px 0; }
.row-actions input { font: inherit; padding: 2px 4px; width: 9.5em; }
.row-actions button { font: inherit; padding: 2px 8px; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.problems { background: #fef2f2; border: 1px solid #fca5a5; padding: 8px 10px; white-space: pre-wrap; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 12px; }
  .topbar, .catbar, .toolbar, .no-print { display: none !important; }
  main { box-shadow: none; margin: 0; max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .tile, .card, .notice, tr { break-inside: avoid; }
  .tiles { grid-template-columns: repeat(2, 1fr); }
  .cards { grid-template-columns: 1fr; }
}
`;
