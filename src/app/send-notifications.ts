import type { Config } from "../config/schema.ts";
import { ACTION_ITEM, type ActionItem } from "../domains/action-items/records.ts";
import { notificationEvents } from "../review/notifications/events.ts";
import type { NotificationEvent } from "../review/notifications/notification-event.ts";
import {
  jsonPayload,
  signedHeaders,
  slackPayload,
  type WebhookRequest,
} from "../review/notifications/payload.ts";
import { type PlannedDelivery, planNotifications } from "../review/notifications/plan.ts";
import { DEFAULT_SEND_OPTIONS, type SendOptions, sendWebhook } from "../review/notifications/send-webhook.ts";
import { reviewPeriod } from "../review/review-period.ts";
import { createNotificationStore } from "../store/notification-store.ts";
import type { Store } from "../store/store.ts";
import { computeKpis } from "./compute-kpis.ts";
import { drillDown } from "./drill-down.ts";
import { exceptionRegister } from "./exception-register.ts";

type Webhook = Config["notifications"]["webhooks"][number];

export interface NotifyRequest {
  /** The period reviewed for metric and source events. */
  periodId: string;
  /** Exceptions are judged at it; claims and deliveries are recorded at it. */
  now: number;
  /** Plan only: nothing is sent or recorded. */
  dryRun: boolean;
  /** Where each webhook's `secret_env` is read. */
  env: Readonly<Record<string, string | undefined>>;
  send?: Partial<SendOptions>;
}

/**
 * What became of one planned delivery: `planned` in a dry run; `sent` or
 * `failed` (tried again next run); `taken` when another sender claimed it
 * first; `no_secret` when the webhook's secret is not in the environment
 * (nothing sent or recorded: it goes once the secret is set).
 */
export type DeliveryOutcome = "planned" | "sent" | "failed" | "taken" | "no_secret";

export interface DeliveryReport {
  webhook: string;
  event: NotificationEvent;
  retry: PlannedDelivery["retry"];
  outcome: DeliveryOutcome;
  /** This run's attempts. */
  attempts: number;
  error: string | null;
}

export interface NotifyReport {
  period: string;
  dry_run: boolean;
  /** Events found, before the webhooks' subscriptions and what was already sent. */
  events: number;
  /** Another sender of the store was running: this run sent nothing. */
  busy: boolean;
  deliveries: DeliveryReport[];
}

/**
 * Finds the events of the period's review and of what is in force now,
 * plans what each webhook has not been sent yet, and sends it: each
 * delivery is claimed in the store before it is sent, so no event reaches a
 * webhook twice, whatever runs at the same time.
 */
export async function sendNotifications(
  store: Store,
  config: Config,
  request: NotifyRequest,
): Promise<NotifyReport> {
  const events = await findEvents(store, config, request);
  const webhooks = config.notifications.webhooks;
  const deliveries = createNotificationStore(store);
  const report = (busy: boolean, delivered: DeliveryReport[]): NotifyReport => ({
    period: request.periodId,
    dry_run: request.dryRun,
    events: events.length,
    busy,
    deliveries: delivered,
  });
  if (request.dryRun) {
    const planned = planNotifications(events, webhooks, await deliveries.deliveries());
    return report(
      false,
      planned.map((p) => ({ ...p, outcome: "planned", attempts: 0, error: null })),
    );
  }
  const options = { ...DEFAULT_SEND_OPTIONS, ...request.send };
  const sent = await deliveries.asOnlySender(async () => {
    // Planned under the lock, from what the previous sender recorded.
    const planned = planNotifications(events, webhooks, await deliveries.deliveries());
    const results: DeliveryReport[] = [];
    for (const delivery of planned) {
      const webhook = webhooks.find((hook) => hook.name === delivery.webhook) as Webhook;
      results.push(await deliver(delivery, webhook, { deliveries, request, options }));
    }
    return results;
  });
  return report(sent === null, sent ?? []);
}

async function deliver(
  delivery: PlannedDelivery,
  webhook: Webhook,
  run: {
    deliveries: ReturnType<typeof createNotificationStore>;
    request: NotifyRequest;
    options: SendOptions;
  },
): Promise<DeliveryReport> {
  const { event } = delivery;
  const done = (outcome: DeliveryOutcome, attempts: number, error: string | null): DeliveryReport => ({
    ...delivery,
    outcome,
    attempts,
    error,
  });
  const secret = webhook.secret_env === undefined ? undefined : run.request.env[webhook.secret_env];
  if (webhook.secret_env !== undefined && !secret)
    return done("no_secret", 0, `the environment variable ${webhook.secret_env} is not set`);
  const key = { event_key: event.key, webhook: webhook.name };
  if (!(await run.deliveries.claim({ ...key, event_kind: event.kind }, run.request.now)))
    return done("taken", 0, null);
  const request = webhookRequest(event, webhook.format, secret, run.request.now);
  const result = await sendWebhook(webhook.url, request, run.options);
  await run.deliveries.finish(key, {
    sent: result.ok,
    attempts: result.attempts,
    at: run.request.now,
    error: result.error,
  });
  return done(result.ok ? "sent" : "failed", result.attempts, result.error);
}

function webhookRequest(
  event: NotificationEvent,
  format: Webhook["format"],
  secret: string | undefined,
  now: number,
): WebhookRequest {
  const body = format === "slack" ? slackPayload(event) : jsonPayload(event, now);
  return { body, headers: secret ? signedHeaders(body, secret, now) : {} };
}

/** The period's review, the exceptions register in force now, the contracts new in the period and the action items now. */
async function findEvents(
  store: Store,
  config: Config,
  request: NotifyRequest,
): Promise<NotificationEvent[]> {
  const kpis = await computeKpis(store, request.periodId, { config, now: request.now });
  const review = reviewPeriod(kpis);
  const register = await exceptionRegister(store, request.now);
  const newDeployments = kpis.metrics.find((metric) => metric.id === "new_deployments");
  const newContracts = newDeployments?.value
    ? (await drillDown(store, "new_deployments", request.periodId, config, newDeployments.value)).rows
    : [];
  return notificationEvents({
    kpis,
    recommendations: review.recommendations,
    exceptions: register.exceptions,
    newContracts,
    actionItems: await store.snapshot<ActionItem>(ACTION_ITEM.kind, request.now),
    at: request.now,
    exceptionExpiryDays: config.notifications.exception_expiry_days,
  });
}
