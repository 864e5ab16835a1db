import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeKpis } from "../app/compute-kpis.ts";
import { trustCenterView } from "../app/trust-center.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildTestServer, PASSWORD, TEST_NOW, TEST_PERIOD } from "../test-support/server.ts";
import { loadTestTrust } from "../test-support/trust.ts";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "./pdf.ts";
import { type RunningServer, startServer } from "./start.ts";
import { trustSiteFiles, writeSiteFiles } from "./trust-site.ts";

const ARTIFACTS = "test-artifacts";
const available = existsSync(DEFAULT_CHROMIUM);
if (!available)
  console.warn(
    `SKIPPED: trust center browser tests — no Chromium at ${DEFAULT_CHROMIUM} (Debian: apt-get install chromium)`,
  );
const NDA_TITLES = ["SOC 2 Type II report 2026", "Penetration test summary"];
const PRIVATE_TITLE = "Risk committee minutes";

/** The static site from disk and /trust on a running server, in real headless Chromium: what a visitor and an editor do. */
describe.skipIf(!available)("the trust center in headless Chromium", () => {
  let browser: Browser;
  let visitor: Page;
  let editor: Page;
  let running: RunningServer;
  let site: string;
  let dispose: () => Promise<void>;
  const policyViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const created = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    const loaded = loadTestTrust();
    const server = await buildTestServer(created.store, { trust: loaded });
    running = await startServer(server.deps, { port: 0, host: "127.0.0.1" });
    dispose = async () => {
      await running.close();
      await created.dispose();
    };
    site = mkdtempSync(join(tmpdir(), "secmetrics-trust-site-"));
    const report = await computeKpis(created.store, TEST_PERIOD, {
      config: server.deps.config,
      now: TEST_NOW,
    });
    writeSiteFiles(trustSiteFiles(trustCenterView(loaded.trust, report, TEST_NOW), loaded, "UTC"), site);
    browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: CHROMIUM_ARGS });
    visitor = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    editor = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    for (const page of [visitor, editor]) {
      // Well under the test's own limit: a step that hangs fails with its name.
      page.setDefaultTimeout(8000);
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to|blocked/i.test(message.text()))
          policyViolations.push(message.text());
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await dispose?.();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `trust-${name}.png`), fullPage: true });
  const headerColour = (page: Page) =>
    page
      .locator(".site-header")
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );

  async function expectPublicOnly(page: Page) {
    await expect(page.locator("h1").textContent()).resolves.toBe("Example Payments <Ltd> trust center");
    expect(await page.getByRole("link", { name: "Security overview" }).isVisible()).toBe(true);
    for (const title of [...NDA_TITLES, PRIVATE_TITLE]) expect(await page.getByText(title).count()).toBe(0);
    const expired = page.getByRole("row", { name: /ISO\/IEC 27001:2013/ });
    await expect(expired.locator("td").first().textContent()).resolves.toBe("Expired");
    const valid = page.getByRole("row", { name: /SOC 2 Type II/ });
    await expect(valid.locator("td").first().textContent()).resolves.toBe("Valid");
    // The stylesheet applied: the header is navy.
    expect(await headerColour(page)).toBe("rgb(11, 37, 69)");
  }

  it("shows the static site from disk: public items, no NDA or private document, the expired certification as expired", async () => {
    await visitor.goto(pathToFileURL(join(site, "index.html")).href);
    await expectPublicOnly(visitor);
    expect(await visitor.locator("form").count()).toBe(0);
    await shot(visitor, "1-static-site");
    await visitor.emulateMedia({ media: "print" });
    expect(await visitor.locator('nav[aria-label="Sections"]').isVisible()).toBe(false);
    await visitor.emulateMedia({ media: "screen" });
  });

  it("shows /trust without a login, and takes an access request with the NDA accepted", async () => {
    await visitor.goto(`${running.url}/trust`);
    expect(new URL(visitor.url()).pathname).toBe("/trust");
    await expectPublicOnly(visitor);
    await visitor.fill("#company", "Acme Corp");
    await visitor.fill("#email", "ciso@acme.test");
    await visitor.fill("#purpose", "Vendor security review");
    await visitor.check('input[name="accept_nda"]');
    await Promise.all([visitor.waitForURL(/\/trust\?requested=1/), visitor.click("form.request button")]);
    await expect(visitor.getByRole("status").textContent()).resolves.toContain("Request received");
    for (const title of NDA_TITLES) expect(await visitor.getByText(title).count()).toBe(0);
    await shot(visitor, "2-requested");
  });

  it("opens the NDA documents, not the private one, once an editor approves the request", async () => {
    await editor.goto(`${running.url}/login?next=%2Ftrust%2Frequests`);
    await editor.fill("#name", "editor");
    await editor.fill("#password", PASSWORD);
    await Promise.all([
      editor.waitForURL(`${running.url}/trust/requests`, { timeout: 5000 }),
      editor.click("button[type=submit]"),
    ]);
    const row = editor.locator("tr", { hasText: "ciso@acme.test" });
    await Promise.all([editor.waitForLoadState(), row.getByRole("button", { name: "Approve" }).click()]);
    const link = (await editor.locator("#access-link").textContent()) ?? "";
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trust\/access\/[\w-]{43}$/);
    await shot(editor, "3-approved");

    await visitor.goto(link);
    await expect(visitor.locator("h1").textContent()).resolves.toBe("Documents shared under NDA");
    for (const title of NDA_TITLES)
      expect(await visitor.getByRole("link", { name: title }).isVisible()).toBe(true);
    expect(await visitor.getByText(PRIVATE_TITLE).count()).toBe(0);
    const [download] = await Promise.all([
      visitor.waitForEvent("download"),
      visitor.getByRole("link", { name: NDA_TITLES[0] as string }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("soc2-report.txt");
    await shot(visitor, "4-nda-documents");

    await editor.goto(`${running.url}/trust/requests`);
    await expect(editor.locator("table").last().textContent()).resolves.toContain("soc2-report");
    expect(policyViolations).toEqual([]);
  });
});
