import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { latestFeedSnapshot } from "../domains/exceptions/queries.ts";
import type { RiskException } from "../domains/exceptions/records.ts";
import { EXCEPTION } from "../domains/exceptions/records.ts";
import { SecmetricsError } from "../model/errors.ts";
import type { Stored } from "../model/records.ts";
import { type NewAuditEntry, writeAuditEntries } from "../store/auth-store.ts";
import type { Store } from "../store/store.ts";
import { decideException, type ExceptionAction } from "./exception-rules.ts";

/** The feed the dashboard and the CLI keep their exceptions in; imported registers are other feeds. */
export const DASHBOARD_FEED = "dashboard";
/** The import format of the register's snapshots, so the imports list tells them from files. */
export const DASHBOARD_FORMAT = "dashboard";

/** Who acts, when, and from where (null from the CLI): recorded in the audit log. */
export interface ExceptionActor {
  actor: string;
  now: number;
  ip: string | null;
}

export interface ExceptionChange {
  action: ExceptionAction["action"];
  id: string;
  before: RiskException | null;
  after: RiskException;
  /** The instant of the new snapshot of the register, and the import that holds it. */
  snapshot_at: number;
  import_id: number;
}

/**
 * Applies `action` to the dashboard's register: writes a new snapshot of the
 * feed (the latest one with the change applied) at the action's instant, and
 * its audit entry, in the one transaction of `importRecords`. Every metric,
 * report and drill-down reads the feed like any other register, each period
 * from the snapshot in force at its end; a rule refused, or a write failed,
 * leaves neither snapshot nor entry.
 */
export async function changeException(
  store: Store,
  action: ExceptionAction,
  who: ExceptionActor,
): Promise<ExceptionChange> {
  if (action.action !== "request") await refuseImported(store, action.id, who.now);
  let change: ExceptionChange | undefined;
  const imported = await store.importRecords(
    {
      format: DASHBOARD_FORMAT,
      feed: DASHBOARD_FEED,
      file_name: `exceptions register: ${action.action} ${action.action === "request" ? "" : `${action.id} `}by ${who.actor}`,
      // No file behind it: a digest of the change, made unique, so no two changes share an import identity.
      sha256: createHash("sha256")
        .update(`${randomUUID()}\n${who.actor}\n${who.now}\n${JSON.stringify(action)}`)
        .digest("hex"),
      imported_at: who.now,
    },
    async (writer) => {
      const db = writer.transaction;
      // PostgreSQL: one change of the register at a time, each from the snapshot the one
      // before committed (SQLite already writes one transaction at a time).
      if (store.engine === "postgres")
        await sql`select pg_advisory_xact_lock(hashtext('secmetrics.exceptions.dashboard'))`.execute(db);
      const register = await store.read((query) =>
        latestFeedSnapshot({ db, decode: query.decode }, DASHBOARD_FEED),
      );
      // Never before the snapshot it starts from (a clock set back); a second change in the same
      // millisecond rewrites that snapshot (same instant, same identities) into the later state.
      const snapshotAt = Math.max(who.now, register[0]?.snapshot_at ?? who.now);
      const decided = decideException(register, action, {
        actor: who.actor,
        now: who.now,
        feed: DASHBOARD_FEED,
        snapshotAt,
      });
      const before = decided.before && plain(decided.before);
      const after = plain(decided.after);
      const entries = [
        ...register.filter((entry) => entry.external_id !== after.external_id).map(plain),
        after,
      ];
      entries.sort((a, b) => a.external_id.localeCompare(b.external_id));
      for (const [index, entry] of entries.entries()) {
        const record: RiskException = { ...entry, snapshot_at: snapshotAt };
        await writer.write(record, index + 1);
      }
      change = {
        action: action.action,
        id: after.external_id,
        before,
        after,
        snapshot_at: snapshotAt,
        import_id: writer.importId,
      };
      await writeAuditEntries(db, [auditEntry(change, action, who)]);
      return { skipped: 0 };
    },
  );
  if (!change) throw new Error("the register change did not run");
  return { ...change, import_id: imported.id };
}

function auditEntry(change: ExceptionChange, action: ExceptionAction, who: ExceptionActor): NewAuditEntry {
  return {
    at: who.now,
    actor: who.actor,
    action: `exception.${change.action}`,
    target: change.id,
    detail: {
      feed: DASHBOARD_FEED,
      import_id: change.import_id,
      snapshot_at: new Date(change.snapshot_at).toISOString(),
      note: action.note ?? null,
      before: change.before && auditState(change.before),
      after: auditState(change.after),
    },
    ip: who.ip,
  };
}

/** The fields an action can change, as the audit log keeps them. */
function auditState(entry: RiskException) {
  return {
    status: entry.status,
    title: entry.title,
    type: entry.type,
    decision: entry.decision,
    scope: entry.scope,
    owner: entry.owner,
    requested_by: entry.requested_by,
    approved_by: entry.approved_by,
    approved_at: entry.approved_at === null ? null : new Date(entry.approved_at).toISOString(),
    expires_at: entry.expires_at === null ? null : new Date(entry.expires_at).toISOString(),
    compensating_controls: entry.compensating_controls,
    ticket: entry.ticket,
  };
}

/** A stored entry as a record to write again: its provenance is the new snapshot's. */
function plain(entry: Stored<RiskException> | RiskException): RiskException {
  const { provenance: _provenance, ...record } = entry as Stored<RiskException>;
  return record;
}

/**
 * An exception of an imported register is its file's to change: refused
 * with where it comes from, before anything is written.
 */
async function refuseImported(store: Store, id: string, now: number): Promise<void> {
  const inForce = await store.snapshot<RiskException>(EXCEPTION.kind, now + 1);
  if (inForce.some((entry) => entry.feed === DASHBOARD_FEED && entry.external_id === id)) return;
  const imported = inForce.find((entry) => entry.external_id === id);
  if (!imported) return;
  throw new SecmetricsError(
    "conflict",
    `${id} comes from the register imported from ${imported.provenance.file_name} (feed ${imported.feed}): it is read-only here`,
    "change it in that file and import the file again; the file is its source of truth",
  );
}
