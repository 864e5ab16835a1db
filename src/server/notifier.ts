import type { Logger } from "pino";
import { type NotifyReport, sendNotifications } from "../app/send-notifications.ts";
import type { Config } from "../config/schema.ts";
import type { SendOptions } from "../review/notifications/send-webhook.ts";
import type { Store } from "../store/store.ts";

export interface NotifierOptions {
  store: Store;
  config: Config;
  logger: Logger;
  /** The period whose metrics are reviewed: the last complete month at the time of the run. */
  period: () => string;
  now?: () => number;
  env?: Readonly<Record<string, string | undefined>>;
  send?: Partial<SendOptions>;
}

/** The server's sender: after each import and on the configured interval. */
export interface Notifier {
  /**
   * Asks for a run. Runs go one at a time in this process; asking during a
   * run makes one more run after it, so an import committed meanwhile is seen.
   */
  request(reason: "import" | "schedule"): void;
  /** Runs every `notifications.interval_minutes` (none when 0) until `stop`. */
  start(): void;
  /** Stops the schedule and waits for a run under way. */
  stop(): Promise<void>;
  /** Resolves once no run is under way or asked for. */
  idle(): Promise<void>;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = async (reason: string) => {
    try {
      const report = await sendNotifications(options.store, config, {
        periodId: options.period(),
        now: now(),
        dryRun: false,
        env: options.env ?? process.env,
        send: options.send,
      });
      logReport(logger, reason, report);
    } catch (error) {
      logger.error({ err: error, reason }, "notifications: run failed");
    }
  };
  const loop = async (reason: string) => {
    do {
      again = false;
      await runOnce(reason);
    } while (again);
    running = null;
  };

  return {
    request(reason) {
      if (running) {
        again = true;
        return;
      }
      running = loop(reason);
    },
    start() {
      const minutes = config.notifications.interval_minutes;
      if (minutes === 0 || timer) return;
      timer = setInterval(() => this.request("schedule"), minutes * 60_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}

/** Each delivery by webhook name and event key: never its URL (a Slack webhook's secret) or a signature. */
function logReport(logger: Logger, reason: string, report: NotifyReport): void {
  if (report.busy) {
    logger.info({ reason }, "notifications: another sender is running");
    return;
  }
  for (const d of report.deliveries) {
    const fields = {
      reason,
      webhook: d.webhook,
      event: d.event.key,
      attempts: d.attempts,
      retry: d.retry !== null,
    };
    if (d.outcome === "sent") logger.info(fields, "notification sent");
    else if (d.outcome === "failed" || d.outcome === "no_secret")
      logger.warn(
        { ...fields, error: d.error },
        `notification ${d.outcome === "failed" ? "failed: tried again next run" : "not sent"}`,
      );
  }
}
