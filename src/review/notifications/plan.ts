import type { NotificationEventKind } from "../../model/notification-event-kinds.ts";
import { SEVERITIES, type Severity } from "../../model/severity.ts";
import type { NotificationEvent } from "./notification-event.ts";

/** What planning needs of a configured webhook. */
export interface WebhookSubscription {
  name: string;
  events: readonly NotificationEventKind[];
  min_severity?: Severity;
}

/** What the store holds of one earlier delivery of an event to a webhook. */
export interface PastDelivery {
  event_key: string;
  webhook: string;
  /** `sending`: claimed by a sender that has not finished (or died: see the claim's lease). */
  status: "sending" | "sent" | "failed";
  attempts: number;
  last_error: string | null;
}

/** One event to send to one webhook. */
export interface PlannedDelivery {
  webhook: string;
  event: NotificationEvent;
  /** The failed delivery this one tries again, or null for a first one. */
  retry: { attempts: number; last_error: string | null } | null;
}

/**
 * The deliveries a run makes: each event to each webhook that subscribes to
 * its kind at its severity, less those already sent or being sent. A failed
 * one is planned again, saying so. Pure: what was sent comes in, nothing is read.
 */
export function planNotifications(
  events: readonly NotificationEvent[],
  webhooks: readonly WebhookSubscription[],
  past: readonly PastDelivery[],
): PlannedDelivery[] {
  const before = new Map(
    past.map((delivery) => [deliveryKey(delivery.webhook, delivery.event_key), delivery]),
  );
  return webhooks.flatMap((webhook) =>
    uniqueByKey(events)
      .filter((event) => webhook.events.includes(event.kind) && atLeast(event.severity, webhook.min_severity))
      .flatMap((event): PlannedDelivery[] => {
        const earlier = before.get(deliveryKey(webhook.name, event.key));
        if (earlier && earlier.status !== "failed") return [];
        const retry = earlier ? { attempts: earlier.attempts, last_error: earlier.last_error } : null;
        return [{ webhook: webhook.name, event, retry }];
      }),
  );
}

function deliveryKey(webhook: string, eventKey: string): string {
  return `${webhook}\u0000${eventKey}`;
}

/** The first of each key: two sources naming one event make one delivery. */
function uniqueByKey(events: readonly NotificationEvent[]): NotificationEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.key) && seen.add(event.key));
}

/** SEVERITIES runs from critical down to info. */
function atLeast(severity: Severity, minimum: Severity | undefined): boolean {
  return minimum === undefined || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(minimum);
}
