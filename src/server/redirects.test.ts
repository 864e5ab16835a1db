import { describe, expect, it } from "vitest";
import { safeNext } from "./redirects.ts";

describe("safeNext", () => {
  it("keeps a local path with its query", () => {
    expect(safeNext("/metrics/mttd?period=2026-10")).toBe("/metrics/mttd?period=2026-10");
    expect(safeNext("/")).toBe("/");
  });

  it("refuses what a browser would send to another site", () => {
    for (const next of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\t\\evil.example",
      "/\n/evil.example",
      "https://evil.example/",
      "evil.example",
    ])
      expect(safeNext(next), JSON.stringify(next)).toBe("/");
    expect(safeNext(undefined)).toBe("/");
  });

  it("returns no tab or line break, which a Location header cannot carry", () => {
    expect(safeNext("/overview\r\nSet-Cookie: x=1")).toBe("/overviewSet-Cookie:%20x=1");
  });
});
