import { DateTime } from "../../model/luxon.ts";
import type { Provenance } from "../../model/records.ts";
import type { Store } from "../../store/store.ts";
import { actionItemState } from "../action-items/compute.ts";
import type { DrillContext } from "../domain-pack.ts";
import { type DrillRow, iso, recordRow } from "../drill-row.ts";
import {
  isOwedAction,
  judgeQuarters,
  missingOutputs,
  type QuarterJudgement,
  tabletopPolicy,
} from "./compute.ts";
import { latestTabletops, tabletopActionsAt } from "./queries.ts";
import type { Tabletop } from "./records.ts";

/** The drill row kind of a quarter of the schedule, held or not. */
const TABLETOP_QUARTER = "tabletop_quarter";

const NO_PROVENANCE: Provenance = { import_id: 0, file_name: "", sha256: "", imported_at: 0, line: 0 };

/**
 * Each quarter of the year so far with its verdict and why, the on-time
 * ones counted. A quarter nobody held has no record: it cites the latest
 * tabletops folder read, the one that lacks it.
 */
export async function tabletopQuarterDrill(
  store: Store,
  _metricId: string,
  { period, config }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const policy = tabletopPolicy(config);
  const tabletops = await latestTabletops(store);
  const lastRead = [...tabletops].sort((a, b) => b.snapshot_at - a.snapshot_at)[0];
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: policy.timezone }).toISODate();
  return judgeQuarters(period, tabletops, policy)
    .slice(0, limit + 1)
    .map((judgement) => {
      const { quarter, verdict, tabletop } = judgement;
      const absent = tabletop === null ? [] : quarter.roles.filter((role) => !rolesOf(tabletop).has(role));
      return {
        kind: TABLETOP_QUARTER,
        id: quarter.id,
        fields: {
          at: iso(tabletop?.date ?? quarter.due),
          quarter: quarter.slot,
          scenario: quarter.scenario,
          owner: quarter.owner,
          due_by: day(quarter.due - 1),
          verdict,
          tabletop: tabletop?.external_id ?? null,
          held_at: iso(tabletop?.date ?? null),
          held_scenario: tabletop?.scenario ?? null,
          file: tabletop?.file ?? null,
          missing_outputs: tabletop === null ? null : missingOutputs(tabletop).join(", ") || null,
          roles_absent: absent.join(", ") || null,
        },
        counted: verdict === "on_time",
        note: quarterNote(judgement, day),
        provenance: tabletop?.provenance ?? lastRead?.provenance ?? NO_PROVENANCE,
      };
    });
}

const OUTPUT_WORDS = {
  postmortem: "no post-mortem",
  runbooks_updated: "no runbook updated",
  actions: "no action item",
};

/** Why a quarter does not count, in words a review can quote; null when it does. */
function quarterNote({ quarter, verdict, tabletop }: QuarterJudgement, day: (ms: number) => string | null) {
  const dueBy = day(quarter.due - 1);
  const missing =
    tabletop === null
      ? ""
      : missingOutputs(tabletop)
          .map((output) => OUTPUT_WORDS[output])
          .join(", ");
  switch (verdict) {
    case "on_time":
      return null;
    case "not_held":
      return `not held by ${dueBy}`;
    case "held_late":
      return `held ${day(tabletop?.date ?? 0)}, after its due date ${dueBy}`;
    case "incomplete":
      return `held ${day(tabletop?.date ?? 0)}: ${missing}`;
    default:
      return tabletop === null ? `due by ${dueBy}` : `due by ${dueBy}: ${missing}`;
  }
}

function rolesOf(tabletop: Tabletop): Set<string> {
  return new Set(tabletop.participants.map((participant) => participant.role));
}

/**
 * The tabletops' action items of the registers' latest snapshots before the
 * period end: the verified ones counted, the others with their state, the
 * dropped and the not yet created left out of the rate.
 */
export async function tabletopActionDrill(
  store: Store,
  _metricId: string,
  { period }: DrillContext,
  limit: number,
): Promise<DrillRow[]> {
  const items = await tabletopActionsAt(store, period.end);
  return items.slice(0, limit + 1).map((item) => {
    const state = actionItemState(item, period.end);
    const owed = isOwedAction(item, period.end);
    return recordRow(
      item,
      item.snapshot_at,
      {
        title: item.title,
        tabletop: item.origin_ref,
        owner: item.owner,
        status: item.status,
        state,
        created_at: iso(item.created_at),
        due_at: iso(item.due_at),
        verified_at: iso(item.verified_at),
        verified_by: item.verified_by,
      },
      owed && state === "verified",
      !owed
        ? item.status === "not_doing"
          ? "decided against: left out"
          : "created after the period"
        : state === "verified"
          ? null
          : state === "unverified"
            ? "done, not verified"
            : state,
    );
  });
}
