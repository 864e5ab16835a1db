import { describe, expect, it } from "vitest";
import { SecmetricsError } from "../../model/errors.ts";
import { firstInvalidUtf8, lineOfOffset, refuseUtf16, Utf8Stream, utf16Of } from "./encoding.ts";

const TEXT = "id,created_at\nA1,2026-03-02T10:00:00Z\n";
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);
const le = Buffer.from(TEXT, "utf16le");
const be = Buffer.from(le).swap16();

describe("utf16Of", () => {
  it.each([
    ["LE with a byte-order mark", Buffer.concat([BOM_LE, le]), { order: "LE", bom: true }],
    ["BE with a byte-order mark", Buffer.concat([BOM_BE, be]), { order: "BE", bom: true }],
    ["LE without one (a NUL after each ASCII byte)", le, { order: "LE", bom: false }],
    ["BE without one (a NUL before each ASCII byte)", be, { order: "BE", bom: false }],
  ])("tells UTF-16 %s", (_name, bytes, expected) => {
    expect(utf16Of(bytes)).toEqual(expected);
  });

  it.each([
    ["UTF-8 text", Buffer.from(TEXT)],
    ["a zero-filled file", Buffer.alloc(4096)],
    ["UTF-8 with its byte-order mark", Buffer.from(`\uFEFF${TEXT}`)],
    ["a single byte", Buffer.from("a")],
  ])("leaves %s alone", (_name, bytes) => {
    expect(utf16Of(bytes)).toBeUndefined();
  });

  it("names the encoding and the iconv command that converts it", () => {
    expect(() => refuseUtf16(Buffer.concat([BOM_LE, le]), "a.csv")).toThrow(
      new SecmetricsError(
        "invalid_input",
        "a.csv: UTF-16 text; secmetrics reads UTF-8 (convert it with iconv -f UTF-16 -t UTF-8)",
      ),
    );
    // Without a mark iconv must be told the byte order.
    expect(() => refuseUtf16(le, "a.csv")).toThrow(/iconv -f UTF-16LE -t UTF-8/);
    expect(() => refuseUtf16(be, "a.csv")).toThrow(/iconv -f UTF-16BE -t UTF-8/);
  });
});

describe("firstInvalidUtf8", () => {
  it.each([
    ["valid multi-byte text", Buffer.from("é€𝄞 ok"), -1],
    ["a stray continuation byte", Buffer.from([0x61, 0x80, 0x62]), 1],
    ["Latin-1 é", Buffer.from([0x63, 0x61, 0x66, 0xe9]), 3],
    ["an overlong encoding of /", Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ["a UTF-16 surrogate (ED A0 80)", Buffer.from([0xed, 0xa0, 0x80]), 0],
    ["a character cut at the end", Buffer.from([0x61, 0xe2, 0x82]), 1],
  ])("finds the offset in %s", (_name, bytes, offset) => {
    expect(firstInvalidUtf8(bytes)).toBe(offset);
  });

  it("counts lines to an offset", () => {
    expect(lineOfOffset(Buffer.from("a\nb\nc"), 4)).toBe(3);
  });
});

describe("Utf8Stream", () => {
  it("holds a character cut between chunks and finds a bad byte in the next", () => {
    const euro = Buffer.from("€"); // E2 82 AC
    const stream = new Utf8Stream();
    expect(stream.check(euro.subarray(0, 1))).toBeUndefined();
    expect(stream.cut).toBe(true);
    expect(stream.check(Buffer.concat([euro.subarray(1), Buffer.from("ab\xff", "latin1")]))).toEqual({
      at: 4,
      byte: 0xff,
    });
    // A held character completed wrongly is bad at the chunk's start, with its own first byte.
    const latin1 = new Utf8Stream();
    latin1.check(Buffer.from([0x61, 0xe9]));
    expect(latin1.check(Buffer.from("\n"))).toEqual({ at: 0, byte: 0xe9 });
    const ended = new Utf8Stream();
    ended.check(euro.subarray(0, 2));
    expect(ended.cut).toBe(true);
  });
});
