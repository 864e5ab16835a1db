import type { AssetInventory, InventoryAsset, ShadowAsset } from "../../app/asset-inventory.ts";
import { formatInstant } from "../../model/format.ts";
import { e, href } from "./layout.ts";

/**
 * The managed inventory in force at the period end, filterable by owner,
 * tier and environment, and apart the period's shadow assets with where
 * each was seen. Every value comes from imported files: all of it escaped.
 */
export function assetsBody(view: AssetInventory, timezone: string): string {
  const { period, inventory, shadow } = view;
  const when = (iso: string) => formatInstant(Date.parse(iso), timezone);
  const shadowCount = shadow.count === null ? "no count" : `${shadow.count} shadow`;
  const intro = `<p class="meta">The managed inventory in force at the end of ${e(period.id)} (${e(when(period.end))}): each inventory feed's latest snapshot before it. Apart, the <a href="#shadow">shadow assets</a>: assets seen in the period that it lacks, as the <a href="${e(href("/metrics/shadow_assets", period.id))}">shadow assets metric</a> counts them. <a href="${e(href("/api/v1/assets", period.id))}">JSON</a></p>
<p>${inventory.total} managed · ${shadow.observed} seen in the period · <a href="#shadow">${e(shadowCount)}</a></p>`;
  return `<h1>Assets — ${e(period.id)}</h1>${intro}
<h2 id="inventory">Managed inventory</h2>${filters(view)}${inventoryTable(view, when)}
<h2 id="shadow">Shadow assets</h2>${shadowTable(view, when)}`;
}

function inventoryTable(view: AssetInventory, when: (iso: string) => string): string {
  const { inventory } = view;
  if (inventory.total === 0)
    return `<div class="empty-state">No managed inventory before the end of ${e(view.period.id)}: import one (assets-csv, assets-json, terraform-state).</div>`;
  if (inventory.matching === 0)
    return `<div class="empty-state">No managed asset matches these filters.</div>`;
  const shown =
    inventory.matching === inventory.total
      ? `${inventory.total} assets`
      : `${inventory.matching} of ${inventory.total} assets`;
  const cut = inventory.truncated ? ` (the first ${inventory.assets.length} listed)` : "";
  return `<p class="meta">${shown}${cut}.</p>
<table><thead><tr><th>Asset ID</th><th>Hostname</th><th>IPs</th><th>Owner</th><th>Tier</th><th>Environment</th><th>Source</th><th>Seen in the period by</th></tr></thead><tbody>${inventory.assets
    .map((asset) => inventoryRow(asset, when))
    .join("")}</tbody></table>`;
}

function inventoryRow(asset: InventoryAsset, when: (iso: string) => string): string {
  const type = asset.asset_type ? `<br><span class="meta">${e(asset.asset_type)}</span>` : "";
  const owner = asset.owner === null ? '<span class="owner-missing">unassigned</span>' : e(asset.owner);
  const seen =
    asset.seen_by.length === 0 ? '<span class="meta">not seen</span>' : e(asset.seen_by.join(", "));
  return `<tr><td class="mono">${e(asset.asset_id)}${type}</td><td class="mono">${e(asset.hostname ?? "—")}</td><td class="mono">${asset.ips.map(e).join("<br>") || "—"}</td><td>${owner}</td><td>${e(asset.tier ?? "—")}</td><td>${e(asset.environment ?? "—")}</td><td>${e(asset.source.feed)}<br><span class="mono">${e(asset.source.file_name)}</span><br><span class="meta">snapshot ${e(when(asset.source.snapshot_at))}</span></td><td>${seen}</td></tr>`;
}

function shadowTable(view: AssetInventory, when: (iso: string) => string): string {
  const { shadow } = view;
  if (shadow.count === null) return `<div class="empty-state">${e(shadow.reason ?? "no count")}.</div>`;
  if (shadow.assets.length === 0)
    return `<div class="empty-state">None: every asset seen in ${e(view.period.id)} is in the inventory.</div>`;
  const bySource = Object.entries(shadow.by_source)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, count]) => `${e(source)} ${count}`)
    .join(", ");
  const cut = shadow.truncated ? ` (the first ${shadow.assets.length} listed)` : "";
  const counted =
    shadow.count === 1
      ? "1 asset seen in the period matches"
      : `${shadow.count} assets seen in the period match`;
  return `<p class="meta">${counted} no asset of the inventory${cut}; by source: ${bySource}. The inventory filters do not apply here.</p>
<table><thead><tr><th>Seen as</th><th>Type</th><th>Sources</th><th class="num">Sightings</th><th>First seen</th><th>Last seen</th><th>Last seen in (file:line)</th></tr></thead><tbody>${shadow.assets
    .map((asset) => shadowRow(asset, when))
    .join("")}</tbody></table>`;
}

function shadowRow(asset: ShadowAsset, when: (iso: string) => string): string {
  const others = asset.names.filter((name) => name !== asset.name);
  const aka = others.length ? `<br><span class="meta">also ${others.map(e).join(", ")}</span>` : "";
  return `<tr><td class="mono">${e(asset.name)}${aka}</td><td>${e(asset.asset_types.join(", ") || "—")}</td><td>${e(asset.sources.join(", "))}</td><td class="num">${asset.sightings}</td><td class="mono">${e(when(asset.first_seen))}</td><td class="mono">${e(when(asset.last_seen))}</td><td class="mono">${e(asset.seen_in.file_name)}:${asset.seen_in.line}<br><span class="meta">import #${asset.seen_in.import_id}</span></td></tr>`;
}

/** A GET form keeping the period: each column's values as the inventory has them. */
function filters(view: AssetInventory): string {
  const { inventory, filter, period } = view;
  if (inventory.total === 0) return "";
  const select = (name: "owner" | "tier" | "environment", label: string, values: string[]) =>
    `<label for="filter-${name}">${label}</label><select id="filter-${name}" name="${name}"><option value="">any</option>${values
      .map(
        (value) =>
          `<option value="${e(value)}"${value === filter[name] ? " selected" : ""}>${e(value)}</option>`,
      )
      .join("")}</select>`;
  return `<form method="get" action="/assets" class="filters"><input type="hidden" name="period" value="${e(period.id)}">${select("owner", "Owner", inventory.owners)}${select("tier", "Tier", inventory.tiers)}${select("environment", "Environment", inventory.environments)}<button type="submit">Filter</button></form>`;
}
