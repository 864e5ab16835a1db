import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { importFile } from "../app/import-file.ts";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildTestServer, TEST_NOW, TEST_PERIOD } from "../test-support/server.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.ts";
import { createLogger } from "./logger.ts";
import { createNotifier, type Notifier } from "./notifier.ts";

/** Imported at TEST_NOW (2026-10-02T08:00Z): EX-2 expired on 2026-09-20, EX-1 is in force until 2027. */
const REGISTER_CSV = `id,type,status,decision,title,owner,requested_by,approved_by,approved_at,expires_at,snapshot_at
EX-1,risk,approved,accept,Legacy admin accounts,alice,alice,ciso,2026-01-01,2027-06-30,2026-10-01T00:00:00Z
EX-2,risk,approved,accept,Unpatched batch host,carla,carla,cto,2026-01-01,2026-09-20,2026-10-01T00:00:00Z
`;
const EXPIRED = "exception_expired:exceptions/EX-2:2026-09-20";

for (const engine of ENGINES) {
  describe(`the server's notifier on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let receiver: WebhookReceiver;
    let notifier: Notifier;
    const logs: string[] = [];
    /** Called once per run. */
    const period = vi.fn(() => TEST_PERIOD);

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
      receiver = await startWebhookReceiver();
      const config = parseConfig({
        notifications: {
          interval_minutes: 5,
          webhooks: [{ name: "ops", url: receiver.url, format: "slack", events: ["exception_expired"] }],
        },
      });
      const destination = new Writable({
        write(chunk, _encoding, callback) {
          logs.push(String(chunk));
          callback();
        },
      });
      notifier = createNotifier({
        store,
        config,
        logger: createLogger({ destination }),
        period,
        now: () => TEST_NOW,
        send: { sleep: async () => {} },
      });
    });
    afterEach(async () => {
      await notifier.stop();
      await receiver.close();
      await dispose();
      logs.length = 0;
      period.mockClear();
    });

    it("sends after an import through the API, once, and logs the webhook by name only", async () => {
      const server = await buildTestServer(store, { notifier });
      const upload = () =>
        server.app.request("/api/v1/imports?name=register.csv", {
          method: "POST",
          headers: { authorization: `Bearer ${server.tokens.editor}`, "content-type": "text/csv" },
          body: REGISTER_CSV,
        });
      expect((await upload()).status).toBe(201);
      await notifier.idle();
      expect(receiver.received.map((r) => JSON.parse(r.body).text)).toEqual([
        "[high] Exception EX-2 (Unpatched batch host) expired on 2026-09-20",
      ]);
      // The same file again imports nothing: no run, and nothing more sent anyway.
      expect((await upload()).status).toBe(200);
      await notifier.idle();
      expect(receiver.received).toHaveLength(1);
      const sent = logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "notification sent");
      expect(sent).toEqual([
        expect.objectContaining({ webhook: "ops", event: EXPIRED, attempts: 1, reason: "import" }),
      ]);
      expect(logs.join("")).not.toContain(receiver.url);
    });

    it("runs one at a time: a request during a run makes one run after it", async () => {
      await buildTestServer(store);
      await importFile(store, {
        source: bufferSource("register.csv", REGISTER_CSV),
        options: { timezone: "UTC" },
        now: TEST_NOW,
      });
      notifier.request("import");
      notifier.request("import");
      notifier.request("import");
      await notifier.idle();
      // Two runs (the first, and one for the requests made during it): the second finds it sent.
      expect(period).toHaveBeenCalledTimes(2);
      const sent = logs.map((line) => JSON.parse(line)).filter((line) => line.msg === "notification sent");
      expect(sent).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
    });

    it("runs on the configured interval once started", async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      try {
        notifier.start();
        vi.advanceTimersByTime(5 * 60_000);
      } finally {
        vi.useRealTimers();
      }
      await notifier.idle();
      expect(period).toHaveBeenCalledTimes(1);
      // No register imported: the run finds nothing to send, and says nothing went wrong.
      expect(logs.map((line) => JSON.parse(line).msg)).not.toContain("notifications: run failed");
      expect(receiver.received).toHaveLength(0);
    });
  });
}
