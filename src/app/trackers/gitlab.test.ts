import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { type FakeTracker, startFakeGitlab } from "../../test-support/fake-trackers.ts";
import { recommendation } from "../../test-support/recommendations.ts";
import { listRecommendations } from "./recommendation-list.ts";
import { syncRecommendations } from "./sync.ts";
import { trackerFor } from "./tracker-for.ts";

const TOKEN = "glpat-secret0123456789";
const PROJECT = "security/kpis";
const NOW = Date.UTC(2026, 9, 2, 8);
const config = parseConfig({ trackers: { assignees: { gitlab: { "team-platform": "42" } } } });
const RECOMMENDATIONS = [
  recommendation("vuln_sla_missed:missed_target"),
  recommendation("mttr:worsening"),
  recommendation("mttd:stale"),
];

for (const engine of ENGINES) {
  describe(`GitLab sync (${engine.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let gitlab: FakeTracker;

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
      gitlab = await startFakeGitlab({ project: PROJECT, token: TOKEN, pageSize: 2 });
    });
    afterEach(async () => {
      await gitlab.close();
      await dispose();
    });

    const sync = () =>
      syncRecommendations(
        store,
        // CI_API_V4_URL and CI_PROJECT_ID as GitLab CI sets them.
        trackerFor(
          "gitlab",
          config,
          { GITLAB_TOKEN: TOKEN, CI_API_V4_URL: `${gitlab.url}/api/v4`, CI_PROJECT_ID: PROJECT },
          {},
        ),
        RECOMMENDATIONS,
        { labels: ["secmetrics"], assignees: config.trackers.assignees.gitlab, dryRun: false, now: NOW },
      );

    it("creates each issue once over two syncs, following x-next-page, and reads a closed issue back", async () => {
      expect((await sync()).done.map((a) => a.kind)).toEqual(["create", "create", "create"]);
      expect(gitlab.issues[0]).toMatchObject({ labels: ["secmetrics"], assignees: ["42"] });
      expect((await sync()).planned.map((a) => a.kind)).toEqual(["leave", "leave", "leave"]);
      expect(gitlab.issues).toHaveLength(3);
      expect(gitlab.requests).toContain(
        `GET /api/v4/projects/security%2Fkpis/issues?scope=all&per_page=100&labels=secmetrics&page=2`,
      );
      const closed = gitlab.issues[2];
      if (closed) closed.state = "closed";
      expect((await sync()).done.map((a) => a.kind)).toEqual(["leave", "leave", "closed_upstream"]);
      expect((await listRecommendations(store, RECOMMENDATIONS)).map((row) => row.status)).toEqual([
        "tracked",
        "tracked",
        "done_awaiting_verification",
      ]);
    });

    it("closes a cleared recommendation's issue with a note and the close state event", async () => {
      await sync();
      await syncRecommendations(
        store,
        trackerFor(
          "gitlab",
          config,
          { GITLAB_TOKEN: TOKEN, CI_API_V4_URL: `${gitlab.url}/api/v4` },
          { project: PROJECT },
        ),
        RECOMMENDATIONS.slice(1),
        { labels: ["secmetrics"], assignees: {}, dryRun: false, now: NOW },
      );
      expect(gitlab.issues[0]?.state).toBe("closed");
      expect(gitlab.issues[0]?.comments).toHaveLength(1);
      expect(gitlab.requests).toContain("PUT /api/v4/projects/security%2Fkpis/issues/1");
    });
  });
}
