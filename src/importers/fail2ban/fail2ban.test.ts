import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BanEvent } from "../../domains/prevention/records.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { fail2ban } from "./fail2ban.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(name: string, options: Partial<ImportContext> = {}) {
  const items: RecordItem<BanEvent>[] = [];
  for await (const item of fail2ban.parse(createReadStream(fixture(name)), {
    timezone: "UTC",
    file: name,
    ...options,
  }))
    items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    skipped: items.flatMap((item) => ("skipped" in item ? [item.line] : [])),
  };
}

describe("fail2ban", () => {
  it("reads the bans of a real fail2ban 0.9 log and skips everything else", async () => {
    const { records, skipped } = await parse("fail2ban-0.9.log");
    expect(skipped).toEqual([]);
    // grep -E 'actions.*\] (Ban|Unban|Restore Ban|Reban) ' → 4 lines: 1 Ban, 3 Unban, all jail sshd
    expect(records.map((r) => [r.action, r.jail, r.ip])).toEqual([
      ["unban", "sshd", "116.10.191.199"],
      ["ban", "sshd", "116.10.191.181"],
      ["unban", "sshd", "116.10.191.181"],
      ["unban", "sshd", "50.30.34.7"],
    ]);
    expect(records[1]?.at).toBe(Date.parse("2014-08-10T06:49:27.446Z"));
  });

  it("reads every prefix variant of fail2ban's recidive test log", async () => {
    const { records, skipped } = await parse("recidive-variants.log", { year: 2005 });
    // 9 lines, one action each; line 9 (journal short variant) carries no time at all.
    expect(skipped).toEqual([9]);
    expect(records.map((r) => r.action)).toEqual(["ban", "ban", "unban", "ban", "ban", "ban", "ban", "ban"]);
    expect(records[4]).toMatchObject({
      jail: "jail",
      ip: "10.0.0.7",
      host: "spaceman",
      at: Date.UTC(2005, 8, 16, 0, 44, 55),
    });
    expect(records[7]).toMatchObject({ jail: "postfix-auth", ip: "192.0.2.2" });
    expect(new Set(records.map((r) => r.ip))).toEqual(
      new Set(["1.2.3.4", "10.0.0.7", "192.0.2.1", "192.0.2.2"]),
    );
  });

  it("knows Restore Ban and Reban, skips a bad IP and an impossible date (hand-made)", async () => {
    const { records, skipped } = await parse("edge-actions.log");
    expect(records.map((r) => [r.action, r.ip])).toEqual([
      ["restore_ban", "192.0.2.4"],
      ["reban", "2001:db8::1"],
      ["unban", "192.0.2.4"],
    ]);
    expect(skipped).toEqual([6, 7]);
  });

  it("detects a fail2ban log", () => {
    expect(
      fail2ban.detect({
        name: "fail2ban.log",
        head: "2014-08-04 03:06:26,161 fail2ban.actions[4822]: WARNING [apache-badbots] Ban 37.152.91.34\n",
      }),
    ).toBe(true);
    expect(
      fail2ban.detect({
        name: "auth.log",
        head: "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user x from 1.2.3.4\n",
      }),
    ).toBe(false);
  });
});
