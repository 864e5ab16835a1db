import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fail2ban } from "../fail2ban/fail2ban.ts";
import { nginx } from "../nginx/nginx.ts";
import { sshd } from "../sshd/sshd.ts";

describe("lineLog", () => {
  // Line 2 is over a 1 KiB cap, line 3 is Latin-1; the other lines are blank or noise.
  const log = Buffer.concat([
    Buffer.from(`\n${"x".repeat(2048)}\ncaf`),
    Buffer.from([0xe9]),
    Buffer.from("\n\n"),
  ]);

  it.each([sshd, fail2ban, nginx])(
    "$id yields the lines the reader could not read, with their lines",
    async (importer) => {
      const unreadable: unknown[] = [];
      const ctx = { file: "x.log", timezone: "UTC", year: 2026, maxLineBytes: 1024 };
      for await (const item of importer.parse(Readable.from([log.subarray(0, 700), log.subarray(700)]), ctx))
        if ("skipped" in item && /imports\.max_line_bytes|UTF-8/.test(item.skipped)) unreadable.push(item);
      expect(unreadable).toEqual([
        { line: 2, skipped: "line is longer than 1 KiB (imports.max_line_bytes)" },
        { line: 3, skipped: "not UTF-8 text (byte 0xE9)" },
      ]);
    },
  );
});
