import { createHmac } from "node:crypto";
import type { NotificationEvent } from "./notification-event.ts";

export const SIGNATURE_HEADER = "X-Secmetrics-Signature";
export const TIMESTAMP_HEADER = "X-Secmetrics-Timestamp";

/** A request ready for `fetch`: its body is the exact bytes that were signed. */
export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** Slack incoming webhooks take `{text, blocks}`: `text` is the notification's fallback, blocks the message. */
export function slackPayload(event: NotificationEvent): string {
  const facts = Object.entries(event.facts).map(([name, value]) => ({
    type: "mrkdwn",
    text: `*${name}*\n${slackEscape(value)}`,
  }));
  return JSON.stringify({
    text: `[${event.severity}] ${event.title}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: event.title.slice(0, 150) } },
      {
        type: "section",
        // Slack refuses a section text over 3000 characters, or more than ten fields.
        text: { type: "mrkdwn", text: slackEscape(event.text).slice(0, 3000) },
        ...(facts.length > 0 ? { fields: facts.slice(0, 10) } : {}),
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `${event.severity} · ${event.kind} · ${event.period}` }],
      },
    ],
  });
}

/** The event as it is, snake_case, with the instant it is sent. */
export function jsonPayload(event: NotificationEvent, sentAt: number): string {
  return JSON.stringify({
    event_key: event.key,
    kind: event.kind,
    severity: event.severity,
    title: event.title,
    text: event.text,
    period: event.period,
    facts: event.facts,
    sent_at: new Date(sentAt).toISOString(),
  });
}

/**
 * HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret. The
 * timestamp (Unix seconds) is signed with the body, so a receiver that
 * refuses an old timestamp refuses a replayed request: changing the
 * timestamp breaks the signature.
 */
export function signedHeaders(body: string, secret: string, sentAt: number): Record<string, string> {
  const timestamp = String(Math.floor(sentAt / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${signature(body, secret, timestamp)}`,
  };
}

export function signature(body: string, secret: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** Slack reads &, < and > as markup: https://api.slack.com/reference/surfaces/formatting#escaping */
function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
