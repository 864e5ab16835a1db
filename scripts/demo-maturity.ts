/**
 * Northwind Payments' OWASP SAMM v2 self-assessments for the demo: the
 * baseline of 2026-04-20 as `samm-yaml` and the reassessment six months
 * later, 2026-10-20, as `samm-csv`. No randomness: the figures follow from
 * the answers below.
 *
 * The storyline: after the baseline the team invested in threat modelling,
 * security testing, metrics, requirements and architecture reviews; the
 * other practices stayed where they were.
 */
import type { DemoFile } from "./demo-operations.ts";

const SCOPE = "northwind";
const ASSESSOR = "Priya Nair";
/** Each practice's answers in SAMM's order: stream A levels 1–3, then stream B levels 1–3. */
type Answers = Record<string, readonly [number, number, number, number, number, number]>;

const BASELINE: Answers = {
  "G-SM": [0.5, 0, 0, 0.25, 0, 0],
  "G-PC": [1, 0.5, 0, 0.5, 0.25, 0],
  "G-EG": [1, 0.5, 0, 1, 0, 0],
  "D-TA": [0.25, 0, 0, 0, 0, 0],
  "D-SR": [0.5, 0.25, 0, 0.5, 0, 0],
  "D-SA": [1, 0.5, 0, 0.5, 0.25, 0],
  "I-SB": [1, 1, 0.5, 1, 0.5, 0],
  "I-SD": [1, 1, 0.25, 1, 0.5, 0],
  "I-DM": [1, 0.5, 0, 0.5, 0.25, 0],
  "V-AA": [0.25, 0, 0, 0, 0, 0],
  "V-RT": [0.5, 0, 0, 0.25, 0, 0],
  "V-ST": [1, 0.5, 0, 0.5, 0, 0],
  "O-IM": [1, 0.5, 0.25, 1, 0.5, 0],
  "O-EM": [1, 0.5, 0, 1, 0.5, 0],
  "O-OM": [0.5, 0, 0, 0.5, 0, 0],
};

const REASSESSMENT: Answers = {
  ...BASELINE,
  "G-SM": [1, 0.5, 0, 0.5, 0.25, 0],
  "D-TA": [1, 0.5, 0, 1, 0.25, 0],
  "D-SR": [1, 0.5, 0, 1, 0.25, 0],
  "V-AA": [0.5, 0.25, 0, 0.5, 0, 0],
  "V-ST": [1, 1, 0.25, 1, 0.5, 0],
};

/** Question id and answer, practice by practice, in the answers' order. */
function questions(answers: Answers): [string, number][] {
  return Object.entries(answers).flatMap(([practice, values]) =>
    values.map((value, index): [string, number] => [
      `${practice}-${(index % 3) + 1}-${index < 3 ? "A" : "B"}`,
      value,
    ]),
  );
}

function baseline(): DemoFile {
  const lines = questions(BASELINE).map(
    ([question, answer]) => `  - { question: ${question}, answer: ${answer} }`,
  );
  return {
    name: "samm-2026-04.yaml",
    text: [
      "# Northwind Payments: SAMM v2 baseline self-assessment (AppSec workshop)",
      `scope: ${SCOPE}`,
      "assessed_at: 2026-04-20",
      `assessor: ${ASSESSOR}`,
      "answers:",
      ...lines,
      "",
    ].join("\n"),
  };
}

function reassessment(): DemoFile {
  const rows = questions(REASSESSMENT).map(
    ([question, answer]) => `${SCOPE},2026-10-20,${ASSESSOR},${question},${answer}`,
  );
  return {
    name: "samm-2026-10.csv",
    text: ["scope,assessed_at,assessor,question,answer", ...rows, ""].join("\n"),
  };
}

/** The assessments, in import order. */
export function maturityFiles(): DemoFile[] {
  return [baseline(), reassessment()];
}
