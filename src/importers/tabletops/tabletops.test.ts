import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ActionItem } from "../../domains/action-items/records.ts";
import type { Tabletop } from "../../domains/tabletops/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { directorySource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { tabletopsFolder } from "./tabletops.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED_AT = Date.parse("2026-10-05T12:00:00Z");

async function parse(path: string) {
  const items: RecordItem<Tabletop | ActionItem>[] = [];
  const ctx = { timezone: "UTC", file: "folder", scannedAt: SCANNED_AT };
  for await (const item of tabletopsFolder.parse(directorySource(path), ctx)) items.push(item);
  const records = items.flatMap((item) => ("record" in item ? [item.record] : []));
  return {
    tabletops: records.filter((r): r is Tabletop => r.kind === "tabletop"),
    actions: records.filter((r): r is ActionItem => r.kind === "action_item"),
    problems: items.flatMap((item) => ("problem" in item ? [item.problem] : [])),
    leftOut: items.flatMap((item) => ("leftOut" in item ? [item.leftOut] : [])),
  };
}

const sample = (name: string, files: string[]) => ({ name, head: "", files });

describe("tabletops folder (hand-made fixtures in the HSEEP AAR/IP shape)", () => {
  it("is detected by its name, before a post-mortems folder of Markdown is", () => {
    const folder = directorySource(fixture("northwind-tabletops"));
    expect(
      detectImporter(
        sample(
          folder.name,
          folder.files.map((f) => f.path),
        ),
      ).id,
    ).toBe("tabletops");
    expect(detectImporter(sample("exercises", ["2026-q1-ttx.md", "README.md"])).id).toBe("tabletops");
    expect(detectImporter(sample("postmortems", ["2026-08-03-leak.md", "README.md"])).id).toBe("postmortems");
  });

  it("reads one tabletop per file with front matter, and leaves the README out", async () => {
    // ls fixtures/northwind-tabletops/*.md → 4 files; grep -l '^id:' → 3, README.md has no front matter.
    const { tabletops, problems, leftOut } = await parse(fixture("northwind-tabletops"));
    expect(problems).toEqual([]);
    expect(leftOut).toEqual(["README.md: no tabletop front matter (no id)"]);
    expect(
      tabletops.map((t) => [t.external_id, t.quarter, t.postmortem, t.runbooks_updated.length, t.actions]),
    ).toEqual([
      ["TTX-2026-Q1", "2026-Q1", "aar/2026-Q1-data-breach.md", 2, 2],
      // `quarter: Q2` with a July date: the year is the date's, the quarter the one given.
      ["TTX-2026-Q2", "2026-Q2", "aar/2026-Q2-ransomware.md", 1, 1],
      // No quarter given: that of 2026-09-17. No runbooks_updated: incomplete.
      ["TTX-2026-Q3", "2026-Q3", "aar/2026-Q3-insider.md", 0, 2],
    ]);
    // `runbooks`: what each exercise ran, by the plan's runbook id or link; none named in Q3.
    expect(tabletops.map((t) => t.runbooks_exercised)).toEqual([
      ["RB-data-breach", "runbooks/regulator-notification.md"],
      ["runbooks/ransomware.md"],
      [],
    ]);
    expect(tabletops[0]).toMatchObject({
      feed: "tabletops",
      file: "2026-03-12-ttx-data-breach.md",
      snapshot_at: SCANNED_AT,
      date: Date.parse("2026-03-12T14:00:00Z"),
      facilitator: "Priya Raman",
      objectives: [
        {
          objective: "Detect the exfiltration from the warehouse's egress logs within one hour",
          rating: "S",
        },
        { objective: "Decide on regulator and customer notification within 72 hours", rating: "P" },
        { objective: "Revoke and rotate every analytics credential", rating: "M" },
      ],
      strengths: ["Legal had the notification templates ready and knew the 72-hour clock."],
      attributes: {},
    });
    expect(tabletops[0]?.participants.map((p) => p.role)).toEqual([
      "security",
      "devops",
      "legal",
      "comms",
      "exec_sponsor",
    ]);
    expect(tabletops[0]?.improvements).toHaveLength(2);
  });

  it("turns each tabletop's actions into action items of origin tabletop", async () => {
    // grep -c '^  - id:' under actions: → 2 + 1 + 2 = 5.
    const { actions } = await parse(fixture("northwind-tabletops"));
    expect(actions.map((a) => [a.external_id, a.status, a.origin, a.origin_ref])).toEqual([
      ["TTX-1-1", "done", "tabletop", "TTX-2026-Q1"],
      ["TTX-1-2", "done", "tabletop", "TTX-2026-Q1"],
      ["TTX-2-1", "open", "tabletop", "TTX-2026-Q2"],
      ["TTX-3-1", "done", "tabletop", "TTX-2026-Q3"],
      ["TTX-3-2", "not_doing", "tabletop", "TTX-2026-Q3"],
    ]);
    expect(actions[0]).toMatchObject({
      feed: "tabletops",
      // No created_at: the exercise's date, when the actions were agreed.
      created_at: Date.parse("2026-03-12T14:00:00Z"),
      verified_at: Date.parse("2026-04-20T00:00:00Z"),
      verified_by: "priya",
      ticket: "SEC-501",
    });
  });

  it("refuses front matter that does not parse, naming the file and its line", async () => {
    // broken-tabletops/…: `runbooks_updated: [runbooks/supply-chain.md` on line 5 is never closed;
    // the parser finds out on line 6, where the next key begins.
    const refused = parse(fixture("broken-tabletops"));
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toThrow(/broken-tabletops\/2026-12-01-ttx-supply-chain\.md:6: /);
  });

  it("reports the fields it cannot read as one problem naming the file and the id's line", async () => {
    const { problems, tabletops } = await parse(fixture("invalid-tabletops"));
    expect(tabletops).toEqual([]);
    expect(problems).toEqual([
      '2026-12-02-ttx-supply-chain.md:2: quarter: "Q5" is not a quarter (Q2 or 2026-Q2); objectives[0]: rating: "X" is not one of P, S, M, U',
    ]);
  });
});
