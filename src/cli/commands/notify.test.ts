import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test-support/cli.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../test-support/webhook-receiver.ts";

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The command judges exceptions now: EX-1 expires 5 days from today, EX-2 expired 3 days ago. */
describe("secmetrics notify", () => {
  const today = Date.now();
  let dir: string;
  let db: string;
  let config: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-notify-"));
    db = join(dir, "store.db");
    receiver = await startWebhookReceiver();
    const register = join(dir, "register.csv");
    writeFileSync(
      register,
      `id,type,status,decision,title,owner,requested_by,approved_by,approved_at,expires_at,snapshot_at
EX-1,risk,approved,accept,Legacy admin accounts,alice,alice,ciso,2026-01-01,${day(today + 5 * DAY)},${new Date(today - DAY).toISOString()}
EX-2,risk,approved,accept,Unpatched batch host,carla,carla,cto,2026-01-01,${day(today - 3 * DAY)},${new Date(today - DAY).toISOString()}
`,
    );
    config = join(dir, "secmetrics.yaml");
    writeFileSync(
      config,
      `notifications:
  webhooks:
    - name: secops
      url: ${receiver.url}
      format: json
      secret_env: NOTIFY_TEST_SECRET
      events: [exception_expiring, exception_expired]
`,
    );
    expect((await runCli(db, "import", "--no-progress", register)).code).toBe(0);
    process.env.NOTIFY_TEST_SECRET = "test-secret";
  });
  afterAll(async () => {
    delete process.env.NOTIFY_TEST_SECRET;
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows what it would send in a dry run, and sends nothing", async () => {
    const dry = await runCli(db, "-c", config, "notify", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Exception EX-1 (Legacy admin accounts) expires on ${day(today + 5 * DAY)}`);
    expect(dry.stdout).toContain("(dry run: nothing sent or recorded)");
    expect(receiver.received).toHaveLength(0);
  });

  it("sends each event once, then nothing", async () => {
    const sent = await runCli(db, "-c", config, "notify", "--format", "json");
    expect(sent.code).toBe(0);
    const report = JSON.parse(sent.stdout);
    expect(
      report.deliveries.map((d: { event: { kind: string }; outcome: string }) => [d.event.kind, d.outcome]),
    ).toEqual([
      ["exception_expiring", "sent"],
      ["exception_expired", "sent"],
    ]);
    expect(receiver.received).toHaveLength(2);
    expect(sent.stdout).not.toContain("test-secret");
    const again = await runCli(db, "-c", config, "notify");
    expect(again.stdout).toContain("nothing to send");
    expect(receiver.received).toHaveLength(2);
  });

  it("refuses to run without a webhook", async () => {
    const none = await runCli(db, "notify");
    expect(none.code).toBe(78);
    expect(none.stderr).toContain("no webhook configured");
  });
});
