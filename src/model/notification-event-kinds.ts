/**
 * The events a webhook may subscribe to (`notifications.webhooks[].events`).
 * A new kind is one more name here and its producer beside the others in
 * `review/notifications/events.ts`, which the type makes mandatory.
 */
export const NOTIFICATION_EVENT_KINDS = [
  "metric_worsening",
  "source_stale",
  "exception_expiring",
  "exception_expired",
  "contract_unmonitored",
  "action_item_overdue",
] as const;

export type NotificationEventKind = (typeof NOTIFICATION_EVENT_KINDS)[number];
