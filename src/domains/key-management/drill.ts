import { formatSigningThreshold } from "../../model/key-custody.ts";
import type { Store } from "../../store/store.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import { judgeInventory } from "./compute.ts";
import { keyInputs } from "./queries.ts";

/**
 * One row per key of the inventory, by the same judgement as the value: the
 * non-compliant first, each with every rule it breaks in its note; then
 * the Safes no key names, which are not counted.
 */
export async function keyManagementDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const { keys, safes } = await keyInputs(store, period.end);
  const { judgements, undeclared } = judgeInventory(keys, safes, config.key_management, period.end);
  const keyRows = judgements
    .map(({ key, safe, violations, rotation_due_at, ceremony_due_at }) =>
      recordRow(
        key,
        key.snapshot_at,
        {
          purpose: key.purpose,
          custody: key.custody,
          declared: formatSigningThreshold(key),
          on_chain: safe === null ? null : `${safe.threshold}-of-${safe.owners.length}`,
          chain_id: key.chain_id,
          address: key.address,
          owner: key.owner,
          last_rotated_at: iso(key.last_rotated_at),
          rotation_due_at: iso(rotation_due_at),
          last_ceremony_at: iso(key.last_ceremony_at),
          ceremony_due_at: iso(ceremony_due_at),
          rules_broken: violations.map((v) => v.rule).join(", ") || null,
        },
        violations.length === 0,
        violations.length === 0 ? null : violations.map((v) => `${v.rule}: ${v.reason}`).join("; "),
      ),
    )
    .sort((a, b) => Number(a.counted) - Number(b.counted));
  const safeRows = undeclared.map((safe) =>
    recordRow(
      safe,
      safe.snapshot_at,
      {
        on_chain: `${safe.threshold}-of-${safe.owners.length}`,
        chain_id: safe.chain_id,
        address: safe.address,
        version: safe.version,
        modules: safe.modules.length,
      },
      false,
      "Safe not in the key inventory",
    ),
  );
  return [...keyRows, ...safeRows].slice(0, limit + 1);
}
