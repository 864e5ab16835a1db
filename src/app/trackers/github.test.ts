import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { CLEARED_COMMENT } from "../../review/tracker-plan.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { type FakeTracker, startFakeGithub } from "../../test-support/fake-trackers.ts";
import { startHangingServer } from "../../test-support/hanging-server.ts";
import { findingRef, recommendation } from "../../test-support/recommendations.ts";
import type { ApiHttpOptions } from "../http/api-http.ts";
import { dismissRecommendation, listRecommendations } from "./recommendation-list.ts";
import { syncRecommendations } from "./sync.ts";
import { trackerFor } from "./tracker-for.ts";
import { readLinks } from "./tracker-links.ts";

const TOKEN = "ghp_secret0123456789";
const REPO = "acme/api";
const NOW = Date.UTC(2026, 9, 2, 8);
const config = parseConfig({ trackers: { assignees: { github: { "team-platform": "octocat" } } } });

const RECOMMENDATIONS = [
  recommendation("vuln_sla_missed:missed_target", {
    title: "Fix CVE-2026-0105 on registry.example/api:main and CVE-2026-0107 on registry.example/api:main",
    records: [
      findingRef("CVE-2026-0105", "registry.example/api:main"),
      findingRef("CVE-2026-0107", "registry.example/api:main"),
    ],
    records_total: 2,
  }),
  recommendation("mttr:worsening"),
  recommendation("orphaned_accounts:missed_target", { owner: "iam" }),
];

for (const engine of ENGINES) {
  describe(`GitHub sync (${engine.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let github: FakeTracker;
    let waits: number[];

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
      // Two issues a page, so that three issues take two pages by the Link header.
      github = await startFakeGithub({ repo: REPO, token: TOKEN, pageSize: 2 });
      waits = [];
    });
    afterEach(async () => {
      await github.close();
      await dispose();
    });

    const adapter = (http: Partial<ApiHttpOptions> = {}) =>
      trackerFor(
        "github",
        config,
        { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO },
        {},
        { sleep: async (ms) => void waits.push(ms), ...http },
      );
    const sync = (recommendations = RECOMMENDATIONS, http: Partial<ApiHttpOptions> = {}) =>
      syncRecommendations(store, adapter(http), recommendations, {
        labels: ["secmetrics"],
        assignees: config.trackers.assignees.github,
        dryRun: false,
        now: NOW,
      });
    const creates = () => github.requests.filter((r) => r === `POST /repos/${REPO}/issues`).length;

    it("creates each issue once over two syncs in a row, listing every page", async () => {
      const first = await sync();
      expect(first.done.map((a) => a.kind)).toEqual(["create", "create", "create"]);
      const second = await sync();
      expect(second.planned.map((a) => a.kind)).toEqual(["leave", "leave", "leave"]);
      expect(creates()).toBe(3);
      expect(github.issues).toHaveLength(3);
      // The second sync read both pages: issues 1–2, then 3 by the Link header's next.
      expect(github.requests).toContain(
        `GET /repos/${REPO}/issues?state=all&per_page=100&labels=secmetrics&page=2`,
      );
    });

    it("files an issue with its title, labels, the owner's assignee, the CVEs under their image, and the marker", async () => {
      await sync();
      const [issue] = github.issues;
      expect(issue?.title).toBe(RECOMMENDATIONS[0]?.title);
      expect(issue?.labels).toEqual(["secmetrics"]);
      // team-platform → octocat (trackers.assignees.github); iam has no assignee.
      expect(issue?.assignees).toEqual(["octocat"]);
      expect(github.issues[2]?.assignees).toEqual([]);
      expect(issue?.body).toContain(
        "### registry.example/api:main\n- CVE-2026-0105 — critical, openssl\n- CVE-2026-0107 — critical, openssl",
      );
      expect(issue?.body.endsWith("<!-- secmetrics:rec=vuln_sla_missed:missed_target -->")).toBe(true);
    });

    it("marks a recommendation done, awaiting verification, when its issue is closed upstream", async () => {
      await sync();
      const closed = github.issues[1];
      if (closed) closed.state = "closed";
      const outcome = await sync();
      expect(outcome.done.map((a) => a.kind)).toEqual(["leave", "closed_upstream", "leave"]);
      const rows = await listRecommendations(store, RECOMMENDATIONS);
      expect(rows.map((row) => row.status)).toEqual(["tracked", "done_awaiting_verification", "tracked"]);
      // Reopened upstream: tracked again.
      if (closed) closed.state = "open";
      expect((await sync()).done.map((a) => a.kind)).toEqual([
        "leave",
        "reopened_upstream",
        "leave",
        "leave",
      ]);
      expect((await listRecommendations(store, RECOMMENDATIONS))[1]?.status).toBe("tracked");
    });

    it("closes with a comment the issue of a recommendation whose condition cleared", async () => {
      await sync();
      const outcome = await sync(RECOMMENDATIONS.slice(0, 2));
      expect(outcome.done.at(-1)).toEqual({
        kind: "close",
        recommendation_id: "orphaned_accounts:missed_target",
        issue: "3",
        comment: CLEARED_COMMENT,
        because: "cleared",
      });
      expect(github.issues[2]).toMatchObject({
        state: "closed",
        state_reason: "completed",
        comments: [CLEARED_COMMENT],
      });
      expect((await sync(RECOMMENDATIONS.slice(0, 2))).planned.map((a) => a.kind)).toEqual([
        "leave",
        "leave",
      ]);
    });

    it("closes a dismissed recommendation's issue with who dismissed it and why", async () => {
      await sync();
      await dismissRecommendation(store, createAuthStore(store), RECOMMENDATIONS, {
        recommendation_id: "mttr:worsening",
        reason: "seasonal, reviewed with the SOC",
        dismissed_by: "cli:ana",
        dismissed_at: NOW,
      });
      await sync();
      expect(github.issues[1]).toMatchObject({
        state: "closed",
        state_reason: "not_planned",
        comments: ["Dismissed in secmetrics by cli:ana: seasonal, reviewed with the SOC"],
      });
      const row = (await listRecommendations(store, RECOMMENDATIONS))[1];
      expect(row).toMatchObject({
        status: "dismissed",
        dismissal: { by: "cli:ana", reason: "seasonal, reviewed with the SOC" },
      });
    });

    it("waits out a 429 mid-sync as Retry-After asks, and carries on", async () => {
      github.interrupt({
        method: "POST",
        path: /\/issues$/,
        status: 429,
        skip: 1,
        headers: { "retry-after": "2" },
      });
      const outcome = await sync();
      expect(outcome.failed).toBeNull();
      expect(waits).toEqual([2000]);
      expect(github.issues.map((issue) => issue.number)).toEqual([1, 2, 3]);
    });

    it("waits a minute for a secondary rate limit that names no time", async () => {
      github.interrupt({
        method: "POST",
        path: /\/issues$/,
        status: 403,
        body: {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        },
      });
      expect((await sync()).failed).toBeNull();
      expect(waits).toEqual([60_000]);
    });

    it("stops at a rate limit longer than it waits, records what was done, and a re-run finishes without duplicates", async () => {
      const reset = String(Math.floor(Date.now() / 1000) + 3600);
      github.interrupt({
        method: "POST",
        path: /\/issues$/,
        status: 403,
        skip: 1,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
        body: { message: "API rate limit exceeded" },
      });
      const stopped = await sync();
      expect(stopped.done.map((a) => a.kind)).toEqual(["create"]);
      expect(stopped.failed?.error.message).toMatch(
        /^github: POST .* rate limited \(403\), asked to wait \d+ s$/,
      );
      expect(stopped.not_done.map((a) => a.kind)).toEqual(["create"]);
      expect((await readLinks(store, "github")).map((link) => link.issue)).toEqual(["1"]);
      const resumed = await sync();
      expect(resumed.done.map((a) => a.kind)).toEqual(["leave", "create", "create"]);
      expect(github.issues).toHaveLength(3);
    });

    it("adopts an issue created by a sync that stopped before recording it, rather than filing it again", async () => {
      await sync(RECOMMENDATIONS.slice(0, 1));
      // A store that lost the link: a fresh one against the same repository.
      const other = await createTestStore(engine);
      try {
        const outcome = await syncRecommendations(other.store, adapter(), RECOMMENDATIONS.slice(0, 1), {
          labels: ["secmetrics"],
          assignees: {},
          dryRun: false,
          now: NOW,
        });
        expect(outcome.done.map((a) => a.kind)).toEqual(["adopt"]);
        expect(github.issues).toHaveLength(1);
      } finally {
        await other.dispose();
      }
    });

    it("changes nothing on a dry run", async () => {
      const outcome = await syncRecommendations(store, adapter(), RECOMMENDATIONS, {
        labels: ["secmetrics"],
        assignees: {},
        dryRun: true,
        now: NOW,
      });
      expect(outcome.planned.map((a) => a.kind)).toEqual(["create", "create", "create"]);
      expect(github.issues).toHaveLength(0);
      expect(await readLinks(store)).toEqual([]);
    });

    it("refuses a bad token with a 401 that does not show it, and leaves the store unchanged", async () => {
      const wrong = trackerFor(
        "github",
        config,
        { GITHUB_TOKEN: "ghp_wrong", GITHUB_API_URL: github.url },
        { repo: REPO },
      );
      const error = await syncRecommendations(store, wrong, RECOMMENDATIONS, {
        labels: ["secmetrics"],
        assignees: {},
        dryRun: false,
        now: NOW,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecmetricsError);
      expect(error).toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("401, the token was refused: Bad credentials"),
      });
      expect(String((error as Error).message)).not.toContain("ghp_wrong");
      expect(await readLinks(store)).toEqual([]);
    });

    it("names a repository it cannot find (404)", async () => {
      const missing = trackerFor(
        "github",
        config,
        { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url },
        { repo: "acme/nope" },
      );
      await expect(missing.list([])).rejects.toMatchObject({
        code: "not_found",
        message: expect.stringContaining("GET http://127.0.0.1"),
      });
    });
  });
}

describe("GitHub adapter", () => {
  it("gives up on a tracker that does not answer in time", async () => {
    const hanging = await startHangingServer();
    try {
      const url = new URL(hanging.page.match(/src="([^"]+)"/)?.[1] ?? "");
      const adapter = trackerFor(
        "github",
        config,
        { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: url.origin },
        { repo: REPO },
        { timeoutMs: 200 },
      );
      await expect(adapter.list([])).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringMatching(/no answer within 0.2 s$/),
      });
    } finally {
      await hanging.close();
    }
  });

  it("needs GITHUB_TOKEN and a repository", () => {
    expect(() => trackerFor("github", config, {}, { repo: REPO })).toThrow("GITHUB_TOKEN is not set");
    expect(() => trackerFor("github", config, { GITHUB_TOKEN: TOKEN }, {})).toThrow(
      "the repository is not given",
    );
  });
});
