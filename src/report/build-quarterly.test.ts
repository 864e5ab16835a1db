import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../app/import-file.ts";
import { recordQuarterlyReview } from "../app/quarterly-review.ts";
import { parseConfig } from "../config/load.ts";
import { bufferSource, directorySource } from "../importers/file-source.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildQuarterlyReport } from "./build-quarterly.ts";
import { renderMarkdown } from "./markdown.ts";
import type { QuarterlyReport } from "./model.ts";

/*
 * A hand-built quarter, 2026-Q3, read on 2026-10-20 (learning.postmortem_due_days 10).
 * Significant production incidents: INC-1 (high, 06-10), INC-2 (critical, 07-05), INC-3 (high,
 * 08-20), INC-4 (high, 09-10); near-misses NM-1 (07-20), NM-2 (09-02), NM-3 (10-05, Q4).
 * Post-mortems, the folder read on 09-30 12:00:
 *   INC-1 published 06-15 (5 d), INC-2 published 07-12 (7 d): covered;
 *   INC-3 published 09-05 (16 d): late; INC-4 in review, due 09-20 before the read: missing;
 *   NM-2 a draft.
 * By hand:
 *   postmortem_coverage: 2026-Q3 1 of INC-2, INC-3, INC-4 → 33.3 %;
 *     months: July 1 / 1 = 100 %, August 0 / 1 = 0 %, September 0 / 1 = 0 %.
 *   near_miss_ratio: 2026-Q3 NM-1, NM-2 per INC-2, INC-3, INC-4 → 2 / 3 = 0.67.
 *   published in the quarter: INC-2 (07-12), INC-3 (09-05); INC-1 (June) and INC-4 (in review) not.
 *   overdue at the quarter's end (10-01): A-1 (open, due 08-01): 31 + 30 = 61 days;
 *     A-2 was done before its due date, A-3 (due 10-15) is not due yet.
 */
const INCIDENTS_CSV = `id,title,severity,kind,detected_at,recovered_at
INC-1,Leaked token,high,incident,2026-06-10T10:00:00Z,2026-06-10T14:00:00Z
INC-2,Ransomware on a build host,critical,incident,2026-07-05T10:00:00Z,2026-07-05T20:00:00Z
INC-3,Phishing of finance staff,high,incident,2026-08-20T10:00:00Z,2026-08-20T12:00:00Z
INC-4,Credential stuffing,high,incident,2026-09-10T10:00:00Z,2026-09-11T10:00:00Z
NM-1,Bucket almost made public,low,near_miss,2026-07-20T09:00:00Z,
NM-2,Expired certificate caught in staging,low,near_miss,2026-09-02T09:00:00Z,
NM-3,Wrong role on the CI runner,low,near_miss,2026-10-05T09:00:00Z,
`;

function postmortem(front: string[]): string {
  return ["---", ...front, "---", "", "# Post-mortem", ""].join("\n");
}

const POSTMORTEMS: Record<string, string> = {
  "2026-06-10-inc-1.md": postmortem([
    "event: INC-1",
    "status: published",
    "date: 2026-06-10T10:00:00Z",
    "published_at: 2026-06-15T10:00:00Z",
    "root_causes: [secret-in-code]",
  ]),
  "2026-07-05-inc-2.md": postmortem([
    "event: INC-2",
    "title: Ransomware on a build host",
    "status: published",
    "date: 2026-07-05T10:00:00Z",
    "published_at: 2026-07-12T10:00:00Z",
    "summary: An unpatched build host was encrypted; builds stopped for ten hours.",
    "root_causes:",
    "  - category: unpatched-host",
    "    description: The build host was left out of patching.",
    "controls_reviewed:",
    "  - { control: backups, result: effective }",
    "  - { control: patching, result: failed }",
    "lessons: Every host needs an owner in the patching inventory.",
    "actions:",
    "  - { id: A-1, title: Enrol build hosts in patching, owner: sre, due_at: 2026-08-01, status: open }",
    "  - { id: A-2, title: Restore test, owner: sre, due_at: 2026-09-30, status: done, completed_at: 2026-09-20 }",
  ]),
  "2026-08-20-inc-3.md": postmortem([
    "event: INC-3",
    "status: published",
    "date: 2026-08-20T10:00:00Z",
    "published_at: 2026-09-05T10:00:00Z",
    "summary: Two finance staff entered their passwords.",
    "root_causes: [phishing]",
    "lessons: Push MFA is not enough.",
    "actions:",
    "  - { id: A-3, title: Security keys for finance, owner: it, due_at: 2026-10-15, status: open }",
  ]),
  "2026-09-10-inc-4.md": postmortem(["event: INC-4", "status: in_review", "date: 2026-09-10T10:00:00Z"]),
  "2026-09-02-nm-2.md": postmortem(["event: NM-2", "status: draft", "date: 2026-09-02T09:00:00Z"]),
};

const CONFIG = parseConfig({
  history: 4,
  categories: { program: { owner: "CISO" }, detection_response: { owner: "SecOps" } },
});
const NOW = Date.parse("2026-10-20T00:00:00Z");
const ctx = { config: CONFIG, now: NOW };

describe.each(ENGINES)("the quarterly report on $name", (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let folder: string;
  let report: QuarterlyReport;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(engine));
    folder = mkdtempSync(join(tmpdir(), "secmetrics-quarterly-"));
    mkdirSync(join(folder, "postmortems"));
    for (const [name, text] of Object.entries(POSTMORTEMS))
      writeFileSync(join(folder, "postmortems", name), text);
    await importFile(store, {
      source: bufferSource("incidents.csv", INCIDENTS_CSV),
      format: "incidents-csv",
      options: { timezone: "UTC" },
      now: NOW,
    });
    await importFile(store, {
      source: directorySource(join(folder, "postmortems")),
      options: { timezone: "UTC", scannedAt: Date.parse("2026-09-30T12:00:00Z") },
      now: NOW,
    });
    report = await buildQuarterlyReport(store, "2026-Q3", ctx);
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await dispose();
  });

  const table = (id: string) => report.sections.find((section) => section.id === id);

  it("covers the quarter's three months", () => {
    expect(report.period).toEqual({
      id: "2026-Q3",
      start: "2026-07-01T00:00:00.000Z",
      end: "2026-10-01T00:00:00.000Z",
    });
    expect(report.months).toEqual(["2026-07", "2026-08", "2026-09"]);
  });

  it("shows each month's value of the learning metrics, and the program metrics over the quarter", () => {
    const program = report.trends.find((category) => category.id === "program");
    expect(program?.owner).toBe("CISO");
    expect(program?.rows.find((row) => row.id === "postmortem_coverage")?.months).toEqual([
      "100%",
      "0%",
      "0%",
    ]);
    const quarter = (id: string) => report.program.rows.find((row) => row.id === id)?.value;
    expect(quarter("postmortem_coverage")).toBeCloseTo(100 / 3, 6);
    expect(quarter("near_miss_ratio")).toBeCloseTo(2 / 3, 6);
  });

  it("lists the post-mortems published in the quarter with what they taught", () => {
    expect(table("postmortem_learnings")?.rows).toEqual([
      [
        "INC-2: Ransomware on a build host",
        "2026-07-05",
        "An unpatched build host was encrypted; builds stopped for ten hours.",
        "unpatched-host (The build host was left out of patching.)",
        "Every host needs an owner in the patching inventory.",
        "backups: effective; patching: failed",
      ],
      [
        "INC-3",
        "2026-08-20",
        "Two finance staff entered their passwords.",
        "phishing",
        "Push MFA is not enough.",
        "none",
      ],
    ]);
  });

  it("lists the action items overdue at the quarter's end", () => {
    expect(table("overdue_action_items")?.rows).toEqual([
      ["A-1", "Enrol build hosts in patching", "sre", "2026-08-01", "61", "postmortem INC-2"],
    ]);
  });

  it("lists the quarter's near-misses with their post-mortem's status", () => {
    expect(table("near_misses")?.rows).toEqual([
      ["NM-1", "Bucket almost made public", "2026-07-20", "low", "none"],
      ["NM-2", "Expired certificate caught in staging", "2026-09-02", "low", "draft"],
    ]);
  });

  it("flags an ended quarter nobody reviewed, first among the recommendations", () => {
    expect(report.review).toEqual({
      reviews: [],
      missing: true,
      summary: "Not reviewed: 2026-Q3 has ended and no review is recorded.",
    });
    expect(report.recommendations[0]).toMatchObject({
      id: "quarterly_review:review_missing:2026-Q3",
      kind: "review_missing",
      priority: "Medium",
      owner: "CISO",
    });
  });

  it("does not flag a quarter still running", async () => {
    const running = await buildQuarterlyReport(store, "2026-Q4", ctx);
    expect(running.review.missing).toBe(false);
    expect(running.review.summary).toBe("2026-Q4 has not ended yet; no review recorded so far.");
    expect(running.recommendations.some((r) => r.kind === "review_missing")).toBe(false);
  });

  it("shows who reviewed the quarter, when, and the decisions, once recorded", async () => {
    await recordQuarterlyReview(
      store,
      {
        quarter: "2026-Q3",
        reviewedBy: "CISO",
        reviewedAt: Date.parse("2026-10-14T09:00:00Z"),
        decisions: ["Patch every build host", "Security keys for finance"],
      },
      ctx,
    );
    const reviewed = await buildQuarterlyReport(store, "2026-Q3", ctx);
    expect(reviewed.review).toEqual({
      reviews: [
        {
          reviewed_by: "CISO",
          reviewed_at: "2026-10-14T09:00:00.000Z",
          decisions: ["Patch every build host", "Security keys for finance"],
        },
      ],
      missing: false,
      summary: "Reviewed by CISO on 2026-10-14 09:00 UTC.",
    });
    expect(reviewed.recommendations.some((r) => r.kind === "review_missing")).toBe(false);
    if (engine.name === "sqlite") {
      const markdown = renderMarkdown({ ...reviewed, generated_at: "2026-10-20T00:00:00.000Z" });
      await expect(markdown).toMatchFileSnapshot("__snapshots__/quarterly.md");
    }
  });

  it("refuses a period that is not a quarter", async () => {
    await expect(buildQuarterlyReport(store, "2026-09", ctx)).rejects.toThrow("2026-09 is not a quarter");
  });
});
