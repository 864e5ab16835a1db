import type { ChainRegistry, Web3Registry } from "../../app/web3-period.ts";
import type { RegistryEntry } from "../../app/web3-registry.ts";
import type { ContractRef, InterfaceFinding } from "../../domains/web3/collisions.ts";
import { formatInstant } from "../../model/format.ts";
import { e, href } from "./layout.ts";

/** One column of the registry tables: a field of the registry entry as a cell. */
interface RegistryColumn {
  header: string;
  cell: (entry: RegistryEntry, when: (iso: string) => string) => string;
  numeric?: boolean;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const mono = (value: string | null) => (value === null ? "—" : `<span class="mono">${e(value)}</span>`);

/** The fields of a registry entry the tables show, in order: a field added to the entry is one line here. */
const REGISTRY_COLUMNS: readonly RegistryColumn[] = [
  {
    header: "Name",
    cell: (c) => `${e(c.name ?? "—")}${c.version ? `<br><span class="meta">${e(c.version)}</span>` : ""}`,
  },
  { header: "Address", cell: (c) => mono(c.address) },
  { header: "Role", cell: (c) => e(c.role) },
  { header: "Implementation", cell: (c) => mono(c.implementation) },
  { header: "Deployed at", cell: (c, when) => (c.deployed_at === null ? "—" : e(when(c.deployed_at))) },
  { header: "Block", cell: (c) => (c.block_number === null ? "—" : String(c.block_number)), numeric: true },
  { header: "Source file", cell: (c) => `${e(c.source)}<br>${mono(c.source_file)}` },
  {
    header: "Monitored by",
    cell: (c) =>
      c.monitored_by.length === 0 ? '<span class="owner-missing">none</span>' : e(c.monitored_by.join(", ")),
  },
  { header: "ABI", cell: (c) => (c.abi === null ? "none" : plural(c.abi.length, "item")), numeric: true },
];

const headerCells = REGISTRY_COLUMNS.map(
  (column) => `<th scope="col"${column.numeric ? ' class="num"' : ""}>${e(column.header)}</th>`,
).join("");

function entryCells(entry: RegistryEntry, when: (iso: string) => string): string {
  return REGISTRY_COLUMNS.map(
    (column) => `<td${column.numeric ? ' class="num"' : ""}>${column.cell(entry, when)}</td>`,
  ).join("");
}

/**
 * The deployments registry at the period end, chain by chain, the contracts
 * the period added and removed, and the interface check of its ABIs. Every
 * name and signature comes from imported files: all of it escaped.
 */
export function web3Body(view: Web3Registry, timezone: string): string {
  const { period, check } = view;
  const when = (iso: string) => formatInstant(Date.parse(iso), timezone);
  const metric = (id: string, label: string) =>
    `<a href="${e(href(`/metrics/${id}`, period.id))}">${label}</a>`;
  const intro = `<p class="meta">The smart contract deployments registry at the end of ${e(period.id)} (${e(when(period.end))}): each registry feed's latest snapshot before it, one contract per chain and address. New: not in the registry at the period start, as the ${metric("new_deployments", "new deployments metric")} counts them. <a href="#collisions">Collisions</a>: the registry's ABIs checked against each other, as the ${metric("interface_collisions", "interface collisions metric")} counts them. <a href="${e(href("/api/v1/web3/registry", period.id))}">JSON</a></p>
<p>${plural(view.contracts, "contract")} on ${plural(view.chains.length, "chain")} · ${view.new_deployments} new · ${view.removed} removed · <a href="#collisions">${plural(check.collisions, "collision")}</a></p>`;
  if (view.chains.length === 0)
    return `<h1>Smart contracts — ${e(period.id)}</h1>${intro}
<div class="empty-state">No deployments registry before the end of ${e(period.id)}: import a deployments folder (web3-deployments).</div>`;
  return `<h1>Smart contracts — ${e(period.id)}</h1>${intro}
${view.chains.map((chain) => chainSection(chain, period.id, when)).join("\n")}
<h2 id="collisions">Interface collisions</h2>${checkSection(view)}`;
}

function chainSection(chain: ChainRegistry, periodId: string, when: (iso: string) => string): string {
  const added = chain.contracts.filter((c) => c.new).length;
  const contracts =
    chain.contracts.length === 0
      ? `<div class="empty-state">No contract on chain ${chain.chain_id} at the end of ${e(periodId)}.</div>`
      : `<table><caption>Contracts on chain ${chain.chain_id} at the end of ${e(periodId)}: ${chain.contracts.length}, ${added} new</caption><thead><tr><th scope="col">New</th>${headerCells}</tr></thead><tbody>${chain.contracts
          .map(
            (c) =>
              `<tr><td>${c.new ? "<strong>new</strong>" : '<span class="meta">—</span>'}</td>${entryCells(c, when)}</tr>`,
          )
          .join("")}</tbody></table>`;
  const removed =
    chain.removed.length === 0
      ? ""
      : `<table><caption>Removed from chain ${chain.chain_id} in ${e(periodId)}: ${chain.removed.length}, as they were at the period start</caption><thead><tr>${headerCells}</tr></thead><tbody>${chain.removed
          .map((c) => `<tr>${entryCells(c, when)}</tr>`)
          .join("")}</tbody></table>`;
  return `<h2 id="chain-${chain.chain_id}">Chain ${chain.chain_id}</h2>${contracts}${removed}`;
}

function checkSection(view: Web3Registry): string {
  const { check } = view;
  const unreadable =
    check.unreadable.length === 0
      ? ""
      : `<p class="meta">ABIs left out, unreadable: ${check.unreadable
          .map((u) => `${e(u.contract)} (${e(u.location)}: ${e(u.reason)})`)
          .join("; ")}.</p>`;
  if (check.findings.length === 0)
    return `<div class="empty-state">None: the ${plural(check.contracts_checked, "ABI")} of the registry share no selector, topic or name with different meanings.</div>${unreadable}`;
  const notes = check.findings.length - check.collisions;
  return `<p class="meta">${plural(check.contracts_checked, "ABI")} checked: ${plural(check.collisions, "collision")} (errors and warnings, counted), ${plural(notes, "note")} (not counted).</p>
<table><thead><tr><th scope="col">Level</th><th scope="col">Rule</th><th scope="col">Selector, topic or name</th><th scope="col">Signatures and the contracts declaring them</th></tr></thead><tbody>${check.findings
    .map(findingRow)
    .join("")}</tbody></table>${unreadable}`;
}

function findingRow(finding: InterfaceFinding): string {
  const members = finding.members
    .map((member) => {
      const layout = finding.rule === "indexed-mismatch" ? ` indexed [${member.indexed.join(", ")}]` : "";
      return `<li><span class="mono">${e(member.signature)}</span>${e(layout)}: ${member.contracts.map(contractText).join("; ")}</li>`;
    })
    .join("");
  return `<tr><td>${e(finding.level)}</td><td>${e(finding.rule)}</td><td class="mono">${e(finding.key)}</td><td><ul>${members}</ul></td></tr>`;
}

function contractText(ref: ContractRef): string {
  const where =
    ref.chain_id === null
      ? ""
      : ` (chain ${ref.chain_id}, <span class="mono">${e(ref.address ?? "")}</span>)`;
  return `${e(ref.contract)}${where}`;
}
