import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { SecretAlert } from "../../domains/secrets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { detectGithubSecretScanning, githubSecretScanning } from "./github-secret-scanning.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const at = (iso: string) => Date.parse(iso);

async function parse(text: string, extra: Partial<ImportContext> = {}) {
  const items: RecordItem<SecretAlert>[] = [];
  const ctx = { timezone: "UTC", file: "alerts.json", ...extra };
  for await (const item of githubSecretScanning.parse(Readable.from([text]), ctx)) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

/** A hand-made alert of a repository's listing (which names no repository). */
const alert = (fields: Record<string, unknown>) => ({
  number: 7,
  created_at: "2024-03-01T10:00:00Z",
  state: "open",
  resolution: null,
  resolved_at: null,
  secret_type: "github_personal_access_token",
  secret: "ghp_handMadeSecretValue000000000000000000",
  ...fields,
});

describe("github-secret-scanning", () => {
  it("reads GitHub's organization example: two alerts of octocat/Hello-World, never their secrets", async () => {
    // By hand from fixtures/org-alerts.json
    // (jq '[.[] | {number, state, resolution, validity, repo: .repository.full_name}]'):
    // alert 2 resolved false_positive on 2020-11-07T02:47:13Z, push protection bypassed, validity active;
    // alert 1 open, validity unknown. Neither says publicly_leaked (an older API version).
    const { records, problems } = await parse(fixture("org-alerts.json"));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id, r.state, r.resolution, r.validity])).toEqual([
      ["octocat/Hello-World|2", "resolved", "false_positive", "active"],
      ["octocat/Hello-World|1", "open", null, "unknown"],
    ]);
    expect(records[0]).toEqual({
      kind: "secret_alert",
      feed: "github-secret-scanning",
      external_id: "octocat/Hello-World|2",
      repository: "octocat/Hello-World",
      number: 2,
      state: "resolved",
      resolution: "false_positive",
      created_at: at("2020-11-06T18:48:51Z"),
      updated_at: null,
      resolved_at: at("2020-11-07T02:47:13Z"),
      secret_type: "adafruit_io_key",
      secret_type_display_name: "Adafruit IO Key",
      validity: "active",
      publicly_leaked: null,
      push_protection_bypassed: true,
      html_url: "https://github.com/owner/private-repo/security/secret-scanning/2",
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain("aio_XXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    expect(text).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-us2");
  });

  it("reads the 2026 repository listing with --target, publicly_leaked and all", async () => {
    // fixtures/repo-alerts-2026.json: one alert, 2, false_positive, publicly_leaked false, validity inactive.
    expect((await parse(fixture("repo-alerts-2026.json"))).problems).toEqual([
      {
        line: 3,
        problem: "alert 2: no repository.full_name: pass --target OWNER/NAME for a repository's listing",
      },
    ]);
    const { records } = await parse(fixture("repo-alerts-2026.json"), { target: "owner/private-repo" });
    expect(records).toMatchObject([
      {
        external_id: "owner/private-repo|2",
        publicly_leaked: false,
        validity: "inactive",
        push_protection_bypassed: true,
      },
    ]);
    expect(JSON.stringify(records)).not.toContain("aio_X");
  });

  it("keeps a reopened alert's resolution out and refuses what GitHub never sends (hand-made)", async () => {
    const { records, problems } = await parse(
      JSON.stringify([
        // Reopened: GitHub leaves the old resolution behind on some versions; open is open.
        alert({ number: 1, resolution: "revoked", resolved_at: "2024-03-02T00:00:00Z" }),
        alert({ number: 2, state: "resolved", resolution: "rotated", resolved_at: "2024-03-02T00:00:00Z" }),
        alert({ number: 3, state: "resolved", resolution: "revoked", resolved_at: "2024-02-01T00:00:00Z" }),
        alert({ number: 4, state: "resolved", resolution: "revoked" }),
        alert({ number: 5, state: "fixed", validity: "valid" }),
      ]),
      { target: "o/r" },
    );
    expect(records.map((r) => [r.number, r.state, r.resolution, r.resolved_at])).toEqual([
      [1, "open", null, null],
    ]);
    expect(problems.map((p) => p.problem)).toEqual([
      'alert 2: resolution: "rotated" is not one of false_positive, wont_fix, revoked, used_in_tests, pattern_edited, pattern_deleted',
      "alert 3: resolved_at is before created_at",
      "alert 4: resolved_at is required",
      'alert 5: state: "fixed" is not one of open, resolved; validity: "valid" is not one of active, inactive, unknown',
    ]);
    expect(JSON.stringify(problems)).not.toContain("ghp_handMade");
  });

  it("refuses a document that is not a listing, and malformed JSON without quoting it", async () => {
    await expect(parse('{"alert": {}}')).rejects.toThrow(/not GitHub secret scanning alerts/);
    const broken = `[{"number": 1, "secret": "ghp_handMadeSecretValue0000" x}]`;
    const error = await parse(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String((error as Error).message)).toMatch(/^alerts\.json:1: invalid JSON/);
    expect(String((error as Error).message)).not.toContain("ghp_handMade");
  });

  it("is detected from its secret_type and URLs, and detection never takes code scanning alerts", () => {
    const head = (text: string) => ({ head: text, name: "a.json" });
    expect(detectImporter(head(fixture("org-alerts.json"))).id).toBe("github-secret-scanning");
    expect(detectImporter(head(fixture("repo-alerts-2026.json"))).id).toBe("github-secret-scanning");
    const codeScanning = readFileSync(
      new URL("../github-code-scanning/fixtures/org-alerts.json", import.meta.url),
      "utf8",
    );
    expect(detectGithubSecretScanning(head(codeScanning))).toBe(false);
  });
});
