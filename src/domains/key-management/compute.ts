import type { KeyPolicy } from "../../config/key-management.ts";
import { formatSigningThreshold, type SigningThreshold } from "../../model/key-custody.ts";
import { iso } from "../drill-row.ts";
import { type MetricValue, percentValue } from "../metric-value.ts";
import type { KeyRecord, SafeState } from "./records.ts";

/** The rules a key can break, in the order a drill-down lists them. */
export const KEY_RULES = [
  "threshold_below_policy",
  "hot_key_forbidden",
  "onchain_threshold_mismatch",
  "rotation_overdue",
  "ceremony_overdue",
] as const;
export type KeyRule = (typeof KEY_RULES)[number];

export interface KeyViolation {
  rule: KeyRule;
  /** What is wrong, with the figures: "declared 3-of-5 differs from on-chain 2-of-5". */
  reason: string;
}

/** One key judged at an instant: its on-chain Safe when one is known, and the rules it breaks. */
export interface KeyJudgement<K extends KeyRecord = KeyRecord, S extends SafeState = SafeState> {
  key: K;
  safe: S | null;
  violations: KeyViolation[];
  /** When its next rotation falls due under the policy; null when its purpose has no rotation rule. */
  rotation_due_at: number | null;
  ceremony_due_at: number | null;
}

const MS = 1000;

/**
 * The Safe a multisig key names by its address: on its chain when both say
 * one, on any chain when the service's response carried none.
 */
function safeOf<S extends SafeState>(key: KeyRecord, safes: readonly S[]): S | null {
  if (key.address === null) return null;
  return (
    safes.find(
      (safe) =>
        safe.address === key.address &&
        (safe.chain_id === null || key.chain_id === null || safe.chain_id === key.chain_id),
    ) ?? null
  );
}

/** A deadline kept since `since` (null: never kept), `seconds` long; `what` names the event in the reason. */
function deadline(
  since: number | null,
  seconds: number | undefined,
  end: number,
  rule: KeyRule,
  what: string,
): { due_at: number | null; violation: KeyViolation | null } {
  if (seconds === undefined) return { due_at: null, violation: null };
  if (since === null) return { due_at: null, violation: { rule, reason: `no ${what} date recorded` } };
  const due = since + seconds * MS;
  return {
    due_at: due,
    violation:
      due < end
        ? { rule, reason: `last ${what} ${iso(since).slice(0, 10)}, due ${iso(due).slice(0, 10)}` }
        : null,
  };
}

/**
 * A key against the policy at `end`. The threshold rule reads the on-chain
 * threshold and owner count when the key's Safe is known (what it takes to
 * sign is what the chain enforces), the declared one otherwise; a Safe that
 * differs from the declaration is a violation of its own, as the inventory
 * is then wrong. Rotation runs from the last rotation, else the key's
 * creation; a key with neither date, or no ceremony date, breaks the rule.
 */
export function judgeKey<K extends KeyRecord, S extends SafeState>(
  key: K,
  safes: readonly S[],
  policy: KeyPolicy,
  end: number,
): KeyJudgement<K, S> {
  const violations: KeyViolation[] = [];
  const safe = key.custody === "multisig" ? safeOf(key, safes) : null;
  const declared: SigningThreshold = { threshold: key.threshold, signers: key.signers };
  const onChain: SigningThreshold | null =
    safe === null ? null : { threshold: safe.threshold, signers: safe.owners.length };
  const effective = onChain ?? declared;
  const minimum = policy.min_threshold[key.purpose];
  if (minimum && (effective.threshold < minimum.threshold || effective.signers < minimum.signers))
    violations.push({
      rule: "threshold_below_policy",
      reason: `${formatSigningThreshold(effective)}${onChain ? " on-chain" : ""} is below ${formatSigningThreshold(minimum)} for ${key.purpose} keys`,
    });
  if (key.custody === "hot" && policy.no_hot_keys.includes(key.purpose))
    violations.push({ rule: "hot_key_forbidden", reason: `${key.purpose} keys may not be held hot` });
  if (onChain && (onChain.threshold !== declared.threshold || onChain.signers !== declared.signers))
    violations.push({
      rule: "onchain_threshold_mismatch",
      reason: `declared ${formatSigningThreshold(declared)} differs from on-chain ${formatSigningThreshold(onChain)}`,
    });
  const rotation = deadline(
    key.last_rotated_at ?? key.created_at,
    policy.rotation[key.purpose],
    end,
    "rotation_overdue",
    key.last_rotated_at === null && key.created_at !== null ? "creation" : "rotation",
  );
  const ceremony = deadline(
    key.last_ceremony_at,
    policy.ceremony[key.purpose],
    end,
    "ceremony_overdue",
    "ceremony",
  );
  for (const violation of [rotation.violation, ceremony.violation]) if (violation) violations.push(violation);
  return { key, safe, violations, rotation_due_at: rotation.due_at, ceremony_due_at: ceremony.due_at };
}

/** Each key of the inventory judged, in key order, and the Safes no key names. */
export function judgeInventory<K extends KeyRecord, S extends SafeState>(
  keys: readonly K[],
  safes: readonly S[],
  policy: KeyPolicy,
  end: number,
): { judgements: KeyJudgement<K, S>[]; undeclared: S[] } {
  const judgements = [...keys]
    .sort((a, b) => a.external_id.localeCompare(b.external_id))
    .map((key) => judgeKey(key, safes, policy, end));
  // A Safe at a key's address on another chain is another Safe, with owners of its own: undeclared.
  const named = new Set(judgements.flatMap((j) => (j.safe ? [j.safe] : [])));
  const undeclared = safes
    .filter((safe) => !named.has(safe))
    .sort((a, b) => a.external_id.localeCompare(b.external_id));
  return { judgements, undeclared };
}

/**
 * key_management_compliance: the share of the inventory's keys that break
 * no rule. Details: the count of keys breaking each rule, the multisig keys
 * with an address no imported Safe matches (declared, not reconciled), and
 * the Safes of the service no key names (held, not declared).
 */
export function keyManagementCompliance(
  { judgements, undeclared }: ReturnType<typeof judgeInventory>,
  safesKnown: boolean,
): MetricValue {
  const byRule = Object.fromEntries(KEY_RULES.map((rule) => [rule, 0])) as Record<KeyRule, number>;
  for (const { violations } of judgements)
    for (const rule of new Set(violations.map((v) => v.rule))) byRule[rule]++;
  const compliant = judgements.filter((j) => j.violations.length === 0).length;
  return percentValue(compliant, judgements.length, "no key in the key inventory at the period end", {
    keys: judgements.length,
    violations_by_rule: byRule,
    ...(safesKnown
      ? {
          unreconciled_multisigs: judgements
            .filter((j) => j.key.custody === "multisig" && j.key.address !== null && j.safe === null)
            .map((j) => j.key.external_id),
          undeclared_safes: undeclared.map((safe) => safe.external_id),
        }
      : {}),
  });
}
