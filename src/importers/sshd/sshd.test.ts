import { createReadStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AuthEvent } from "../../domains/prevention/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { sshd } from "./sshd.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(name: string, options: Partial<ImportContext> = {}) {
  const items: RecordItem<AuthEvent>[] = [];
  const ctx = { timezone: "UTC", file: name, ...options };
  for await (const item of sshd.parse(createReadStream(fixture(name)), ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  const skipped = items.flatMap((item) => ("skipped" in item ? [item] : []));
  return { records, skipped };
}

describe("sshd", () => {
  it("counts each attempt of the loghub OpenSSH sample once", async () => {
    const { records, skipped } = await parse("openssh-loghub.log", { year: 2015 });
    expect(skipped).toEqual([]);
    const failures = records.filter((r) => r.outcome === "failure");
    // grep -v 'message repeated' | grep -E 'sshd\[[0-9]+\]: Failed ' | grep -vc 'Failed none'  → 74
    // + two `message repeated 5 times: [ Failed password …]` lines → 10
    // + connections with `Invalid user` but no Failed password/publickey (24367, 24415, 24806 after
    //   `Failed none`; 24417 cut off by the trim), found with an awk join on pid+user → 4
    expect(failures).toHaveLength(88);
    const successes = records.filter((r) => r.outcome === "success");
    // grep -c 'Accepted ' → 1
    expect(successes).toEqual([
      expect.objectContaining({
        user: "fztu",
        method: "password",
        source_ip: "119.137.62.142",
        host: "LabSZ",
        at: Date.UTC(2015, 11, 10, 9, 32, 20),
      }),
    ]);
    // grep -c 'Failed password for invalid user' → 34, + the 4 held invalid-user attempts
    expect(failures.filter((r) => r.invalid_user)).toHaveLength(38);
    expect(new Set(records.map((r) => r.external_id)).size).toBe(records.length);
  });

  it("follows fail2ban's sshd test log: PAM lines, sshd-session, ISO timestamps, forgotten failures", async () => {
    const { records, skipped } = await parse("fail2ban-sshd-excerpt.log", { year: 2005 });
    expect(skipped).toEqual([]);
    // Read line by line (see the file): failures on lines 1, 2, 6 (PAM then closed), 13 and 14 (PAM
    // users root and sudoer before an Accepted for another user), 17 (two PAM lines, same user),
    // 21 (Invalid user then Disconnecting) → 7; Accepted on lines 4, 10, 15, 19 → 4.
    expect(records.map((r) => [r.outcome, r.user, r.method])).toEqual([
      ["failure", "ROOT", "password"],
      ["failure", "root", "password"],
      ["success", "git", "publickey"],
      ["failure", "root", "pam"],
      ["success", "rda", "password"],
      ["failure", "root", "pam"],
      ["failure", "sudoer", "pam"],
      ["success", "known", "password"],
      ["failure", "root", "pam"],
      ["success", "known", "password"],
      ["failure", "admin", "unknown"],
    ]);
    expect(records[0]).toMatchObject({ invalid_user: true, source_ip: "aaaa:bbbb:cccc:1234::1:1" });
    expect(records[1]).toMatchObject({ service: "sshd-session", at: Date.UTC(2005, 6, 3, 14, 59, 17) });
    expect(records[3]).toMatchObject({
      at: Date.parse("2015-04-16T18:02:50.321Z"),
      source_ip: "192.0.2.112",
    });
  });

  it("reads every Failed form OpenSSH writes: keys, submethods, ssh1, no port, Solaris ids (fail2ban's log)", async () => {
    const { records, skipped } = await parse("fail2ban-sshd-failed-variants.log", { year: 2005 });
    expect(skipped).toEqual([]);
    const failures = records.filter((r) => r.outcome === "failure");
    // grep -c 'sshd\[[0-9]*\]: \(\[ID [0-9]* auth\.info\] \)\?Failed ' → 27 (none is `Failed none`)
    expect(failures).toHaveLength(27);
    // grep -c 'Accepted ' → 1
    expect(records.filter((r) => r.outcome === "success")).toHaveLength(1);
    // grep -o 'Failed [^ ]*' | sort | uniq -c → hostbased 2, keyboard-interactive 6,
    // keyboard-interactive/pam 1, password 12, publickey 6
    const methods: Record<string, number> = {};
    for (const r of failures) methods[r.method ?? ""] = (methods[r.method ?? ""] ?? 0) + 1;
    expect(methods).toEqual({
      hostbased: 2,
      "keyboard-interactive": 6,
      "keyboard-interactive/pam": 1,
      password: 12,
      publickey: 6,
    });
    // grep -c 'Failed [^ ]* for invalid user' → 11
    expect(failures.filter((r) => r.invalid_user)).toHaveLength(11);
    // The three lines of host redbamboo put ` from ADDR port N ssh2` in the user name or after the
    // key: fail2ban's expected host for all three is 127.0.0.1 (its failJSON comments).
    const injected = failures.filter((r) => r.host === "redbamboo");
    expect(injected.map((r) => [r.user, r.source_ip])).toEqual([
      ["from 10.10.1.1", "127.0.0.1"],
      ["test from 10.10.1.2 port 55555 ssh2", "127.0.0.1"],
      ["test", "127.0.0.1"],
    ]);
  });

  it("counts the old Red Hat PAM tag sshd(pam_unix)[pid] as sshd attempts (loghub Linux sample)", async () => {
    const { records, skipped } = await parse("linux-pam-loghub.log", { year: 2005 });
    // su(pam_unix), ftpd, logrotate, `syslogd 1.4.1: restart.`: other programs, not unreadable lines.
    expect(skipped).toEqual([]);
    // grep -c 'sshd(pam_unix)\[[0-9]*\]: authentication failure' linux-pam-loghub.log → 119;
    // `check pass; user unknown` precedes the failure of the same pid and is not a second attempt,
    // `session opened/closed` is none. Each pid fails once in this excerpt, so 119 attempts.
    expect(records).toHaveLength(119);
    expect(new Set(records.map((r) => r.outcome))).toEqual(new Set(["failure"]));
    // grep 'sshd(pam_unix)\[[0-9]*\]: authentication failure' | grep -c ' user=' → 59 name a user.
    expect(records.filter((r) => r.user !== null)).toHaveLength(59);
    // Line 1: `Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; … rhost=218.188.2.4`.
    expect(records[0]).toMatchObject({
      user: null,
      method: "pam",
      source_ip: "218.188.2.4",
      host: "combo",
      service: "sshd",
      at: Date.UTC(2005, 5, 14, 15, 16, 1),
    });
    expect(
      sshd.detect({ name: "messages", head: readFileSync(fixture("linux-pam-loghub.log"), "utf8") }),
    ).toBe(true);
  });

  it("crosses New Year, expands repeated messages and skips malformed lines (hand-made)", async () => {
    const { records, skipped } = await parse("edge-new-year.log", { year: 2025 });
    expect(skipped.map((p) => p.line)).toEqual([5, 6, 7]);
    expect(records.map((r) => [r.outcome, r.at])).toEqual([
      ["failure", Date.UTC(2025, 11, 31, 23, 59, 58)],
      ["failure", Date.UTC(2026, 0, 1, 0, 0, 1)],
      ["failure", Date.UTC(2026, 0, 1, 0, 0, 1)],
      ["failure", Date.UTC(2026, 0, 1, 0, 0, 1)],
      ["success", Date.UTC(2026, 0, 1, 0, 0, 2)],
      ["failure", Date.UTC(2026, 0, 1, 0, 0, 5)],
      ["failure", Date.UTC(2026, 0, 1, 0, 0, 5)],
    ]);
    // Identical lines in the same second are two attempts, so two ids.
    expect(new Set(records.map((r) => r.external_id)).size).toBe(7);
    expect(records[4]).toMatchObject({ source_ip: "2001:db8::7", service: "sshd-session", user: "deploy" });
  });

  it("gives the same ids when the same log is imported again", async () => {
    const first = await parse("edge-new-year.log", { year: 2025 });
    const second = await parse("edge-new-year.log", { year: 2025 });
    expect(second.records.map((r) => r.external_id)).toEqual(first.records.map((r) => r.external_id));
  });

  it("infers the year from the file time, and refuses to guess without one", async () => {
    const { records } = await parse("edge-new-year.log", { fileTime: Date.UTC(2026, 0, 2) });
    expect(records[0]?.at).toBe(Date.UTC(2025, 11, 31, 23, 59, 58));
    expect(records[1]?.at).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
    await expect(parse("edge-new-year.log")).rejects.toThrow(InvalidInputError);
  });

  it("reads syslog times in the configured zone", async () => {
    const { records } = await parse("edge-new-year.log", { year: 2025, timezone: "Europe/Paris" });
    expect(records[0]?.at).toBe(Date.UTC(2025, 11, 31, 22, 59, 58));
  });

  it("detects an auth log", () => {
    expect(
      sshd.detect({
        name: "auth.log",
        head: "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 1.2.3.4\n",
      }),
    ).toBe(true);
    expect(sshd.detect({ name: "x.csv", head: "id,detected_at\n" })).toBe(false);
  });
});
