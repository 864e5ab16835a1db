import { describe, expect, it } from "vitest";
import { uuidV5 } from "./uuid-v5.ts";

describe("uuidV5", () => {
  it("matches RFC 9562's example and Python's uuid.uuid5", () => {
    // RFC 9562 appendix A.4: the DNS namespace and "www.example.com";
    // python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com"))' prints the same.
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidV5("not-a-uuid", "x")).toThrow("not a UUID");
  });
});
