import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { directorySource } from "../importers/file-source.ts";
import { findPostmortem, publicPostmortem } from "./public-postmortem.ts";

const FOLDER = fileURLToPath(new URL("fixtures/public-postmortems", import.meta.url));
const NORTHWIND = fileURLToPath(new URL("../importers/postmortems/fixtures/northwind", import.meta.url));
const BRIDGE = readFileSync(`${FOLDER}/2026-10-02-bridge-pause.md`, "utf8");
const policy = parseConfig({
  public_postmortems: { redact_names: ["Dana Whitfield", "Lee Park"] },
}).public_postmortems;

/** Every internal text of the fixture: none may reach the public version. */
const INTERNAL_TEXTS = [
  "Reviewer: legal", // YAML comment
  "Dana Whitfield", // authors, summary, actions' owner, timeline: redacted or removed
  "Lee Park", // authors, pager escalation
  "PM-120-1", // actions (default internal key)
  "guardian-key-rotation", // controls_reviewed (default internal key)
  "Acme Bank", // customer (listed under internal:), internal_notes, the internal block
  "2.1 M USDC",
  "ask legal", // an HTML comment
  "08:20 pause signed", // the (internal) section
  "Pager escalations", // its sub-section
  "guardian runbook was out of date", // the [internal] section
  "internal:",
];

describe("the public version of a post-mortem", () => {
  const { markdown, removed } = publicPostmortem(BRIDGE, "bridge.md", policy);

  it.each(INTERNAL_TEXTS)("never shows %s", (text) => {
    expect(markdown).not.toContain(text);
  });

  it("keeps the rest, sections and code as written", () => {
    expect(markdown).toContain("event: INC-120\n");
    expect(markdown).toContain("root_causes:\n  - category: key-rotation\n");
    expect(markdown).toContain("## Impact\n\nNo funds were lost.\n\n## Detection\n");
    // A marker inside a fenced code block is code, not a marking: the heading stays.
    expect(markdown).toContain("```text\n## This heading is code (internal)\n");
    expect(markdown).toContain("## What we changed\n\nRetired keys are now removed");
    expect(markdown).toContain("[redacted] led the response.");
  });

  it("counts what it removed", () => {
    // Fields: actions, authors, controls_reviewed (the defaults), customer (the file's internal: list),
    // internal itself, internal_notes (internal_*). Sections: Timeline (internal) with its sub-section,
    // Lessons Learned [internal]. One block. Comments: the reviewer's, and the one inside the code block.
    // Redacted: "Dana Whitfield" in the summary, the only name left after the removals.
    expect(removed).toEqual({
      fields: ["actions", "authors", "controls_reviewed", "customer", "internal", "internal_notes"],
      sections: 2,
      blocks: 1,
      comments: 2,
      redactions: 1,
    });
  });

  it("refuses a post-mortem that is not published", async () => {
    const { name, text } = await findPostmortem(directorySource(NORTHWIND), "INC-104");
    expect(() => publicPostmortem(text, name, policy)).toThrow(
      "northwind/2026-09-05-phishing.md: the post-mortem of INC-104 is in_review, not published",
    );
  });

  it("names the event it cannot find", async () => {
    await expect(findPostmortem(directorySource(NORTHWIND), "INC-999")).rejects.toThrow(
      "no post-mortem of INC-999 in northwind",
    );
  });

  it.each([
    [
      "an internal block never closed",
      "<!-- internal -->",
      "<!-- internal --> is never closed by <!-- /internal -->",
    ],
    ["an HTML comment never closed", "<!-- note", "an HTML comment (<!--) is never closed"],
  ])("refuses %s, naming its line", (_case, marker, reason) => {
    // Front matter on lines 1–4, a blank line, the heading, the marker on line 7.
    const text = `---\nevent: X\nstatus: published\n---\n\n## Summary\n${marker}\nsecret\n`;
    expect(() => publicPostmortem(text, "x.md", policy)).toThrow(`x.md:7: ${reason}`);
  });

  it("refuses an internal: that is not a list of keys", () => {
    const text = "---\nevent: X\nstatus: published\ninternal: customer\n---\n";
    expect(() => publicPostmortem(text, "x.md", policy)).toThrow(
      "x.md:4: internal: expected a list of front-matter keys",
    );
  });
});
