import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { bufferSource } from "../importers/file-source.ts";
import { createNotificationStore } from "../store/notification-store.ts";
import type { Store } from "../store/store.ts";
import { ENGINES } from "../test-support/engines.ts";
import { type Answer, startWebhookReceiver, type WebhookReceiver } from "../test-support/webhook-receiver.ts";
import { importFile } from "./import-file.ts";
import { openStore } from "./open-store.ts";
import { type NotifyReport, sendNotifications } from "./send-notifications.ts";

/** Now: 2026-10-20. EX-1 expires in 10 days (within 14), EX-2 expired on 2026-10-01, EX-3 in 72 days. */
const NOW = Date.UTC(2026, 9, 20);
const REGISTER_CSV = `id,type,status,decision,title,controls,checks,assets,findings,owner,requested_by,approved_by,approved_at,expires_at,compensating_controls,ticket,snapshot_at
EX-1,risk,approved,accept,Legacy admin accounts,AC-2,,web-1,,alice,alice,ciso,2026-03-01,2026-10-30,,GRC-1,2026-10-15T00:00:00Z
EX-2,risk,approved,accept,Unpatched batch host,,,batch-1,,carla,carla,cto,2026-01-10,2026-10-01,,GRC-2,2026-10-15T00:00:00Z
EX-3,risk,approved,accept,Vendor-hosted logging,AU-9,,,,erin,erin,cfo,2026-04-01,2026-12-31,,GRC-3,2026-10-15T00:00:00Z
`;
const SECRET = "receiver-shared-secret";
const EXPIRING = "exception_expiring:exceptions/EX-1:2026-10-30";
const EXPIRED = "exception_expired:exceptions/EX-2:2026-10-01";
/** Retries without waiting: the backoff itself is `send-webhook.test.ts`'s. */
const FAST = { sleep: async () => {}, timeoutMs: 2_000 };

function configOf(hooks: { secops: string; slack: string }): Config {
  return parseConfig({
    notifications: {
      webhooks: [
        {
          name: "secops",
          url: hooks.secops,
          format: "json",
          secret_env: "SECOPS_HOOK_SECRET",
          events: ["exception_expiring", "exception_expired"],
        },
        { name: "slack", url: hooks.slack, format: "slack", events: ["exception_expired"] },
      ],
    },
  });
}

const sent = (report: NotifyReport) => report.deliveries.map((d) => [d.webhook, d.event.key, d.outcome]);

for (const engine of ENGINES) {
  describe(`sendNotifications on ${engine.name}`, () => {
    let url: string;
    let store: Store;
    let dispose: () => Promise<void>;
    const receivers: WebhookReceiver[] = [];
    const receiver = async (answer?: (n: number) => Answer) => {
      const started = await startWebhookReceiver(answer);
      receivers.push(started);
      return started;
    };
    const run = (config: Config, dryRun = false, on: Store = store) =>
      sendNotifications(on, config, {
        periodId: "2026-10",
        now: NOW,
        dryRun,
        env: { SECOPS_HOOK_SECRET: SECRET },
        send: FAST,
      });

    beforeEach(async () => {
      const database = await engine.create();
      url = database.url;
      store = await openStore(url);
      dispose = async () => {
        await store.close();
        await database.dispose();
      };
      await importFile(store, {
        source: bufferSource("register.csv", REGISTER_CSV),
        options: { timezone: "UTC" },
        now: NOW,
      });
    });
    afterEach(async () => {
      await Promise.all(receivers.splice(0).map((r) => r.close()));
      await dispose();
    });

    it("plans in a dry run, sending and recording nothing", async () => {
      const [secops, slack] = [await receiver(), await receiver()];
      const report = await run(configOf({ secops: secops.url, slack: slack.url }), true);
      expect(sent(report)).toEqual([
        ["secops", EXPIRING, "planned"],
        ["secops", EXPIRED, "planned"],
        ["slack", EXPIRED, "planned"],
      ]);
      expect(secops.received.length + slack.received.length).toBe(0);
      expect(await createNotificationStore(store).deliveries()).toEqual([]);
    });

    it("sends each event once, signed for the json webhook; a second run sends nothing", async () => {
      const [secops, slack] = [await receiver(), await receiver()];
      const config = configOf({ secops: secops.url, slack: slack.url });
      const first = await run(config);
      expect(sent(first)).toEqual([
        ["secops", EXPIRING, "sent"],
        ["secops", EXPIRED, "sent"],
        ["slack", EXPIRED, "sent"],
      ]);
      expect(secops.received).toHaveLength(2);
      for (const { headers, body } of secops.received) {
        const timestamp = headers["x-secmetrics-timestamp"] as string;
        const expected = createHmac("sha256", SECRET).update(`${timestamp}.${body}`).digest("hex");
        expect(headers["x-secmetrics-signature"]).toBe(`sha256=${expected}`);
        expect(timestamp).toBe(String(NOW / 1000));
      }
      expect(JSON.parse(secops.received[0]?.body ?? "")).toMatchObject({
        event_key: EXPIRING,
        severity: "medium",
      });
      expect(JSON.parse(slack.received[0]?.body ?? "").text).toBe(
        "[high] Exception EX-2 (Unpatched batch host) expired on 2026-10-01",
      );
      expect(slack.received[0]?.headers["x-secmetrics-signature"]).toBeUndefined();

      const second = await run(config);
      expect(second.deliveries).toEqual([]);
      expect(secops.received.length + slack.received.length).toBe(3);
      const recorded = await createNotificationStore(store).deliveries();
      expect(recorded.map((d) => [d.webhook, d.event_key, d.status, d.attempts, d.sent_at])).toEqual([
        ["secops", EXPIRING, "sent", 1, NOW],
        ["secops", EXPIRED, "sent", 1, NOW],
        ["slack", EXPIRED, "sent", 1, NOW],
      ]);
    });

    it("records a failed delivery and tries it again next run, saying so", async () => {
      // Four 500s exhaust the first run's attempts; the fifth request succeeds.
      const secops = await receiver((n) => (n <= 4 ? { status: 500 } : { status: 200 }));
      const slack = await receiver();
      const config = configOf({ secops: secops.url, slack: slack.url });
      const expiredOnly: Config = {
        ...config,
        notifications: {
          ...config.notifications,
          webhooks: [
            {
              ...(config.notifications.webhooks[0] as Config["notifications"]["webhooks"][number]),
              events: ["exception_expired"],
            },
          ],
        },
      };
      const first = await run(expiredOnly);
      expect(first.deliveries).toMatchObject([
        { outcome: "failed", attempts: 4, error: "HTTP 500", retry: null },
      ]);
      const second = await run(expiredOnly);
      expect(second.deliveries).toMatchObject([
        { outcome: "sent", attempts: 1, retry: { attempts: 4, last_error: "HTTP 500" } },
      ]);
      const [recorded] = await createNotificationStore(store).deliveries();
      expect(recorded).toMatchObject({ status: "sent", attempts: 5, last_error: null, sent_at: NOW });
      expect((await run(expiredOnly)).deliveries).toEqual([]);
    });

    it("sends once when two senders run at once, each with its own connections", async () => {
      const [secops, slack] = [await receiver(), await receiver()];
      const config = configOf({ secops: secops.url, slack: slack.url });
      const other = await openStore(url);
      try {
        const [a, b] = await Promise.all([run(config), run(config, false, other)]);
        // Whichever way the two interleave (one busy behind the lock, one after the other, or
        // both claiming delivery by delivery), each delivery is sent by exactly one of them.
        const outcomes = [...a.deliveries, ...b.deliveries].map((d) => d.outcome).filter((o) => o === "sent");
        expect(outcomes).toHaveLength(3);
        expect([a.busy, b.busy]).not.toEqual([true, true]);
      } finally {
        await other.close();
      }
      expect(secops.received.map((r) => JSON.parse(r.body).event_key).sort()).toEqual([EXPIRED, EXPIRING]);
      expect(slack.received).toHaveLength(1);
    });

    it("is busy and sends nothing while another sender holds the store", async () => {
      const [secops, slack] = [await receiver(), await receiver()];
      const config = configOf({ secops: secops.url, slack: slack.url });
      // PostgreSQL: an advisory lock held on another connection; SQLite: a send under way in this process.
      const other = engine.name === "postgres" ? await openStore(url) : store;
      try {
        const during = await createNotificationStore(other).asOnlySender(() => run(config));
        expect(during).toMatchObject({ busy: true, deliveries: [] });
      } finally {
        if (other !== store) await other.close();
      }
      expect(secops.received.length + slack.received.length).toBe(0);
      expect((await run(config)).busy).toBe(false);
    });

    it("leaves a webhook whose secret is not set unsent and unrecorded", async () => {
      const [secops, slack] = [await receiver(), await receiver()];
      const report = await sendNotifications(store, configOf({ secops: secops.url, slack: slack.url }), {
        periodId: "2026-10",
        now: NOW,
        dryRun: false,
        env: {},
        send: FAST,
      });
      expect(sent(report)).toEqual([
        ["secops", EXPIRING, "no_secret"],
        ["secops", EXPIRED, "no_secret"],
        ["slack", EXPIRED, "sent"],
      ]);
      expect(report.deliveries[0]?.error).toBe("the environment variable SECOPS_HOOK_SECRET is not set");
      expect(secops.received).toHaveLength(0);
      expect((await createNotificationStore(store).deliveries()).map((d) => d.webhook)).toEqual(["slack"]);
    });
  });
}
