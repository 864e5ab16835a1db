import { formatDate, formatInstant } from "../../model/format.ts";
import type { Download, RequestWithGrants } from "../../store/trust-access-store.ts";
import type { Principal } from "../context.ts";
import { csrfField, e } from "./layout.ts";

export interface TrustRequestsView {
  requests: RequestWithGrants[];
  downloads: Download[];
  principal: Principal | undefined;
  /** The principal may decide (editor or admin). */
  canEdit: boolean;
  now: number;
  timezone: string;
  linkDays: number;
  /** After an approval: the link, shown once (only its hash is stored). */
  flash?: { ok: boolean; message: string; link?: string };
}

/** The editors' page: requests to decide, links to revoke, who downloaded what. */
export function trustRequestsBody(view: TrustRequestsView): string {
  const when = (ms: number | null) => (ms === null ? "—" : formatInstant(ms, view.timezone));
  const flash = view.flash
    ? `<div class="flash ${view.flash.ok ? "flash-ok" : "flash-error"}" role="${view.flash.ok ? "status" : "alert"}">${e(view.flash.message)}${
        view.flash.link
          ? `<br>Send this link to the requester; it is shown only now: <span class="mono" id="access-link">${e(view.flash.link)}</span>`
          : ""
      }</div>`
    : "";
  const intro = `<p class="meta">Requests for the trust center's NDA documents. Approving one creates a personal link that works for ${view.linkDays} days unless revoked; every decision is in the audit log and every download below.</p>`;
  const requests =
    view.requests.length === 0
      ? `<div class="empty-state">No access request yet.</div>`
      : `<table><thead><tr><th>Requested</th><th>Company</th><th>Email</th><th>Purpose</th><th>NDA accepted</th><th>Status</th><th>Links</th><th>Actions</th></tr></thead><tbody>${view.requests
          .map((request) => {
            const actions =
              request.status === "pending" && view.canEdit
                ? `<form method="post" action="/trust/requests/${request.id}/approve">${csrfField(view.principal)}<button type="submit">Approve</button></form><form method="post" action="/trust/requests/${request.id}/reject">${csrfField(view.principal)}<button type="submit">Reject</button></form>`
                : "—";
            const grants = request.grants
              .map((grant) => {
                const state =
                  grant.revoked_at !== null
                    ? `revoked ${e(formatDate(grant.revoked_at, view.timezone))} by ${e(grant.revoked_by ?? "")}`
                    : grant.expires_at <= view.now
                      ? `expired ${e(formatDate(grant.expires_at, view.timezone))}`
                      : `works until ${e(formatDate(grant.expires_at, view.timezone))}${
                          view.canEdit
                            ? `<form method="post" action="/trust/grants/${grant.id}/revoke">${csrfField(view.principal)}<button type="submit">Revoke</button></form>`
                            : ""
                        }`;
                return `<div>#${grant.id}: ${state}</div>`;
              })
              .join("");
            return `<tr data-request="${request.id}"><td>${e(when(request.requested_at))}</td><td>${e(request.company)}</td><td>${e(request.email)}</td><td>${e(request.purpose)}</td><td>${e(when(request.nda_accepted_at))}<br><span class="mono">${e(request.nda_accepted_ip)}</span></td><td>${e(request.status)}${request.decided_by ? `<br><span class="meta">by ${e(request.decided_by)}</span>` : ""}</td><td>${grants || "—"}</td><td class="row-actions">${actions}</td></tr>`;
          })
          .join("")}</tbody></table>`;
  const downloads =
    view.downloads.length === 0
      ? `<div class="empty-state">No download yet.</div>`
      : `<table><thead><tr><th>When</th><th>Document</th><th>Company</th><th>Email</th><th>Address</th><th>Link</th></tr></thead><tbody>${view.downloads
          .map(
            (d) =>
              `<tr><td>${e(when(d.at))}</td><td class="mono">${e(d.document)}</td><td>${e(d.company)}</td><td>${e(d.email)}</td><td class="mono">${e(d.ip)}</td><td>#${d.grant_id}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  return `<h1>Trust center access</h1>${flash}${intro}<h2>Requests</h2>${requests}<h2>Downloads</h2>${downloads}`;
}
