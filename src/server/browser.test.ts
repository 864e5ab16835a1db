import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildTestServer, PASSWORD } from "../test-support/server.ts";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "./pdf.ts";
import { type RunningServer, startServer } from "./start.ts";

const ARTIFACTS = "test-artifacts";
const available = existsSync(DEFAULT_CHROMIUM);
if (!available)
  console.warn(
    `SKIPPED: browser end-to-end tests — no Chromium at ${DEFAULT_CHROMIUM} (Debian: apt-get install chromium)`,
  );

/** The dashboard in real headless Chromium: what a person does, with screenshots kept as artifacts. */
describe.skipIf(!available)("dashboard in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let running: RunningServer;
  let dispose: () => Promise<void>;
  const policyViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const created = await createTestStore(ENGINES[0] as (typeof ENGINES)[number]);
    const server = await buildTestServer(created.store);
    running = await startServer(server.deps, { port: 0, host: "127.0.0.1" });
    dispose = async () => {
      await running.close();
      await created.dispose();
    };
    browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to|blocked/i.test(message.text()))
        policyViolations.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await dispose?.();
  });

  const shot = (name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

  it("logs in and lands on the overview with its charts", async () => {
    await page.goto(`${running.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await shot("1-login");
    await page.fill("#name", "viewer");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL(`${running.url}/`), page.click("button[type=submit]")]);
    await expect(page.locator("h1").textContent()).resolves.toContain("Security Scorecard — 2026-09");
    const chart = page.locator("svg.trend-chart").first();
    expect(await chart.isVisible()).toBe(true);
    expect((await chart.boundingBox())?.width).toBeGreaterThan(200);
    // The stylesheet applied (not blocked by the CSP or COEP): the top bar is navy.
    const background = await page
      .locator(".topbar")
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
          ).getComputedStyle(el).backgroundColor,
      );
    expect(background).toBe("rgb(11, 37, 69)");
    await shot("2-overview");
  });

  it("follows a metric to the records behind it", async () => {
    await Promise.all([
      page.waitForURL(/\/metrics\/mttd\?period=2026-09$/),
      page.locator('[data-metric="mttd"] .figure-name a').click(),
    ]);
    await expect(page.locator("h1").textContent()).resolves.toContain("Mean time to detect — 2026-09");
    const records = page.locator("table.records tbody tr");
    expect(await records.count()).toBe(3);
    await expect(records.first().textContent()).resolves.toContain("incidents.csv:2");
    await shot("3-metric-records");
  });

  it("changes the period with the picker, and the URL carries it", async () => {
    await Promise.all([
      page.waitForURL(/period=2026-08/),
      (async () => {
        await page.selectOption("#period", "2026-08");
        await page.click(".period-picker button");
      })(),
    ]);
    await expect(page.locator("h1").textContent()).resolves.toContain("2026-08");
    expect(await page.locator("svg.trend-chart").first().isVisible()).toBe(true);
    await page.goto(`${running.url}/categories/detection_response?period=2026-08`);
    expect(await page.locator("article.card svg.trend-chart").count()).toBeGreaterThan(3);
    await shot("4-category-2026-08");
    expect(policyViolations).toEqual([]);
  });

  it("follows the navigation to the smart contracts page, which keeps the period", async () => {
    await Promise.all([
      page.waitForURL(/\/web3\?period=2026-08$/),
      page.locator('nav[aria-label="Main"] a', { hasText: "Smart contracts" }).click(),
    ]);
    await expect(page.locator("h1").textContent()).resolves.toBe("Smart contracts — 2026-08");
    // The test server has no deployments registry.
    await expect(page.locator(".empty-state").textContent()).resolves.toContain(
      "No deployments registry before the end of 2026-08",
    );
    await shot("5-smart-contracts");
    expect(policyViolations).toEqual([]);
  });
});
