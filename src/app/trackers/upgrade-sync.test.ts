import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import type { TrackerName } from "../../review/tracker-issue.ts";
import type { UpgradePiece } from "../../review/upgrade-piece.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import {
  type FakeTracker,
  startFakeGithub,
  startFakeGitlab,
  startFakeJira,
} from "../../test-support/fake-trackers.ts";
import { findingRef, planSteps, recommendation } from "../../test-support/recommendations.ts";
import { listRecommendations } from "./recommendation-list.ts";
import { syncRecommendations } from "./sync.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";
import { trackerFor } from "./tracker-for.ts";

const NOW = Date.UTC(2026, 9, 2, 8);
const API = "registry.example/api:main";
const PARENT = recommendation("open_critical_vulnerabilities:missed_target", {
  records: [findingRef("CVE-2024-5535", API)],
  records_total: 3,
});

const piece = (pkg: string, fixed: string | null, cves: string[]): UpgradePiece => ({
  id: `upgrade:${API}:${pkg}${fixed ? "" : "@no-fix"}`,
  parent_ids: [PARENT.id],
  target: API,
  location: null,
  package: pkg,
  fixed_version: fixed,
  title: fixed ? `Upgrade ${pkg} to ${fixed} in ${API}` : `Mitigate ${pkg} in ${API}: no fix available yet`,
  priority: "High",
  owner: "team-platform",
  findings: cves.map((cve) => ({
    id: `${API} ${cve}#1`,
    vulnerability_id: cve,
    severity: "critical",
    due: null,
    fixed_version: fixed,
  })),
});
const OPENSSL = piece("openssl", "3.0.15", ["CVE-2024-5535", "CVE-2024-6119"]);
const CURL = piece("curl", null, ["CVE-2024-2398"]);

/** Each tracker's fake on loopback and the adapter a sync reaches it with. */
const TRACKERS: Record<TrackerName, () => Promise<{ fake: FakeTracker; adapter: TrackerAdapter }>> = {
  github: async () => {
    const fake = await startFakeGithub({ repo: "acme/api", token: "ghp_t0123456789", pageSize: 2 });
    const env = { GITHUB_TOKEN: "ghp_t0123456789", GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: "acme/api" };
    return { fake, adapter: trackerFor("github", parseConfig({}), env, {}) };
  },
  gitlab: async () => {
    const fake = await startFakeGitlab({ project: "sec/kpis", token: "glpat-t0123456789", pageSize: 2 });
    const env = {
      GITLAB_TOKEN: "glpat-t0123456789",
      CI_API_V4_URL: `${fake.url}/api/v4`,
      CI_PROJECT_ID: "sec/kpis",
    };
    return { fake, adapter: trackerFor("gitlab", parseConfig({}), env, {}) };
  },
  jira: async () => {
    const fake = await startFakeJira({
      project: "SEC",
      email: "a@example.com",
      token: "ATATT-t0123",
      searchLag: 1,
    });
    const config = parseConfig({ trackers: { jira: { url: fake.url, project: "SEC" } } });
    return {
      fake,
      adapter: trackerFor("jira", config, { JIRA_EMAIL: "a@example.com", JIRA_API_TOKEN: "ATATT-t0123" }, {}),
    };
  },
};

for (const engine of ENGINES)
  for (const [name, start] of Object.entries(TRACKERS)) {
    describe(`one issue per upgrade, ${name} (${engine.name})`, () => {
      let store: Store;
      let dispose: () => Promise<void>;
      let fake: FakeTracker;
      let adapter: TrackerAdapter;

      beforeEach(async () => {
        ({ store, dispose } = await createTestStore(engine));
        ({ fake, adapter } = await start());
      });
      afterEach(async () => {
        await fake.close();
        await dispose();
      });

      const sync = (upgrades: UpgradePiece[], dryRun = false) =>
        syncRecommendations(store, adapter, [PARENT], {
          labels: ["secmetrics"],
          assignees: {},
          dryRun,
          now: NOW,
          upgrades,
        });
      const steps = (outcome: Awaited<ReturnType<typeof sync>>) => planSteps(outcome.planned);
      const statuses = async (upgrades: UpgradePiece[]) =>
        (await listRecommendations(store, [PARENT], new Map(), upgrades)).map((row) => [row.id, row.status]);

      it("files each upgrade once over two syncs, the recommendation's issue a checklist of them; a dry run changes nothing", async () => {
        const dry = await sync([OPENSSL, CURL], true);
        expect(steps(dry)).toEqual([
          ["create", OPENSSL.id],
          ["create", CURL.id],
          ["create", PARENT.id],
        ]);
        expect(fake.issues).toHaveLength(0);

        expect((await sync([OPENSSL, CURL])).done.map((a) => a.kind)).toEqual(["create", "create", "create"]);
        expect(steps(await sync([OPENSSL, CURL]))).toEqual([
          ["leave", OPENSSL.id],
          ["leave", CURL.id],
          ["leave", PARENT.id],
        ]);
        expect(fake.issues.map((issue) => issue.title)).toEqual([OPENSSL.title, CURL.title, PARENT.title]);
        if (name !== "jira") {
          // Jira's description is ADF, checked by the adapter's own tests; its body here is the Markdown.
          expect(fake.issues[2]?.body).toMatch(
            /- \[ \] Upgrade openssl to 3\.0\.15 in registry\.example\/api:main: https:\/\/\S+\/1\n- \[ \] Mitigate curl/,
          );
          expect(fake.issues[0]?.body).toContain("- CVE-2024-6119 — critical");
        }
        expect(await statuses([OPENSSL, CURL])).toEqual([
          [PARENT.id, "tracked"],
          [OPENSSL.id, "tracked"],
          [CURL.id, "tracked"],
        ]);
      });

      it("marks an upgrade closed upstream done, verifies it once a later scan clears it, and closes one cleared while open", async () => {
        await sync([OPENSSL, CURL]);
        const openssl = fake.issues[0];
        if (openssl) openssl.state = "closed";
        // Closed upstream while its findings are still found: done, awaiting verification; the checklist ticks it.
        expect(steps(await sync([OPENSSL, CURL]))).toEqual([
          ["closed_upstream", OPENSSL.id],
          ["leave", CURL.id],
          ["update", PARENT.id],
        ]);
        expect(await statuses([OPENSSL, CURL])).toEqual([
          [PARENT.id, "tracked"],
          [OPENSSL.id, "done_awaiting_verification"],
          [CURL.id, "tracked"],
        ]);
        // A later scan finds neither: openssl's upgrade is verified, curl's issue (still open) closed as cleared.
        expect(steps(await sync([]))).toEqual([
          ["close", CURL.id],
          ["verified", OPENSSL.id],
          ["update", PARENT.id],
        ]);
        expect(fake.issues[1]?.state).toBe("closed");
        expect(steps(await sync([]))).toEqual([["leave", PARENT.id]]);
      });
    });
  }
