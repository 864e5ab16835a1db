import type { NotificationEventKind } from "../../model/notification-event-kinds.ts";
import type { Severity } from "../../model/severity.ts";

/** Something worth waking someone for, as every webhook format renders it. */
export interface NotificationEvent {
  /**
   * The event's identity, the same in every run and process: a metric worse
   * in a period, an exception expiring on a date, a contract on a chain.
   * A webhook is sent one event key once.
   */
  key: string;
  kind: NotificationEventKind;
  severity: Severity;
  /** One line: what happened, naming the metric, exception or contract. */
  title: string;
  /** Why it matters and what to do, in a sentence or two. */
  text: string;
  /** The period reviewed when the event was found. */
  period: string;
  /** The facts behind it, shown as a list ("owner": "secops", "expires": "2026-10-03"). */
  facts: Readonly<Record<string, string>>;
}
