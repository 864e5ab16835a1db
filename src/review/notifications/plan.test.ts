import { describe, expect, it } from "vitest";
import type { NotificationEvent } from "./notification-event.ts";
import { type PastDelivery, planNotifications, type WebhookSubscription } from "./plan.ts";

const event = (key: string, kind: NotificationEvent["kind"], severity: NotificationEvent["severity"]) =>
  ({ key, kind, severity, title: key, text: "", period: "2026-10", facts: {} }) satisfies NotificationEvent;

const WORSE = event("metric_worsening:mttr:2026-10", "metric_worsening", "medium");
const STALE = event("source_stale:incidents-csv:2026-08-01", "source_stale", "high");
const EXPIRED = event("exception_expired:exceptions-csv/EX-3:2026-10-01", "exception_expired", "high");
const EVENTS = [WORSE, STALE, EXPIRED];

const hook = (
  name: string,
  events: WebhookSubscription["events"],
  min?: WebhookSubscription["min_severity"],
) => ({
  name,
  events,
  ...(min ? { min_severity: min } : {}),
});
const past = (webhook: string, key: string, status: PastDelivery["status"], attempts = 1): PastDelivery => ({
  event_key: key,
  webhook,
  status,
  attempts,
  last_error: status === "failed" ? "HTTP 500" : null,
});

describe("planNotifications", () => {
  it.each([
    {
      case: "each subscribed kind to each webhook, in event order",
      webhooks: [hook("slack", ["metric_worsening", "source_stale"]), hook("siem", ["exception_expired"])],
      past: [],
      planned: [
        ["slack", WORSE.key],
        ["slack", STALE.key],
        ["siem", EXPIRED.key],
      ],
    },
    {
      case: "min_severity high leaves the medium event out",
      webhooks: [hook("pager", ["metric_worsening", "source_stale"], "high")],
      past: [],
      planned: [["pager", STALE.key]],
    },
    {
      case: "min_severity info takes every severity",
      webhooks: [hook("all", ["metric_worsening"], "info")],
      past: [],
      planned: [["all", WORSE.key]],
    },
    {
      case: "an event sent to a webhook is not sent to it again, but still to another",
      webhooks: [hook("a", ["source_stale"]), hook("b", ["source_stale"])],
      past: [past("a", STALE.key, "sent")],
      planned: [["b", STALE.key]],
    },
    {
      case: "an event another sender is sending is left to it",
      webhooks: [hook("a", ["source_stale"])],
      past: [past("a", STALE.key, "sending", 0)],
      planned: [],
    },
    {
      case: "a failed delivery is planned again",
      webhooks: [hook("a", ["source_stale"])],
      past: [past("a", STALE.key, "failed", 4)],
      planned: [["a", STALE.key]],
    },
    {
      case: "no webhook, nothing",
      webhooks: [],
      past: [],
      planned: [],
    },
  ])("$case", ({ webhooks, past: before, planned }) => {
    const plan = planNotifications(EVENTS, webhooks, before);
    expect(plan.map((p) => [p.webhook, p.event.key])).toEqual(planned);
  });

  it("says that a delivery is a retry, with the attempts and error before", () => {
    const [retry] = planNotifications(
      [STALE],
      [hook("a", ["source_stale"])],
      [past("a", STALE.key, "failed", 4)],
    );
    expect(retry?.retry).toEqual({ attempts: 4, last_error: "HTTP 500" });
    expect(planNotifications([STALE], [hook("a", ["source_stale"])], [])[0]?.retry).toBeNull();
  });

  it("sends one event named twice once", () => {
    const plan = planNotifications([STALE, { ...STALE }], [hook("a", ["source_stale"])], []);
    expect(plan).toHaveLength(1);
  });
});
