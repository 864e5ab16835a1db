import { describe, expect, it } from "vitest";
import { withKnownBounds } from "./known-bounds.ts";
import type { Store } from "./store.ts";

describe("withKnownBounds", () => {
  it("answers the kinds read ahead without a read, and passes every other call to the store", async () => {
    const asked: string[] = [];
    const store = {
      engine: "sqlite",
      earliestRecord: async (kind: string) => (asked.push(`earliest ${kind}`), 1),
      latestRecord: async (kind: string) => (asked.push(`latest ${kind}`), 2),
      dataVersion: async () => "3:3",
    } as unknown as Store;
    const known = withKnownBounds(store, new Map([["incident", { earliest: 10, latest: null }]]));
    expect(await known.earliestRecord("incident")).toBe(10);
    expect(await known.latestRecord("incident")).toBeNull();
    expect(asked).toEqual([]);
    expect(await known.earliestRecord("alert")).toBe(1);
    expect(await known.latestRecord("alert")).toBe(2);
    expect(asked).toEqual(["earliest alert", "latest alert"]);
    expect(await known.dataVersion()).toBe("3:3");
    expect(known.engine).toBe("sqlite");
  });
});
