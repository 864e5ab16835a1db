import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SecurityControl } from "../../domains/appsec/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { securityControlsCsv, securityControlsYaml } from "./security-controls.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<SecurityControl>>, input: Readable) {
  const items: RecordItem<SecurityControl>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "controls" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("security controls register (hand-made fixtures)", () => {
  it("reads the YAML register: 8 controls, tests as a list, snapshot_at from the top level", async () => {
    const { records, problems } = await parse(
      securityControlsYaml,
      createReadStream(fixture("controls.yaml")),
    );
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.control_id, r.risk, r.tests.length])).toEqual([
      ["AC-1", "high", 1],
      ["AC-2", "high", 1],
      ["AC-3", "high", 1],
      ["AC-4", "high", 2],
      ["AC-5", "high", 1],
      ["AC-6", "high", 0],
      ["AC-7", "medium", 1],
      ["AC-8", "low", 1],
    ]);
    expect(records[7]).toEqual({
      kind: "security_control",
      feed: "security-controls",
      external_id: "AC-8",
      snapshot_at: Date.parse("2026-09-01T00:00:00Z"),
      control_id: "AC-8",
      title: "Diameter is documented",
      risk: "low",
      owner: null,
      tests: ["com.shape.CircleTest.testDiameter"],
      attributes: { framework: "internal" },
    });
  });

  it("reads the CSV register, tests ';'-separated, and refuses an unknown risk naming its line", async () => {
    const { records, problems } = await parse(securityControlsCsv, createReadStream(fixture("controls.csv")));
    expect(records.map((r) => [r.control_id, r.tests])).toEqual([
      ["AC-1", ["com.shape.CircleTest.testX"]],
      ["AC-2", ["com.shape.CircleTest.testRadius", "com.shape.CircleTest.testXY"]],
      ["AC-3", ["org.acme.FlakyTest.*"]],
    ]);
    expect(problems).toEqual([{ line: 5, problem: expect.stringMatching(/risk: .*"critical"/) }]);
  });

  it("is detected by id, risk and tests columns, or a YAML controls list", () => {
    expect(securityControlsCsv.detect({ name: "c.csv", head: "id,risk,tests\n" })).toBe(true);
    expect(securityControlsCsv.detect({ name: "c.csv", head: "id,risk\n" })).toBe(false);
    expect(
      securityControlsYaml.detect({ name: "c.yaml", head: "snapshot_at: 2026-09-01\ncontrols:\n" }),
    ).toBe(true);
    expect(securityControlsYaml.detect({ name: "c.yaml", head: "exceptions:\n" })).toBe(false);
  });
});
