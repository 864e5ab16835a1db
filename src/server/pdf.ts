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

/**
 * Prints HTML to PDF. Settles only once nothing it started is left running,
 * and promptly once `signal` aborts (rejecting then).
 */
export type PdfPrinter = (html: string, signal: AbortSignal) => Promise<Buffer>;

/**
 * Prints to A4 PDF in headless Chromium, one browser process per print. The
 * page has no script and no network access (its own CSP), so rendering it is
 * safe. An abort closes the browser, so no Chromium outlives its print; the
 * caller's signal is the page's only time limit (Playwright's own are off).
 */
export function chromiumPrinter(explicit?: string | null): PdfPrinter {
  return async (html, signal) => {
    const executable = findChromium(explicit);
    if (executable === null)
      throw new HttpError(
        "unavailable",
        "PDF export needs Chromium, which is not installed on the server",
        "install it (Debian: apt-get install chromium) or set SECMETRICS_CHROMIUM; the HTML download prints the same page",
      );
    signal.throwIfAborted();
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
    // One close, awaited by whoever comes last: a second close() returns before the browser has exited.
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= browser.close().catch(() => undefined);
      return closing;
    };
    signal.addEventListener("abort", close, { once: true });
    try {
      signal.throwIfAborted();
      const page = await browser.newPage({ javaScriptEnabled: false });
      page.setDefaultTimeout(0);
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    } catch (error) {
      signal.throwIfAborted();
      throw error;
    } finally {
      signal.removeEventListener("abort", close);
      await close();
    }
  };
}
