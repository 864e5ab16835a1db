/**
 * Northwind Payments' trust material for the demo: its CRM's deals export
 * (August → October 2026), two policies, and two evidence packs over them
 * and the rest of the demo store: a SOC 2 readiness pack for 2026-Q3 and a
 * customer security review pack for October. The demo imports the deals,
 * builds both packs, builds the first again to show it is byte-identical,
 * and verifies it. No randomness: the figures follow from the tables below.
 *
 * October's deals: 11 closed, 6 through the fast lane (54.5 %); of the other 5,
 * 4 reviewed in 6, 9, 14 and 31 days (median 11.5) and one still in review
 * at closing. September: 8 closed, 4 fast lane (50 %), reviews of 12, 18,
 * 21 and 25 days (median 19.5).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
