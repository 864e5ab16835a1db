import { describe, expect, it } from "vitest";
import { parseInstantOption } from "./time.ts";

describe("parseInstantOption", () => {
  it("reads an instant with an offset as given, and one without in the configured zone", () => {
    expect(parseInstantOption("--covers-until", "2026-12-01T00:00:00Z", "Asia/Tokyo")).toBe(
      Date.UTC(2026, 11, 1),
    );
    // Midnight in Tokyo (UTC+9) is 15:00 UTC the day before.
    expect(parseInstantOption("--covers-until", "2026-12-01", "Asia/Tokyo")).toBe(Date.UTC(2026, 10, 30, 15));
    expect(parseInstantOption("--covers-until", undefined, "UTC")).toBeUndefined();
  });

  it("names the option and the value it cannot read", () => {
    expect(() => parseInstantOption("--covers-until", "last week", "UTC")).toThrow(
      '--covers-until: "last week" is not an ISO 8601 timestamp',
    );
  });
});
