import { existsSync } from "node:fs";
import { HttpError } from "./http-error.ts";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The Chromium to print with: SECMETRICS_CHROMIUM, else Debian's, else none. */
export function findChromium(explicit?: string | null): string | null {
  if (explicit === null) return null;
  const candidate = explicit ?? process.env.SECMETRICS_CHROMIUM ?? DEFAULT_CHROMIUM;
  return existsSync(candidate) ? candidate : null;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints the report HTML to A4 PDF in headless Chromium. One at a time: each
 * print is a browser process, and a burst of PDF requests must not fork a
 * browser per request. The page has no script and no network access (its own
 * CSP), so rendering it is safe.
 */
export function renderPdf(html: string, chromium: string | null): Promise<Buffer> {
  if (chromium === null)
    return Promise.reject(
      new HttpError(
        "unavailable",
        "PDF export needs Chromium, which is not installed on the server",
        "install it (Debian: apt-get install chromium) or set SECMETRICS_CHROMIUM; the HTML download prints the same page",
      ),
    );
  const run = queue.then(async () => {
    const { chromium: launcher } = await import("playwright-core");
    const browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
