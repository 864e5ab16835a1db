import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DateTime, Duration } from "./luxon.ts";

/** Every `.ts` file below `dir`, tests included. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("luxon", () => {
  it("has its locale set, so no date asks the system for one", () => {
    expect(DateTime.fromMillis(0, { zone: "UTC" }).locale).toBe("en-US");
    expect(Duration.fromISO("P1D").locale).toBe("en-US");
  });

  it("is imported through model/luxon.ts alone", () => {
    const direct = sourceFiles("src").filter(
      (path) =>
        path !== join("src", "model", "luxon.ts") &&
        /^import [^;]* from "luxon";/m.test(readFileSync(path, "utf8")),
    );
    expect(direct).toEqual([]);
  });
});
