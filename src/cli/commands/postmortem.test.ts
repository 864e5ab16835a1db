import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES, runCli } from "../../test-support/cli.ts";

const NORTHWIND = join(IMPORTER_FIXTURES, "postmortems/fixtures/northwind");

describe("secmetrics postmortem publish", () => {
  let dir: string;
  let config: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-publish-"));
    config = join(dir, "secmetrics.yaml");
    writeFileSync(config, "public_postmortems:\n  redact_names: [dana, lee]\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => runCli(join(dir, "unused.db"), "--config", config, ...args);

  it("writes the public version and says what it removed", async () => {
    const out = join(dir, "INC-101.md");
    const result = await run("postmortem", "publish", "INC-101", "--from", NORTHWIND, "--out", out);
    expect(result.code).toBe(0);
    const text = readFileSync(out, "utf8");
    // authors [dana, lee] and the actions (owners dana, lee) removed; the Action Items table names
    // them twice more in the body: both redacted.
    expect(text).not.toMatch(/\bdana\b|\blee\b|PM-101-1|secret-scanning/);
    expect(text).toContain("| Enable push protection on every mirror | prevent | [redacted] | SEC-410 |");
    expect(result.stderr).toContain(
      "INC-101: removed 3 front-matter fields (actions, authors, controls_reviewed), 0 internal sections, 0 internal blocks, 0 comments; 2 names redacted",
    );
    // Nothing opened the store.
    expect(() => readFileSync(join(dir, "unused.db"))).toThrow();
  });

  it.each([
    ["INC-104", 73, "the post-mortem of INC-104 is in_review, not published"],
    ["INC-999", 66, "no post-mortem of INC-999 in northwind"],
  ])("refuses %s with exit %i", async (id, code, message) => {
    const result = await run("postmortem", "publish", id, "--from", NORTHWIND);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });
});
