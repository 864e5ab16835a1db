import type { BountyOutcome, BountyReport } from "../../domains/bug-bounty/records.ts";
import { parseTimestamp } from "../../model/time.ts";
import type { FieldReader } from "./fields.ts";

/**
 * A bounty platform's timestamp: ISO 8601, or HackerOne's and Bugcrowd's
 * CSV form "2024-05-12 04:05:27 UTC".
 */
export function platformTime(fields: FieldReader, name: string, zone: string): number | null {
  const text = fields.text(name);
  if (text === null) return null;
  const ms = parseTimestamp(text.replace(/ UTC$/, "Z"), zone);
  if (ms === undefined) fields.problems.push(`${name}: "${text}" is not a timestamp`);
  return ms ?? null;
}

/** The platform's state word to what the program decided; an unknown word is a row problem. */
export function outcomeOf(
  fields: FieldReader,
  name: string,
  outcomes: Readonly<Record<string, BountyOutcome>>,
): { state: string; outcome: BountyOutcome } {
  const state = fields.text(name)?.toLowerCase() ?? null;
  if (state === null) {
    fields.problems.push(`${name} is required`);
    return { state: "", outcome: "pending" };
  }
  const outcome = outcomes[state];
  if (outcome === undefined)
    fields.problems.push(`${name}: "${state}" is not one of ${Object.keys(outcomes).join(", ")}`);
  return { state, outcome: outcome ?? "pending" };
}

/** A sum of money columns, blanks as 0: a report's bounty and bonus. */
export function amount(fields: FieldReader, ...names: string[]): number {
  let total = 0;
  for (const name of names) {
    const text = fields.text(name);
    if (text === null) continue;
    const value = Number(text);
    if (Number.isFinite(value) && value >= 0) total += value;
    else fields.problems.push(`${name}: "${text}" is not an amount`);
  }
  return total;
}

/** The report, once each milestone is checked against the submission: none may precede it. */
export function bountyReport(fields: FieldReader, report: Omit<BountyReport, "kind">): BountyReport {
  for (const [name, at] of [
    ["first response", report.first_response_at],
    ["triage", report.triaged_at],
    ["bounty", report.bounty_at],
    ["resolution", report.resolved_at],
  ] as const)
    if (at !== null && at < report.reported_at) fields.problems.push(`the ${name} is before the submission`);
  return { kind: "bounty_report", ...report };
}
