import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { TrustCenterView } from "../app/trust-center.ts";
import type { LoadedTrust } from "../config/trust-load.ts";
import type { TrustDocument } from "../config/trust-schema.ts";
import { securityTxt } from "../report/security-txt.ts";
import { type TrustLinks, trustPage } from "./views/trust.ts";
import { TRUST_CSS } from "./views/trust-style.ts";

/** A file of the static site: its text, or the document file it is a copy of. */
export type SiteFile = { path: string; text: string } | { path: string; copyOf: string };

/** Where a document's file lies: relative to the trust file. */
export function documentPath(loaded: LoadedTrust, document: TrustDocument): string {
  return resolve(loaded.dir, document.file);
}

/** The static site's relative links: the site works from any folder or host, and from disk. */
const SITE_LINKS: TrustLinks = {
  css: "trust.css",
  securityTxt: ".well-known/security.txt",
  document: (document) => `documents/${document.id}/${encodeURIComponent(basename(document.file))}`,
  requestAccess: null,
};

/**
 * The static trust center: its page, stylesheet, security.txt and public
 * documents. No NDA or private document is ever part of it: the site is
 * meant to be hosted anywhere, without a server to check a grant.
 */
export function trustSiteFiles(view: TrustCenterView, loaded: LoadedTrust, zone: string): SiteFile[] {
  return [
    { path: "index.html", text: trustPage(view, SITE_LINKS, zone) },
    { path: "trust.css", text: TRUST_CSS },
    { path: ".well-known/security.txt", text: securityTxt(view.trust) },
    ...view.public_documents.map((document) => ({
      path: `documents/${document.id}/${basename(document.file)}`,
      copyOf: documentPath(loaded, document),
    })),
  ];
}

/** Writes the site's files under `out`, creating its folders. */
export function writeSiteFiles(files: readonly SiteFile[], out: string): void {
  for (const file of files) {
    const target = join(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if ("text" in file) writeFileSync(target, file.text);
    else copyFileSync(file.copyOf, target);
  }
}
