import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORTER_FIXTURES } from "../test-support/cli.ts";
import { serverForSuite, type TestServer } from "../test-support/server.ts";
import { errorResponse, importResponse } from "./api-schemas.ts";

const findings = (path: string): unknown[] => {
  const document = JSON.parse(readFileSync(join(IMPORTER_FIXTURES, "asff/fixtures", path), "utf8"));
  return document.Findings ?? document.findings;
};

/* ASFF findings that are not control checks, through `POST /api/v1/imports`: left out, not unreadable. */
describe("an ASFF upload with findings that are not control checks", () => {
  // jq '.Findings | length' securityhub-guardduty.json → 4, none with a Compliance block;
  // jq '.findings | map(.Resources | length) | add' securityhub-config_multiple_resources.json → 5.
  const guardDuty = findings("securityhub-guardduty.json");
  const controls = findings("securityhub-config_multiple_resources.json");
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  const upload = (query: string, content: unknown[]) =>
    server.app.request(`/api/v1/imports?${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.tokens.editor}` },
      body: JSON.stringify({ Findings: content }, null, 2),
    });

  it("imports the checks and lists the others as left out, which strict=true accepts", async () => {
    const response = await upload("name=export.json&strict=true", [guardDuty[0], ...controls]);
    expect(response.status).toBe(201);
    const body = importResponse.parse(await response.json());
    expect(body).toMatchObject({
      format: "asff",
      import: { records: 5, skipped: 0 },
      unreadable_lines: [],
      unreadable_count: 0,
      left_out_count: 1,
    });
    expect(body.left_out).toEqual([
      expect.stringMatching(
        /^export\.json:\d+: GuardDuty finding without Compliance\.Status: not a check result$/,
      ),
    ]);
    expect((await server.auth.auditLog({ limit: 1 }))[0]).toMatchObject({
      action: "import",
      detail: { records: 5, skipped: 0, unreadable: 0, left_out: 1 },
    });
  });

  it("refuses (422) an export of GuardDuty findings only, saying they were left out, unless allow_empty=true", async () => {
    const refused = await upload("name=guardduty.json", guardDuty);
    expect(refused.status).toBe(422);
    const { error } = errorResponse.parse(await refused.json());
    expect(error.problem_count).toBe(4);
    expect(error.problems?.[0]).toMatch(/^guardduty\.json:\d+: GuardDuty finding without Compliance\.Status/);
    expect(error.hint).toContain("no records in it as asff, only entries it leaves out");
    expect(error.hint).toContain("--allow-empty");
    const taken = await upload("name=guardduty.json&allow_empty=true", guardDuty);
    expect(taken.status).toBe(201);
    expect(await taken.json()).toMatchObject({ import: { records: 0, skipped: 0 }, left_out_count: 4 });
  });
});
