import { afterEach, describe, expect, it } from "vitest";
import {
  type Answer,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../../test-support/webhook-receiver.ts";
import { DEFAULT_SEND_OPTIONS, retryAfter, type SendOptions, sendWebhook } from "./send-webhook.ts";

const REQUEST = { body: '{"hello":"world"}', headers: { "X-Test": "1" } };

let receiver: WebhookReceiver | undefined;
afterEach(() => receiver?.close());

/** The waits between attempts are recorded, not slept: the backoff is checked, not timed. */
function options(waits: number[], overrides: Partial<SendOptions> = {}): SendOptions {
  return {
    ...DEFAULT_SEND_OPTIONS,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
}

async function receiverAnswering(...answers: Answer[]): Promise<WebhookReceiver> {
  receiver = await startWebhookReceiver((n) => answers[n - 1] ?? { status: 200 });
  return receiver;
}

describe("sendWebhook against a receiver on loopback", () => {
  it("POSTs the body and headers once when the receiver takes them", async () => {
    const hook = await receiverAnswering({ status: 204 });
    const waits: number[] = [];
    const result = await sendWebhook(hook.url, REQUEST, options(waits));
    expect(result).toEqual({ ok: true, attempts: 1, status: 204, error: null });
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]?.body).toBe(REQUEST.body);
    expect(hook.received[0]?.headers).toMatchObject({ "x-test": "1", "content-type": "application/json" });
    expect(waits).toEqual([]);
  });

  it("tries again after a 500, waiting the base delay", async () => {
    const hook = await receiverAnswering({ status: 500 }, { status: 200 });
    const waits: number[] = [];
    const result = await sendWebhook(hook.url, REQUEST, options(waits));
    expect(result).toMatchObject({ ok: true, attempts: 2, status: 200 });
    expect(hook.received).toHaveLength(2);
    expect(waits).toEqual([1_000]);
  });

  it("doubles the wait each time and gives up after the last attempt, with the last error", async () => {
    const hook = await receiverAnswering({ status: 502 }, { status: 503 }, { status: 500 }, { status: 500 });
    const waits: number[] = [];
    const result = await sendWebhook(hook.url, REQUEST, options(waits));
    expect(result).toEqual({ ok: false, attempts: 4, status: 500, error: "HTTP 500" });
    // 1 s × 2⁰, 2¹, 2²: no wait after the fourth attempt.
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it("waits what a 429's Retry-After asks, capped at the longest wait", async () => {
    const hook = await receiverAnswering(
      { status: 429, headers: { "Retry-After": "7" } },
      { status: 429, headers: { "Retry-After": "3600" } },
      { status: 200 },
    );
    const waits: number[] = [];
    const result = await sendWebhook(hook.url, REQUEST, options(waits));
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(waits).toEqual([7_000, 60_000]);
  });

  it("counts a receiver slower than the timeout as a failed attempt, and tries again", async () => {
    const hook = await receiverAnswering({ delayMs: 2_000 }, { status: 200 }, { delayMs: 2_000 });
    const waits: number[] = [];
    const result = await sendWebhook(hook.url, REQUEST, options(waits, { timeoutMs: 200 }));
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    const slow = await sendWebhook(hook.url, REQUEST, options([], { timeoutMs: 200, attempts: 1 }));
    expect(slow).toEqual({ ok: false, attempts: 1, status: null, error: "no answer within 200 ms" });
  });

  it("does not try again a request the receiver refuses (404)", async () => {
    const hook = await receiverAnswering({ status: 404 }, { status: 200 });
    const result = await sendWebhook(hook.url, REQUEST, options([]));
    expect(result).toEqual({ ok: false, attempts: 1, status: 404, error: "HTTP 404" });
    expect(hook.received).toHaveLength(1);
  });

  it("says why when nothing listens, without the URL", async () => {
    const hook = await receiverAnswering();
    await hook.close();
    receiver = undefined;
    const result = await sendWebhook(hook.url, REQUEST, options([], { attempts: 2 }));
    expect(result).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(result.error).not.toContain(hook.url);
  });
});

describe("retryAfter", () => {
  const NOW = Date.UTC(2026, 9, 20, 12);
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    // An HTTP date 90 s after now.
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    // A date already past: no wait.
    [new Date(NOW - 5_000).toUTCString(), 0],
    ["soon", null],
    [null, null],
  ])("%s → %s ms", (header, ms) => {
    expect(retryAfter(header, NOW)).toBe(ms);
  });
});
