import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../test-support/cli.ts";
import { TRUST_FIXTURE } from "../../test-support/trust.ts";

/** The fixture's security.txt expires 2027-01-31T00:00:00Z. */
describe("secmetrics trust build", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "secmetrics-trust-build-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.useRealTimers());

  const build = (at: string, out: string) => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse(at) });
    return runCli(join(dir, "store.db"), "trust", "build", "--trust", TRUST_FIXTURE, "--out", join(dir, out));
  };

  it("warns on stderr when the security.txt it writes expires within 30 days, and still builds", async () => {
    // 2027-01-20T12:00Z → 10.5 days before Expires: 10 whole days.
    const result = await build("2027-01-20T12:00:00Z", "soon");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "security_txt.expires is 10 days away: renew it and build again before readers stop trusting the file",
    );
    expect(existsSync(join(dir, "soon", ".well-known", "security.txt"))).toBe(true);
  });

  it("says nothing when Expires is further away than 30 days", async () => {
    // 2026-12-01 → 61 days before Expires.
    const result = await build("2026-12-01T00:00:00Z", "later");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("security_txt.expires");
  });
});
