import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { QuestionnaireAnswer } from "../../domains/trust/records.ts";
import { directorySource } from "../file-source.ts";
import type { ParsedItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { answerLibrary } from "./answer-library.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const SCANNED_AT = Date.parse("2026-10-01T00:00:00Z");

async function parse(path: string) {
  const items: ParsedItem[] = [];
  const context = { timezone: "UTC", file: "answers", scannedAt: SCANNED_AT };
  for await (const item of answerLibrary.parse(directorySource(path), context))
    items.push(item as ParsedItem);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record as QuestionnaireAnswer] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
    leftOut: items.flatMap((item) => ("leftOut" in item ? [item.leftOut] : [])),
  };
}

describe("questionnaire answer library (hand-made fixture answers/)", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("reads its 20 answers, one per file, and leaves the README out", async () => {
    // `ls answers/*.md | grep -vc README` → 20
    const { records, problems, leftOut } = await parse(fixture("answers"));
    expect(problems).toEqual([]);
    expect(leftOut).toEqual(["README.md: no answer front matter (no question)"]);
    expect(records).toHaveLength(20);
    expect(records.find((r) => r.external_id === "mfa.md")).toEqual({
      kind: "questionnaire_answer",
      feed: "answer-library",
      external_id: "mfa.md",
      snapshot_at: SCANNED_AT,
      question: "Do you enforce multi-factor authentication for all employees?",
      aliases: ["Is MFA required for workforce accounts?", "Do you require 2FA for staff?"],
      short_answer: "yes",
      answer:
        "Every workforce account signs in through the identity provider, which requires a hardware security key or an authenticator app. SMS codes are not accepted.",
      evidence: { documents: ["access-control-standard.md"], metrics: [], controls: ["AC-2", "IA-2(1)"] },
      frameworks: ["SOC 2 CC6.1", "ISO 27001 A.8.5"],
      owner: "Platform Engineering",
      approved_by: "CISO",
      approved_at: Date.parse("2026-01-15T00:00:00Z"),
      review_by: Date.parse("2036-06-30T00:00:00Z"),
    });
  });

  it("refuses an answer with an unknown short answer or no body, naming the file and line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secmetrics-answers-"));
    dirs.push(dir);
    mkdirSync(join(dir, "answers"));
    writeFileSync(
      join(dir, "answers", "a.md"),
      "---\nowner: Security\nquestion: Do you?\nshort_answer: maybe\n---\nWe do.\n",
    );
    writeFileSync(join(dir, "answers", "b.md"), "---\nquestion: Do you not?\nshort_answer: no\n---\n\n");
    expect((await parse(join(dir, "answers"))).problems).toEqual([
      { line: 1, problem: 'a.md:3: short_answer: "maybe" is not one of yes, no, partial, n.a.' },
      { line: 1, problem: "b.md:2: the answer (the Markdown below the front matter) is empty" },
    ]);
  });

  it("is detected for a folder of Markdown named for answers", () => {
    expect(detectImporter({ name: "answers", head: "", files: ["README.md", "mfa.md"] }).id).toBe(
      "answer-library",
    );
    expect(detectImporter({ name: "postmortems", head: "", files: ["inc-1.md"] }).id).toBe("postmortems");
  });
});
