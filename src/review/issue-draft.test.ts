import { describe, expect, it } from "vitest";
import { findingRef, recommendation } from "../test-support/recommendations.ts";
import { issueDraft, issueMarker, markedRecommendation } from "./issue-draft.ts";

const OPTIONS = { labels: ["secmetrics"], assignees: { "team-platform": "octocat" } };

describe("issueDraft", () => {
  it("lists the CVEs of one image under it, not one issue each", () => {
    const draft = issueDraft(
      recommendation("open_vulnerabilities:missed_target", {
        records: [
          findingRef("CVE-2026-0105", "registry.example/api:main"),
          findingRef("CVE-2026-0201", "registry.example/web:main", "high, curl"),
          findingRef("CVE-2026-0107", "registry.example/api:main"),
        ],
        records_total: 9,
      }),
      OPTIONS,
    );
    expect(draft.body).toContain(
      [
        "**Records** (3 of 9):",
        "",
        "### registry.example/api:main",
        "- CVE-2026-0105 — critical, openssl",
        "- CVE-2026-0107 — critical, openssl",
        "",
        "### registry.example/web:main",
        "- CVE-2026-0201 — high, curl",
      ].join("\n"),
    );
  });

  it("assigns the owner's tracker user, and no one for an owner not in the map", () => {
    expect(issueDraft(recommendation("mttr:worsening"), OPTIONS).assignees).toEqual(["octocat"]);
    expect(issueDraft(recommendation("mttr:worsening", { owner: "iam" }), OPTIONS).assignees).toEqual([]);
    expect(issueDraft(recommendation("mttr:worsening", { owner: null }), OPTIONS).assignees).toEqual([]);
  });

  it("fingerprints what is sent: the same recommendation the same, another title another", () => {
    const a = issueDraft(recommendation("mttr:worsening"), OPTIONS);
    expect(issueDraft(recommendation("mttr:worsening"), OPTIONS).fingerprint).toBe(a.fingerprint);
    expect(issueDraft(recommendation("mttr:worsening", { title: "Other" }), OPTIONS).fingerprint).not.toBe(
      a.fingerprint,
    );
  });

  it("ends the body with the marker that finds the issue again", () => {
    const id = "open_vulnerabilities:not_rescanned:registry.example/api:main:trivy";
    const draft = issueDraft(recommendation(id), OPTIONS);
    expect(draft.body.endsWith(issueMarker(id))).toBe(true);
    expect(markedRecommendation(`edited by hand\n\n${draft.body}`)).toBe(id);
    expect(markedRecommendation("no marker")).toBeNull();
    expect(markedRecommendation(null)).toBeNull();
  });
});
