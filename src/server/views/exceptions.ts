import type { ExceptionRegister, RegisterEntry } from "../../app/exception-register.ts";
import { samePerson } from "../../app/exception-rules.ts";
import { scopeText } from "../../domains/exceptions/compute.ts";
import {
  EXCEPTION_DECISIONS,
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
} from "../../domains/exceptions/records.ts";
import { formatDate } from "../../model/format.ts";
import type { Principal } from "../context.ts";
import { csrfField, e } from "./layout.ts";

export interface ExceptionsView {
  register: ExceptionRegister;
  filter: { status?: string; expiring?: boolean };
  principal: Principal | undefined;
  /** The principal may act (editor or admin). */
  canEdit: boolean;
  /** Who the audit log will name for the principal's actions. */
  actor: string;
  timezone: string;
  flash?: { ok: boolean; message: string; hint?: string };
}

const STATE_CLASS: Record<string, string> = {
  open: "status-met",
  expiring: "status-stale",
  expired: "status-missed",
};

/** The register in force, its filters, each row's actions and the request form (editors). */
export function exceptionsBody(view: ExceptionsView): string {
  const { register, canEdit } = view;
  const flash = view.flash
    ? `<div class="flash ${view.flash.ok ? "flash-ok" : "flash-error"}" role="${view.flash.ok ? "status" : "alert"}">${e(view.flash.message)}${view.flash.hint ? ` ${e(view.flash.hint)}` : ""}</div>`
    : "";
  const intro = `<p class="meta">The register in force on ${e(register.as_of.slice(0, 10))}: each register's latest snapshot, the soonest expiry first; expiring means within ${register.expiring_within_days} days. Exceptions imported from files are read-only here (their source shown): the file is their source of truth, so change it and import it again. Those requested here are kept in the dashboard's own register; every request, approval, rejection, revocation and renewal is in the audit log, and no one approves or renews what they requested.</p>`;
  const table =
    register.exceptions.length === 0
      ? `<div class="empty-state">${
          view.filter.status || view.filter.expiring
            ? "No exception matches these filters."
            : "No exception register imported yet, and none requested here."
        }</div>`
      : `<table><thead><tr><th>ID</th><th>Exception</th><th>Status</th><th>State</th><th class="num">Days left</th><th>Expires</th><th>Scope</th><th>Owner</th><th>Requested by</th><th>Approved by</th><th>Source</th>${canEdit ? "<th>Actions</th>" : ""}</tr></thead><tbody>${register.exceptions
          .map((entry) => row(entry, view))
          .join("")}</tbody></table>`;
  return `<h1>Exceptions register</h1>${flash}${intro}${filters(view.filter)}${table}${canEdit ? requestForm(view.principal) : ""}`;
}

function row(entry: RegisterEntry, view: ExceptionsView): string {
  const when = (iso: string | null) => (iso === null ? "—" : formatDate(Date.parse(iso), view.timezone));
  const source = entry.editable
    ? `dashboard<br><span class="meta">import #${entry.source.import_id}</span>`
    : `${e(entry.feed)} (read-only)<br><span class="mono">${e(entry.source.file_name)}</span>`;
  const actions = view.canEdit
    ? `<td class="row-actions">${entry.editable ? rowActions(entry, view) : "—"}</td>`
    : "";
  return `<tr><td class="mono">${e(entry.id)}</td><td>${e(entry.title ?? "")}<br><span class="meta">${e(entry.type)}${entry.decision ? ` · ${e(entry.decision)}` : ""}${entry.ticket ? ` · ${e(entry.ticket)}` : ""}</span></td><td>${e(entry.status)}</td><td><span class="status ${STATE_CLASS[entry.state] ?? "status-no_target"}">${e(entry.state)}</span></td><td class="num">${entry.days_left ?? "—"}</td><td class="mono">${e(when(entry.expires_at))}</td><td>${e(scopeText(entry.scope))}</td><td>${entry.owner === null ? '<span class="owner-missing">unassigned</span>' : e(entry.owner)}</td><td>${e(entry.requested_by ?? "—")}</td><td>${e(entry.approved_by ?? "—")}</td><td>${source}</td>${actions}</tr>`;
}

/** The actions the entry's status allows; approval and renewal only for someone other than its requester. */
function rowActions(entry: RegisterEntry, view: ExceptionsView): string {
  const csrf = csrfField(view.principal);
  const path = (action: string) => `/exceptions/${encodeURIComponent(entry.id)}/${action}`;
  const button = (action: string, label: string, extra = "") =>
    `<form method="post" action="${e(path(action))}">${csrf}${extra}<button type="submit">${label}</button></form>`;
  const expiry = (action: string, value: string | null) =>
    `<input type="date" name="expires_at" aria-label="Expiry for ${e(action)} of ${e(entry.id)}" required${value ? ` value="${e(value.slice(0, 10))}"` : ""}>`;
  const own = samePerson(view.actor, entry.requested_by);
  if (entry.status === "requested")
    return `${own ? '<span class="meta">awaiting another approver</span>' : button("approve", "Approve", expiry("approve", entry.expires_at))}${button("reject", own ? "Withdraw" : "Reject")}`;
  if (entry.status === "approved")
    return `${own ? "" : button("renew", "Renew", expiry("renew", null))}${button("revoke", "Revoke")}`;
  return "—";
}

function filters(filter: ExceptionsView["filter"]): string {
  const statuses = ["", ...EXCEPTION_STATUSES]
    .map(
      (status) =>
        `<option value="${status}"${status === (filter.status ?? "") ? " selected" : ""}>${status === "" ? "any status" : status}</option>`,
    )
    .join("");
  return `<form method="get" action="/exceptions" class="filters"><label for="filter-status">Status</label><select id="filter-status" name="status">${statuses}</select><label><input type="checkbox" name="expiring" value="true"${filter.expiring ? " checked" : ""}> expiring or expired only</label><button type="submit">Filter</button></form>`;
}

function requestForm(principal: Principal | undefined): string {
  const options = (values: readonly string[], blank?: string) =>
    `${blank === undefined ? "" : `<option value="">${blank}</option>`}${values.map((v) => `<option>${v}</option>`).join("")}`;
  return `<h2>Request an exception</h2>
<p class="meta">Another editor approves it, with an expiry. Scope ids: separated by commas. Compensating controls: one per line.</p>
<form class="stack" method="post" action="/exceptions">${csrfField(principal)}
<label for="exc-type">Type</label><select id="exc-type" name="type">${options(EXCEPTION_TYPES)}</select>
<label for="exc-title">Title</label><input id="exc-title" name="title" required maxlength="200">
<label for="exc-decision">Decision</label><select id="exc-decision" name="decision">${options(EXCEPTION_DECISIONS, "none")}</select>
<label for="exc-controls">Controls</label><input id="exc-controls" name="controls" placeholder="AC-2, SC-8">
<label for="exc-checks">Checks</label><input id="exc-checks" name="checks">
<label for="exc-assets">Assets</label><input id="exc-assets" name="assets">
<label for="exc-findings">Findings</label><input id="exc-findings" name="findings" placeholder="CVE-2026-1234">
<label for="exc-owner">Owner</label><input id="exc-owner" name="owner" maxlength="200">
<label for="exc-compensating">Compensating controls</label><textarea id="exc-compensating" name="compensating_controls" rows="3"></textarea>
<label for="exc-expires">Requested expiry</label><input id="exc-expires" type="date" name="expires_at">
<label for="exc-ticket">Ticket</label><input id="exc-ticket" name="ticket" maxlength="200">
<label for="exc-note">Note for the audit log</label><input id="exc-note" name="note" maxlength="2000">
<button type="submit">Request</button></form>`;
}
