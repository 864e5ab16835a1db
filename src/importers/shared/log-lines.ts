import { isUtf8 } from "node:buffer";
import crypto, { createHash } from "node:crypto";
import { InvalidInputError } from "../../model/errors.ts";
import { DateTime } from "../../model/luxon.ts";
import type { ImportContext, SkippedLine } from "../importer.ts";
import { firstInvalidUtf8, notUtf8, refuseUtf16 } from "./encoding.ts";
import { DEFAULT_MAX_LINE_BYTES, tooLong } from "./input-limits.ts";

export interface LogLine {
  /** 1-based. */
  line: number;
  text: string;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** One input chunk's lines, and those that could not be read: over the cap, or not UTF-8. */
export interface LineChunk {
  lines: LogLine[];
  unreadable: SkippedLine[];
}

/**
 * Splits a stream into lines without holding more than one chunk and one
 * partial line, so a 1 GB log imports in flat memory. Faster than
 * `node:readline` because it slices buffers instead of emitting events.
 * The lines of each chunk come as one array, so a parser pays one async
 * step per chunk instead of per line.
 *
 * A line longer than `maxLineBytes` is unreadable as soon as it passes the
 * cap, and the rest of it is dropped unread up to its newline: a file
 * without one costs time linear in its size and one line's memory. A line
 * that is not UTF-8 is unreadable too, never decoded with replacements.
 */
export async function* readLineChunks(
  input: AsyncIterable<Buffer>,
  file: string,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncIterable<LineChunk> {
  let line = 0;
  // The start of the current line, from earlier chunks.
  let held: Buffer[] = [];
  let heldBytes = 0;
  // The current line passed the cap: drop its bytes until its newline.
  let skipping = false;
  let first = true;
  for await (const chunk of input) {
    if (first && chunk.length > 0) {
      refuseUtf16(chunk, file);
      first = false;
    }
    const out: LineChunk = { lines: [], unreadable: [] };
    // One check for the whole chunk; lines are checked alone only when it fails.
    const valid = isUtf8(chunk);
    let start = 0;
    for (let index = chunk.indexOf(NEWLINE); index >= 0; index = chunk.indexOf(NEWLINE, start)) {
      line++;
      if (!skipping) {
        if (heldBytes + index - start > maxLineBytes)
          out.unreadable.push({ line, skipped: tooLong(maxLineBytes) });
        else if (heldBytes > 0) {
          held.push(chunk.subarray(start, index));
          const whole = Buffer.concat(held);
          addLine(out, line, whole, 0, whole.length, false);
        } else addLine(out, line, chunk, start, index, valid);
      }
      held = [];
      heldBytes = 0;
      skipping = false;
      start = index + 1;
    }
    if (start < chunk.length && !skipping) {
      if (heldBytes + chunk.length - start > maxLineBytes) {
        out.unreadable.push({ line: line + 1, skipped: tooLong(maxLineBytes) });
        skipping = true;
        held = [];
        heldBytes = 0;
      } else {
        held.push(chunk.subarray(start));
        heldBytes += chunk.length - start;
      }
    }
    if (out.lines.length > 0 || out.unreadable.length > 0) yield out;
  }
  if (heldBytes > 0) {
    const out: LineChunk = { lines: [], unreadable: [] };
    const whole = Buffer.concat(held);
    addLine(out, line + 1, whole, 0, whole.length, false);
    yield out;
  }
}

function addLine(
  out: LineChunk,
  line: number,
  bytes: Buffer,
  start: number,
  newline: number,
  valid: boolean,
): void {
  const end = newline > start && bytes[newline - 1] === CR ? newline - 1 : newline;
  const bad = valid ? -1 : firstInvalidUtf8(bytes, start, end);
  if (bad >= 0) out.unreadable.push({ line, skipped: notUtf8(bytes[bad] ?? 0) });
  else out.lines.push({ line, text: bytes.toString("utf8", start, end) });
}

/**
 * Stable ids for log events (see `domains/prevention/records.ts`): `host|at|sha1(text)|n`,
 * `n` counting identical earlier lines at the same instant. Only recent
 * instants are remembered, which keeps memory flat on chronological logs.
 */
export class LogLineIds {
  private readonly seen = new Map<string, { n: number; at: number }>();
  private newest = 0;
  /** Pruned when the map grows past this; raised when a prune frees little, so it never runs per line. */
  private limit = 4096;

  next(host: string | null, at: number, text: string): string {
    const key = `${host ?? "-"}|${at}|${sha1(text).slice(0, 20)}`;
    const seen = this.seen.get(key);
    const n = seen ? seen.n : 0;
    if (seen) seen.n++;
    else this.seen.set(key, { n: 1, at });
    if (at > this.newest) this.newest = at;
    if (this.seen.size > this.limit) this.prune();
    return `${key}|${n}`;
  }

  /** A line repeated `count` times (`message repeated N times`): ids for each occurrence. */
  many(host: string | null, at: number, text: string, count: number): string[] {
    return Array.from({ length: count }, () => this.next(host, at, text));
  }

  private prune(): void {
    // Lines more than a minute older than the newest will not come back in a chronological log.
    for (const [key, { at }] of this.seen) if (at < this.newest - 60_000) this.seen.delete(key);
    this.limit = Math.max(4096, this.seen.size * 2);
  }
}

/** One-shot `crypto.hash` where Node has it (20.12+), else a Hash object; same hex digest. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
function sha1(text: string): string {
  return oneShot ? oneShot("sha1", text) : createHash("sha1").update(text).digest("hex");
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `Dec 10 06:55:46` or `Jul  3 14:59:17` (optionally with fractions) at the start of a line. */
export const SYSLOG_TIME = /^([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?= )/;

export interface WallClock {
  year: number;
  /** 0-based. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Converts wall-clock times of one zone to epoch ms, caching the offset per hour (luxon is slow per line). */
export class ZoneClock {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly zone: string) {}

  /** Undefined when the fields are not a real date (Feb 30, hour 25). */
  toMillis(t: WallClock): number | undefined {
    if (t.hour > 23 || t.minute > 59 || t.second > 60 || t.month < 0 || t.month > 11 || t.day < 1)
      return undefined;
    const asUtc = Date.UTC(t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond);
    if (new Date(asUtc).getUTCDate() !== t.day) return undefined;
    if (this.zone === "UTC") return asUtc;
    const hourKey = Math.floor(asUtc / 3_600_000);
    let offset = this.offsets.get(hourKey);
    if (offset === undefined) {
      const local = DateTime.fromObject(
        { year: t.year, month: t.month + 1, day: t.day, hour: t.hour },
        { zone: this.zone },
      );
      offset = local.isValid ? local.offset * 60_000 : 0;
      if (this.offsets.size > 10_000) this.offsets.clear();
      this.offsets.set(hourKey, offset);
    }
    return asUtc - offset;
  }

  /** Year, month, day, hour, minute and second in groups 1–6 of a match (`2014-08-10 06:49:27`). */
  numericDate(match: RegExpExecArray, millisecond = 0): number | undefined {
    return this.toMillis({
      year: Number(match[1]),
      month: Number(match[2]) - 1,
      day: Number(match[3]),
      hour: Number(match[4]),
      minute: Number(match[5]),
      second: Number(match[6]),
      millisecond,
    });
  }
}

/**
 * Syslog timestamps carry no year. The first line's year is `ctx.year`, else
 * the latest year that does not put the line after the file's modification
 * time; later lines move to the next year when the month falls back by more
 * than half a year (a log crossing New Year). A log older than a year than
 * its file time needs `--year`.
 */
export class SyslogTimes {
  private year: number | undefined;
  private lastMonth = -1;
  private readonly clock: ZoneClock;

  constructor(private readonly ctx: ImportContext) {
    this.clock = new ZoneClock(ctx.timezone);
  }

  /** Parses the timestamp `SYSLOG_TIME` matched; undefined when it is not a real date. */
  parse(match: RegExpExecArray, line: number): number | undefined {
    const month = MONTHS.indexOf((match[1] ?? "").toLowerCase());
    const day = Number(match[2]);
    if (month < 0) return undefined;
    const year = this.yearOf(month, day, line);
    return this.clock.toMillis({
      year,
      month,
      day,
      hour: Number(match[3]),
      minute: Number(match[4]),
      second: Number(match[5]),
      millisecond: match[6] ? Math.floor(Number(`0.${match[6]}`) * 1000) : 0,
    });
  }

  private yearOf(month: number, day: number, line: number): number {
    if (this.year === undefined) {
      this.year = this.ctx.year ?? this.inferFirstYear(month, day, line);
      this.lastMonth = month;
      return this.year;
    }
    if (month < this.lastMonth - 6) this.year++;
    // An out-of-order December line just after New Year belongs to the old year.
    else if (month > this.lastMonth + 6) return this.year - 1;
    this.lastMonth = month;
    return this.year;
  }

  private inferFirstYear(month: number, day: number, line: number): number {
    const fileTime = this.ctx.fileTime ?? this.ctx.scannedAt;
    if (fileTime === undefined) {
      throw new InvalidInputError(
        this.ctx.file,
        [{ line, reason: "syslog timestamps carry no year and the file time is unknown" }],
        "pass --year",
      );
    }
    const fileYear = new Date(fileTime).getUTCFullYear();
    // A day of slack for time zones: a line stamped later than its file was written is last year's.
    return Date.UTC(fileYear, month, day) > fileTime + 86_400_000 ? fileYear - 1 : fileYear;
  }
}
