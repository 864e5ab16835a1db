import { describe, expect, it } from "vitest";
import { isBelowMinimum, normalizeTlsProtocol } from "./tls-protocol.ts";

describe("normalizeTlsProtocol", () => {
  it.each([
    ["TLSv1", "TLSv1"],
    ["TLSv1.0", "TLSv1"],
    ["TLSv1.2", "TLSv1.2"],
    ["TLSv12", "TLSv1.2"],
    ["1.1", "TLSv1.1"],
    ["TLS 1.3", "TLSv1.3"],
    ["SSLv3", "SSLv3"],
    ["-", null],
    ["h2", null],
    ["TLSv1.4", null],
  ])("%s → %s", (text, protocol) => {
    expect(normalizeTlsProtocol(text)).toBe(protocol);
  });
});

describe("isBelowMinimum", () => {
  it.each([
    ["SSLv3", "TLSv1.2", true],
    ["TLSv1.1", "TLSv1.2", true],
    ["TLSv1.2", "TLSv1.2", false],
    ["TLSv1.2", "TLSv1.3", true],
    ["TLSv1.3", "TLSv1.2", false],
  ])("%s below %s: %s", (protocol, minimum, below) => {
    expect(isBelowMinimum(protocol, minimum)).toBe(below);
  });
});
