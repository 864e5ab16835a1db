import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NotificationEvent } from "./notification-event.ts";
import { jsonPayload, SIGNATURE_HEADER, signedHeaders, slackPayload, TIMESTAMP_HEADER } from "./payload.ts";

const SENT_AT = Date.UTC(2026, 9, 20, 9, 30);
const EVENT: NotificationEvent = {
  key: "exception_expired:exceptions-csv/EX-3:2026-10-01",
  kind: "exception_expired",
  severity: "high",
  title: "Exception EX-3 (Unpatched <CVE> & co) expired on 2026-10-01",
  text: "What it covered counts again.",
  period: "2026-10",
  facts: { exception: "EX-3", expires: "2026-10-01", owner: "carla" },
};

/** What a receiver runs, as the README shows it: HMAC of "<timestamp>.<raw body>", compared in constant time. */
function receiverAccepts(
  headers: Record<string, string>,
  rawBody: string,
  secret: string,
  nowSeconds: number,
) {
  const timestamp = headers[TIMESTAMP_HEADER] ?? "";
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
  const given = headers[SIGNATURE_HEADER] ?? "";
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe("webhook payloads", () => {
  it("signs the timestamp with the body, so a receiver can verify both", () => {
    const body = jsonPayload(EVENT, SENT_AT);
    const headers = signedHeaders(body, "s3cret", SENT_AT);
    // 2026-10-20T09:30:00Z in Unix seconds.
    expect(headers[TIMESTAMP_HEADER]).toBe("1792488600");
    expect(receiverAccepts(headers, body, "s3cret", 1792488600 + 10)).toBe(true);
    expect(receiverAccepts(headers, body, "another", 1792488600)).toBe(false);
    expect(receiverAccepts(headers, body.replace("EX-3", "EX-4"), "s3cret", 1792488600)).toBe(false);
    // A replay: the same request an hour later is refused by its timestamp, which cannot be changed unsigned.
    expect(receiverAccepts(headers, body, "s3cret", 1792488600 + 3600)).toBe(false);
    const moved = { ...headers, [TIMESTAMP_HEADER]: String(1792488600 + 3600) };
    expect(receiverAccepts(moved, body, "s3cret", 1792488600 + 3600)).toBe(false);
  });

  it("writes the event as JSON, snake_case, with the instant it is sent", () => {
    expect(JSON.parse(jsonPayload(EVENT, SENT_AT))).toEqual({
      event_key: EVENT.key,
      kind: "exception_expired",
      severity: "high",
      title: EVENT.title,
      text: EVENT.text,
      period: "2026-10",
      facts: EVENT.facts,
      sent_at: "2026-10-20T09:30:00.000Z",
    });
  });

  it("gives Slack a text fallback and blocks, with Slack's markup characters escaped", () => {
    const slack = JSON.parse(slackPayload(EVENT));
    expect(slack.text).toBe("[high] Exception EX-3 (Unpatched <CVE> & co) expired on 2026-10-01");
    expect(slack.blocks.map((block: { type: string }) => block.type)).toEqual([
      "header",
      "section",
      "context",
    ]);
    expect(slack.blocks[0].text).toEqual({ type: "plain_text", text: EVENT.title });
    expect(slack.blocks[1].fields).toEqual([
      { type: "mrkdwn", text: "*exception*\nEX-3" },
      { type: "mrkdwn", text: "*expires*\n2026-10-01" },
      { type: "mrkdwn", text: "*owner*\ncarla" },
    ]);
    expect(slack.blocks[2].elements[0].text).toBe("high · exception_expired · 2026-10");
    const marked = JSON.parse(slackPayload({ ...EVENT, text: "a <b> & c" }));
    expect(marked.blocks[1].text.text).toBe("a &lt;b&gt; &amp; c");
  });
});
