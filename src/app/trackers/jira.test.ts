import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load.ts";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { type FakeTracker, startFakeJira } from "../../test-support/fake-trackers.ts";
import { findingRef, recommendation } from "../../test-support/recommendations.ts";
import { markdownToAdf } from "./adf.ts";
import { recommendationLabel } from "./jira.ts";
import { syncRecommendations } from "./sync.ts";
import { trackerFor } from "./tracker-for.ts";

const EMAIL = "secops@example.com";
const TOKEN = "ATATT-secret0123456789";
const NOW = Date.UTC(2026, 9, 2, 8);
const RECOMMENDATIONS = [
  recommendation("vuln_sla_missed:missed_target", {
    records: [findingRef("CVE-2026-0105", "registry.example/api:main")],
    records_total: 1,
  }),
  recommendation("mttr:worsening"),
  recommendation("mttd:stale"),
];

for (const engine of ENGINES) {
  describe(`Jira sync (${engine.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let jira: FakeTracker & { descriptions: unknown[] };

    beforeEach(async () => {
      ({ store, dispose } = await createTestStore(engine));
      // The search misses a new issue in the search right after its creation, and pages two at a time.
      jira = await startFakeJira({ project: "SEC", email: EMAIL, token: TOKEN, pageSize: 2, searchLag: 1 });
    });
    afterEach(async () => {
      await jira.close();
      await dispose();
    });

    const sync = (recommendations = RECOMMENDATIONS) => {
      const config = parseConfig({ trackers: { jira: { url: jira.url, project: "SEC" } } });
      const adapter = trackerFor("jira", config, { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN }, {});
      return syncRecommendations(store, adapter, recommendations, {
        labels: ["secmetrics"],
        assignees: {},
        dryRun: false,
        now: NOW,
      });
    };

    it("creates each issue once though the search does not see them yet, by the keys the store kept", async () => {
      expect((await sync()).done.map((a) => a.kind)).toEqual(["create", "create", "create"]);
      // The search lags: the second sync reads SEC-1..3 by key, and files nothing again.
      expect((await sync()).planned.map((a) => a.kind)).toEqual(["leave", "leave", "leave"]);
      expect(
        jira.requests.filter((r) => r === "GET /rest/api/3/issue/SEC-1?fields=labels,status"),
      ).toHaveLength(1);
      expect(jira.issues).toHaveLength(3);
      expect(jira.issues[0]?.labels).toEqual([
        "secmetrics",
        recommendationLabel("vuln_sla_missed:missed_target"),
      ]);
      // Later the search sees them, over two pages by nextPageToken.
      expect((await sync()).planned.map((a) => a.kind)).toEqual(["leave", "leave", "leave"]);
      expect(jira.requests.filter((r) => r === "POST /rest/api/3/search/jql")).toHaveLength(4);
    });

    it("reads an issue done in Jira back, and closes a cleared one through its done transition", async () => {
      await sync();
      const done = jira.issues[1];
      if (done) done.state = "closed";
      const outcome = await sync(RECOMMENDATIONS.slice(0, 2));
      expect(outcome.done.map((a) => a.kind)).toEqual(["leave", "closed_upstream", "close"]);
      expect(jira.issues[2]?.state).toBe("closed");
      expect(jira.requests).toContain("POST /rest/api/3/issue/SEC-3/transitions");
    });

    it("describes the issue in ADF, without the marker", async () => {
      await sync(RECOMMENDATIONS.slice(0, 1));
      const description = jira.descriptions[0] as ReturnType<typeof markdownToAdf>;
      expect(description.type).toBe("doc");
      expect(description.version).toBe(1);
      expect(description.content?.map((node) => node.type)).toEqual([
        "paragraph", // priority · metric · category · owner
        "paragraph", // rationale
        "paragraph", // expected impact
        "paragraph", // Records (1)
        "heading", // the image
        "bulletList", // its CVE
        "paragraph", // figures
      ]);
      expect(JSON.stringify(description)).not.toContain("secmetrics:rec");
    });
  });
}

describe("markdownToAdf", () => {
  it("turns bold runs into strong marks and list lines into one bullet list", () => {
    expect(markdownToAdf("**Expected impact:** fewer\n- a\n- b")).toEqual({
      type: "doc",
      version: 1,
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Expected impact:", marks: [{ type: "strong" }] },
            { type: "text", text: " fewer" },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "a" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "b" }] }] },
          ],
        },
      ],
    });
  });
});
