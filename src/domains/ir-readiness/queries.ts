import type { Stored } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { PERSON, type Person } from "../people/records.ts";
import { latestTabletops } from "../tabletops/queries.ts";
import type { Tabletop } from "../tabletops/records.ts";
import { IR_ROLE, type IrRole, RUNBOOK, type Runbook } from "./records.ts";

/** The plan's roles at `end` (its latest snapshot before it) and the people roster's, to check who holds them. */
export async function rolesAt(store: Store, end: number) {
  const [roles, people] = await Promise.all([
    store.snapshot<IrRole>(IR_ROLE.kind, end),
    store.snapshot<Person>(PERSON.kind, end),
  ]);
  return { roles, people };
}

/** The plan's runbooks at `end`, and every folder's latest tabletops: one held on time stays held. */
export async function runbooksAt(
  store: Store,
  end: number,
): Promise<{ runbooks: Stored<Runbook>[]; tabletops: Stored<Tabletop>[] }> {
  const [runbooks, tabletops] = await Promise.all([
    store.snapshot<Runbook>(RUNBOOK.kind, end),
    latestTabletops(store),
  ]);
  return { runbooks, tabletops };
}
