import type { CertificationState, PublishedState, TrustCenterView } from "../../app/trust-center.ts";
import type { TrustDocument } from "../../config/trust-schema.ts";
import { formatDate } from "../../model/format.ts";
import { e } from "./layout.ts";

/** Where the pages link to: relative files in the static site, routes under /trust on the server. */
export interface TrustLinks {
  css: string;
  securityTxt: string;
  document(document: TrustDocument): string;
  /** The access request form's action; null on the static site, which has no server to take it. */
  requestAccess: string | null;
}

/** A notice above the page: a request taken, a link that no longer works. */
export interface TrustFlash {
  ok: boolean;
  message: string;
}

const CERTIFICATION_WORDS: Record<CertificationState, string> = {
  valid: "Valid",
  expired: "Expired",
  not_yet_valid: "Not yet valid",
  in_progress: "In progress",
  started: "Started",
};

const METRIC_WORDS: Record<PublishedState, string> = {
  current: "Current",
  stale: "Stale",
  no_data: "No data",
};

/** A page of the trust center: its own shell (no dashboard navigation, no login), with landmarks and a skip link. */
function trustShell(
  view: { company: string; title: string; css: string; nav?: readonly [string, string][] },
  body: string,
  footer: string,
): string {
  const nav = view.nav?.length
    ? `<nav aria-label="Sections">${view.nav.map(([id, label]) => `<a href="#${e(id)}">${e(label)}</a>`).join("")}</nav>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(view.title)} · ${e(view.company)}</title>
<link rel="stylesheet" href="${e(view.css)}">
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site-header"><p class="company">${e(view.company)}</p>${nav}</header>
<main id="content">
${body}
</main>
<footer>${footer}</footer>
</body>
</html>
`;
}

const SECTIONS: readonly [string, string][] = [
  ["certifications", "Certifications"],
  ["metrics", "Security in figures"],
  ["documents", "Documents"],
  ["subprocessors", "Subprocessors"],
  ["faq", "FAQ"],
  ["contact", "Contact"],
];

/** The public trust center: only what anyone may see; NDA documents are counted, never named. */
export function trustPage(
  view: TrustCenterView,
  links: TrustLinks,
  zone: string,
  flash?: TrustFlash,
): string {
  const { trust } = view;
  const date = (ms: number | undefined | null) =>
    ms === undefined || ms === null ? "—" : formatDate(ms, zone);
  const notice = flash
    ? `<div class="flash ${flash.ok ? "flash-ok" : "flash-error"}" role="${flash.ok ? "status" : "alert"}">${e(flash.message)}</div>`
    : "";
  const body = [
    `<h1>${e(trust.company)} trust center</h1>`,
    notice,
    trust.overview ? `<p>${e(trust.overview)}</p>` : "",
    section("certifications", "Certifications and attestations", certifications(view, links, date)),
    section("metrics", "Security in figures", metrics(view, date)),
    section("documents", "Documents", documents(view, links)),
    section("subprocessors", "Subprocessors", subprocessors(view)),
    section("faq", "Frequently asked questions", faqs(view)),
    section(
      "contact",
      "Contact",
      `<p>Security questions: <a href="mailto:${e(trust.contact.email)}">${e(trust.contact.email)}</a>${
        trust.contact.url ? ` · <a href="${e(trust.contact.url)}">${e(trust.contact.url)}</a>` : ""
      }</p><p>To report a vulnerability, see our <a href="${e(links.securityTxt)}">security.txt</a>.</p>`,
    ),
  ].join("\n");
  const footer = `<p>Figures for ${e(view.period.id)}, computed by secmetrics on ${e(date(view.generated_at))} from the tools' own output. A stale figure is one whose data stopped arriving; it is shown as stale, not as its last value.</p>`;
  return trustShell(
    { company: trust.company, title: "Trust center", css: links.css, nav: SECTIONS },
    body,
    footer,
  );
}

function section(id: string, title: string, content: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>${content}</section>`;
}

function badge(state: string, words: string): string {
  return `<span class="badge badge-${e(state)}">${e(words)}</span>`;
}

function certifications(
  view: TrustCenterView,
  links: TrustLinks,
  date: (ms?: number | null) => string,
): string {
  if (view.certifications.length === 0) return `<p class="meta">No certification listed.</p>`;
  const rows = view.certifications.map((c) => {
    const report = c.public_report
      ? `<a href="${e(links.document(c.public_report))}">${e(c.public_report.title)}</a>`
      : c.report
        ? "Under NDA"
        : "—";
    return `<tr><th scope="row">${e(c.framework)}</th><td data-state="${e(c.state)}">${badge(c.state, CERTIFICATION_WORDS[c.state])}</td><td>${e(c.auditor ?? "—")}</td><td>${e(date(c.valid_from))}</td><td>${e(date(c.valid_until))}</td><td>${report}</td></tr>`;
  });
  return `<table class="certifications"><thead><tr><th scope="col">Framework</th><th scope="col">Status</th><th scope="col">Auditor</th><th scope="col">Valid from</th><th scope="col">Valid until</th><th scope="col">Report</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function metrics(view: TrustCenterView, date: (ms?: number | null) => string): string {
  if (view.metrics.length === 0) return `<p class="meta">No figure published.</p>`;
  const rows = view.metrics.map((m) => {
    const figure =
      m.value === null
        ? `<span class="meta">${e(m.reason ?? "")}</span>`
        : `<span class="figure">${e(m.value)}</span>`;
    return `<tr data-metric="${e(m.id)}"><th scope="row">${e(m.wording)}</th><td>${figure}</td><td>${badge(m.state, METRIC_WORDS[m.state])}</td><td>${e(date(m.data_end))}</td></tr>`;
  });
  return `<table class="metrics"><caption>Period ${e(view.period.id)}</caption><thead><tr><th scope="col">Claim</th><th scope="col">Figure</th><th scope="col">State</th><th scope="col">Data up to</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function documents(view: TrustCenterView, links: TrustLinks): string {
  const list = view.public_documents.length
    ? `<ul class="documents">${view.public_documents.map((d) => `<li><a href="${e(links.document(d))}">${e(d.title)}</a></li>`).join("")}</ul>`
    : `<p class="meta">No public document.</p>`;
  if (view.nda_documents === 0) return list;
  const count = `${view.nda_documents} more document${view.nda_documents === 1 ? " is" : "s are"} shared under NDA`;
  if (links.requestAccess === null)
    return `${list}<p>${count}: ask <a href="mailto:${e(view.trust.contact.email)}">${e(view.trust.contact.email)}</a> for access.</p>`;
  return `${list}<p>${count}. Request access; once approved, you receive a personal link.</p>${requestForm(view, links.requestAccess)}`;
}

function requestForm(view: TrustCenterView, action: string): string {
  return `<form class="request" method="post" action="${e(action)}" aria-labelledby="request-title">
<h3 id="request-title">Request access</h3>
<label for="company">Company</label><input type="text" id="company" name="company" required maxlength="200" autocomplete="organization">
<label for="email">Work email</label><input type="email" id="email" name="email" required maxlength="254" autocomplete="email">
<label for="purpose">Purpose</label><textarea id="purpose" name="purpose" required maxlength="2000" rows="3"></textarea>
<p class="nda-text" id="nda-text">${e(view.trust.nda.text)}</p>
<label><input type="checkbox" name="accept_nda" value="yes" required aria-describedby="nda-text"> I accept these terms on behalf of my company</label>
<button type="submit">Request access</button>
</form>`;
}

function subprocessors(view: TrustCenterView): string {
  const list = view.trust.subprocessors;
  if (list.length === 0) return `<p class="meta">No subprocessor.</p>`;
  return `<table><thead><tr><th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Location</th></tr></thead><tbody>${list
    .map((s) => `<tr><th scope="row">${e(s.name)}</th><td>${e(s.purpose)}</td><td>${e(s.location)}</td></tr>`)
    .join("")}</tbody></table>`;
}

function faqs(view: TrustCenterView): string {
  const list = view.trust.faqs;
  if (list.length === 0) return `<p class="meta">No question yet.</p>`;
  return list.map((f) => `<h3>${e(f.question)}</h3><p>${e(f.answer)}</p>`).join("");
}

/** What an access link opens: the NDA documents, for the company it was granted to, until it expires. */
export function grantPage(
  view: { trust: TrustCenterView["trust"]; company: string; expires_at: number; documents: TrustDocument[] },
  links: { css: string; document(document: TrustDocument): string; home: string },
  zone: string,
): string {
  const list = view.documents.length
    ? `<ul class="documents">${view.documents.map((d) => `<li><a href="${e(links.document(d))}">${e(d.title)}</a></li>`).join("")}</ul>`
    : `<p class="meta">No document is shared under NDA at the moment.</p>`;
  const body = `<h1>Documents shared under NDA</h1>
<p>Shared with ${e(view.company)} under the terms accepted with the request. This link is personal and works until ${e(formatDate(view.expires_at, zone))}; each download is recorded.</p>
${section("nda-documents", "Documents", list)}
<p><a href="${e(links.home)}">Back to the trust center</a></p>`;
  return trustShell({ company: view.trust.company, title: "NDA documents", css: links.css }, body, "");
}
