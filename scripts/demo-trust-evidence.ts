/**
 * Northwind Payments' trust material for the demo: its CRM's deals export
 * (August → October 2026), two policies, and two evidence packs over them
 * and the rest of the demo store: a SOC 2 readiness pack for 2026-Q3 and a
 * customer security review pack for October; and its questionnaire answer
 * library (8 answers) with a questionnaire of 12 questions from a prospect,
 * sent as a spreadsheet and returned filled as one.
 * The demo imports the deals and the library, fills the questionnaire,
 * builds both packs, builds the first again to show it is byte-identical,
 * and verifies it. No randomness: the figures follow from the tables below.
 *
 * October's deals: 11 closed, 6 through the fast lane (54.5 %); of the other 5,
 * 4 reviewed in 6, 9, 14 and 31 days (median 11.5) and one still in review
 * at closing. September: 8 closed, 4 fast lane (50 %), reviews of 12, 18,
 * 21 and 25 days (median 19.5).
 *
 * The questionnaire, judged on October's figures: 9 of its 12 questions
 * match an answer; 3 of those are flagged (patching: vuln_sla_missed missed
 * its target in October; training: training_compliance missed; physical
 * security: past review), so 6 are answered (50 %); 3 (insurance, AI,
 * personal devices) are left for a human.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workbookBytes } from "../src/report/xlsx-workbook.ts";

/** id, customer, opened, addendum accepted, review started, review ended, closed ("" when not yet). */
const DEALS: readonly (readonly [string, string, string, boolean, string, string, string])[] = [
  ["NW-2601", "Aster Travel", "2026-07-06", false, "2026-07-13", "2026-07-27", "2026-08-11"],
  ["NW-2602", "Birchwood Hotels", "2026-07-14", true, "", "", "2026-08-19"],
  ["NW-2603", "Cedar Freight", "2026-07-20", false, "2026-07-28", "2026-08-24", "2026-08-31"],
  ["NW-2604", "Dune Outdoor", "2026-08-03", true, "", "", "2026-09-02"],
  ["NW-2605", "Elm Street Books", "2026-08-05", false, "2026-08-10", "2026-08-22", "2026-09-08"],
  ["NW-2606", "Fern Clinics", "2026-08-10", true, "", "", "2026-09-10"],
  ["NW-2607", "Glacier Sports", "2026-08-12", false, "2026-08-17", "2026-09-04", "2026-09-15"],
  ["NW-2608", "Heron Florists", "2026-08-18", true, "", "", "2026-09-17"],
  ["NW-2609", "Ivy Learning", "2026-08-24", false, "2026-08-26", "2026-09-16", "2026-09-22"],
  ["NW-2610", "Jade Cosmetics", "2026-08-31", true, "", "", "2026-09-24"],
  ["NW-2611", "Kelp Seafood", "2026-09-01", false, "2026-09-03", "2026-09-28", "2026-09-30"],
  ["NW-2612", "Larch Furniture", "2026-09-02", true, "", "", "2026-10-01"],
  ["NW-2613", "Maple Pharmacy", "2026-09-07", false, "2026-09-09", "2026-09-15", "2026-10-02"],
  ["NW-2614", "Nettle Garden Supply", "2026-09-09", true, "", "", "2026-10-06"],
  ["NW-2615", "Oak & Iron", "2026-09-14", true, "", "", "2026-10-08"],
  ["NW-2616", "Pine Ridge Insurance", "2026-09-16", false, "2026-09-21", "2026-10-22", "2026-10-27"],
  ["NW-2617", "Quill Stationers", "2026-09-21", true, "", "", "2026-10-13"],
  ["NW-2618", "Rowan Vets", "2026-09-23", false, "2026-09-28", "2026-10-07", "2026-10-15"],
  ["NW-2619", "Sage Dental", "2026-09-28", true, "", "", "2026-10-20"],
  ["NW-2620", "Thistle Bank", "2026-10-01", false, "2026-10-05", "2026-10-19", "2026-10-26"],
  ["NW-2621", "Umber Coffee", "2026-10-05", true, "", "", "2026-10-29"],
  ["NW-2622", "Vine Wine Club", "2026-10-07", false, "2026-10-12", "", "2026-10-30"],
  ["NW-2623", "Willow Kids", "2026-10-14", false, "2026-10-19", "", ""],
  ["NW-2624", "Yarrow Energy", "2026-10-20", true, "", "", ""],
];

const POLICIES: Record<string, string> = {
  "information-security-policy.md": `# Northwind Payments information security policy

Owner: CISO. Approved by the board on 2026-03-12; reviewed every year.

Every system that stores or processes cardholder or customer data has an
owner, a classification and a tier. Tier 0 and 1 systems are hardened to
their baseline, scanned at least weekly, and patched within the SLAs of the
vulnerability management standard (critical 7 days, high 30).
`,
  "access-control-standard.md": `# Access control standard

Owner: Platform Engineering. Version 3, 2026-06-01.

Access is granted by role, reviewed every quarter, and removed within one
working day of a leaver's last day. Administrative access needs a hardware
key; service tokens expire within 90 days.
`,
};

const PACKS: Record<string, string> = {
  "soc2-2026-q3": `name: SOC 2 readiness, 2026-Q3
period: 2026-Q3
contents:
  reports: [scorecard, iteration]
  metrics: [vuln_sla_missed, mttr, controls_health, open_exceptions, privileged_accounts]
  documents:
    - ../policies/information-security-policy.md
    - ../policies/access-control-standard.md
  oscal_poam:
    system_id: northwind-payments
`,
  "customer-review-2026-10": `name: Customer security review, October 2026
period: 2026-10
contents:
  reports: [scorecard]
  metrics: [fast_lane_share, security_review_cycle_time, vuln_sla_missed, open_critical_vulnerabilities]
  documents:
    - ../policies/information-security-policy.md
`,
};

/** slug → question, aliases, short answer, evidence metrics, review by, answer. */
const ANSWERS: Record<string, [string, string[], string, string[], string, string]> = {
  mfa: [
    "Do you enforce multi-factor authentication for all employees?",
    ["Is MFA required for workforce accounts?"],
    "yes",
    ["privileged_accounts"],
    "2027-03-31",
    "Every workforce account signs in through the identity provider with a hardware key or an authenticator app.",
  ],
  "encryption-at-rest": [
    "Is customer data encrypted at rest?",
    ["Do you encrypt stored data?"],
    "yes",
    [],
    "2027-03-31",
    "Databases, object storage and volumes are encrypted with AES-256 under keys held in the cloud KMS.",
  ],
  "vulnerability-management": [
    "Do you patch critical vulnerabilities within 7 days?",
    ["How quickly are critical vulnerabilities patched?"],
    "yes",
    ["vuln_sla_missed"],
    "2027-03-31",
    "Critical findings are fixed within 7 days and high within 30, tracked from the scanners' own reports.",
  ],
  "incident-response": [
    "Do you have a documented incident response plan?",
    ["Is there an incident response process?"],
    "yes",
    ["mttr"],
    "2027-03-31",
    "The incident response plan sets severities, roles and customer communication; it is rehearsed twice a year.",
  ],
  "access-reviews": [
    "Are user access rights reviewed periodically?",
    ["Do you perform quarterly access reviews?"],
    "yes",
    [],
    "2027-03-31",
    "Managers review their teams' access to production and finance systems every quarter.",
  ],
  "security-training": [
    "Do employees receive security awareness training?",
    ["Is security training mandatory annually?"],
    "yes",
    ["training_compliance"],
    "2027-03-31",
    "Everyone completes security awareness training when they join and every year after.",
  ],
  "penetration-testing": [
    "Do you perform an annual third-party penetration test?",
    ["How often are external penetration tests performed?"],
    "yes",
    [],
    "2027-03-31",
    "An independent firm tests the payment platform every year and after major changes.",
  ],
  "physical-security": [
    "Are your data centers physically secured?",
    [],
    "n.a.",
    [],
    "2026-06-30",
    "Northwind runs no data centers: physical security is the cloud provider's, covered by its SOC 2 report.",
  ],
};

const QUESTIONNAIRE = [
  "Is multi-factor authentication required for all employees?",
  "Do you encrypt stored data?",
  "How quickly are critical vulnerabilities patched?",
  "Do you have a documented incident response plan?",
  "Do you perform quarterly access reviews?",
  "Is security training mandatory annually?",
  "How often are external penetration tests performed?",
  "Are your data centers physically secured?",
  "Is customer data encrypted at rest?",
  "Do you hold cyber insurance?",
  "Do you use AI models on customer data?",
  "May employees use personal devices for work?",
];

function answerFile([question, aliases, short, metrics, reviewBy, body]: (typeof ANSWERS)[string]): string {
  return [
    "---",
    `question: ${JSON.stringify(question)}`,
    `aliases: ${JSON.stringify(aliases)}`,
    `short_answer: ${JSON.stringify(short)}`,
    `evidence: { metrics: ${JSON.stringify(metrics)} }`,
    "owner: Security",
    "approved_by: CISO",
    "approved_at: 2026-02-01",
    `review_by: ${reviewBy}`,
    "---",
    "",
    body,
    "",
  ].join("\n");
}

function dealsCsv(): string {
  const header =
    "id,customer,opened_at,accepted_addendum,security_review_started_at,security_review_ended_at,closed_at";
  const rows = DEALS.map(([id, customer, ...rest]) =>
    [
      id,
      customer,
      ...rest.map((value) => (typeof value === "boolean" ? (value ? "yes" : "no") : value)),
    ].join(","),
  );
  return [header, ...rows, ""].join("\n");
}

/**
 * Writes the deals, policies and packs under `dir`, imports the deals,
 * builds both packs into `dir/evidence`, rebuilds the first and verifies it,
 * all through `run` (the CLI, as the demo runs it).
 */
export async function demoTrustEvidence(
  run: (...args: string[]) => Promise<void>,
  dir: string,
): Promise<void> {
  const deals = join(dir, "data", "deals-2026-10.csv");
  mkdirSync(join(dir, "data"), { recursive: true });
  writeFileSync(deals, dealsCsv());
  for (const [name, text] of Object.entries(POLICIES)) {
    mkdirSync(join(dir, "policies"), { recursive: true });
    writeFileSync(join(dir, "policies", name), text);
  }
  for (const [name, text] of Object.entries(PACKS)) {
    mkdirSync(join(dir, "evidence-packs"), { recursive: true });
    writeFileSync(join(dir, "evidence-packs", `${name}.yaml`), text);
  }
  await run("import", "--no-progress", deals);
  const answers = join(dir, "answers");
  mkdirSync(answers, { recursive: true });
  for (const [slug, answer] of Object.entries(ANSWERS))
    writeFileSync(join(answers, `${slug}.md`), answerFile(answer));
  // The library as it stood at the end of October, so October's figures count its answers past review.
  await run("import", "--no-progress", "--scanned-at", "2026-10-31T18:00:00Z", answers);
  // The prospect sends a spreadsheet, a title above its header row; it gets one back, answers beside the questions.
  const questionnaire = join(dir, "data", "prospect-questionnaire.xlsx");
  writeFileSync(
    questionnaire,
    workbookBytes([
      {
        name: "Vendor security",
        rows: [
          ["Vendor security questionnaire: payment processing"],
          [],
          ["Ref", "Question", "Comments"],
          ...QUESTIONNAIRE.map((q, i) => [`Q${i + 1}`, q]),
        ],
        merges: [{ top: 0, left: 0, bottom: 0, right: 2 }],
      },
    ]),
  );
  console.log("");
  await run(
    "questionnaire",
    "fill",
    questionnaire,
    "--period",
    "2026-10",
    "--filled-at",
    "2026-10-31T20:00:00Z",
    "--out",
    join(dir, "reports", "prospect-questionnaire-filled.xlsx"),
  );
  console.log("\nEvidence packs:");
  const zips = Object.keys(PACKS).map((name) => join(dir, "evidence", `${name}.zip`));
  for (const [index, name] of Object.keys(PACKS).entries())
    await run(
      "evidence",
      "build",
      join(dir, "evidence-packs", `${name}.yaml`),
      "--out",
      zips[index] as string,
    );
  const [first] = zips as [string];
  const again = first.replace(/\.zip$/, ".again.zip");
  await run(
    "evidence",
    "build",
    join(dir, "evidence-packs", `${Object.keys(PACKS)[0]}.yaml`),
    "--out",
    again,
  );
  console.log(`rebuilt: ${readFileSync(again).equals(readFileSync(first)) ? "byte-identical" : "DIFFERENT"}`);
  await run("evidence", "verify", first);
}
