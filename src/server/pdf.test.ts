import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HangingServer, startHangingServer } from "../test-support/hanging-server.ts";
import { chromiumChildren, liveInGroups } from "../test-support/processes.ts";
import { chromiumPrinter, DEFAULT_CHROMIUM } from "./pdf.ts";

const available = existsSync(DEFAULT_CHROMIUM);
if (!available) console.warn(`SKIPPED: Chromium printer tests — no Chromium at ${DEFAULT_CHROMIUM}`);

describe("the Chromium printer", () => {
  it("says plainly that there is no Chromium", async () => {
    const print = chromiumPrinter(null);
    await expect(print("<p>x</p>", new AbortController().signal)).rejects.toMatchObject({
      code: "unavailable",
      message: "PDF export needs Chromium, which is not installed on the server",
    });
  });

  describe.skipIf(!available)("in real headless Chromium", () => {
    let hanging: HangingServer;
    beforeAll(async () => {
      hanging = await startHangingServer();
    });
    afterAll(() => hanging.close());

    it("prints A4 PDF and leaves no browser running", async () => {
      const pdf = await chromiumPrinter(DEFAULT_CHROMIUM)("<p>scorecard</p>", new AbortController().signal);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(chromiumChildren()).toEqual([]);
    });

    it("closes the browser of an aborted print before it settles: no Chromium process is left", async () => {
      const stop = new AbortController();
      const printing = chromiumPrinter(DEFAULT_CHROMIUM)(hanging.page, stop.signal);
      printing.catch(() => undefined);
      // The page is loading its never-answered image: the print is under way.
      await vi.waitFor(() => expect(hanging.connections()).toBeGreaterThan(0), { timeout: 20_000 });
      const browsers = chromiumChildren();
      expect(browsers).toHaveLength(1);
      stop.abort(new Error("the client went away"));
      await expect(printing).rejects.toThrow("the client went away");
      expect(liveInGroups(browsers)).toEqual([]);
    });
  });
});
