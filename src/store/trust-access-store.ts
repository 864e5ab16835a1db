import type { Generated, Kysely, Selectable } from "kysely";
import { SecmetricsError } from "../model/errors.ts";
import { type NewAuditEntry, writeAuditEntries } from "./auth-store.ts";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { CoreTables } from "./schema.ts";
import type { Store } from "./store.ts";

export type AccessRequestStatus = "pending" | "approved" | "rejected";

interface RequestsTable {
  id: Generated<number>;
  company: string;
  email: string;
  purpose: string;
  requested_at: number;
  nda_accepted_at: number;
  nda_accepted_ip: string;
  status: AccessRequestStatus;
  decided_by: string | null;
  decided_at: number | null;
}

interface GrantsTable {
  id: Generated<number>;
  request_id: number;
  token_hash: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}

interface DownloadsTable {
  id: Generated<number>;
  grant_id: number;
  document: string;
  at: number;
  ip: string;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type TrustAccessTables = {
  trust_access_requests: RequestsTable;
  trust_access_grants: GrantsTable;
  trust_downloads: DownloadsTable;
};

export type AccessRequest = Selectable<RequestsTable>;
export type AccessGrant = Selectable<GrantsTable>;
export type NewAccessRequest = Omit<AccessRequest, "id" | "status" | "decided_by" | "decided_at">;

/** A download through a link, with who the link was granted to. */
export interface Download {
  at: number;
  document: string;
  ip: string;
  grant_id: number;
  company: string;
  email: string;
}

/** A request with the links granted on it, newest first. */
export interface RequestWithGrants extends AccessRequest {
  grants: AccessGrant[];
}

/**
 * Access to the trust center's NDA documents. Every change an editor makes
 * is written with its audit entries in one transaction (`writeAuditEntries`),
 * as the exceptions register's are: no decision without its entry.
 */
export interface TrustAccessStore {
  addRequest(request: NewAccessRequest): Promise<AccessRequest>;
  requests(): Promise<RequestWithGrants[]>;
  /** Approves a pending request and grants it a link; the token is stored only as its hash. */
  approve(
    id: number,
    grant: { token_hash: string; by: string; now: number; expires_at: number },
    audit: (grantId: number) => NewAuditEntry,
  ): Promise<AccessGrant>;
  reject(id: number, decision: { by: string; now: number }, audit: NewAuditEntry): Promise<void>;
  revoke(grantId: number, decision: { by: string; now: number }, audit: NewAuditEntry): Promise<void>;
  /** The grant of a token hash while it works (not revoked, not expired), with its request. */
  liveGrant(
    tokenHash: string,
    now: number,
  ): Promise<{ grant: AccessGrant; request: AccessRequest } | undefined>;
  recordDownload(download: Omit<DownloadsTable, "id">): Promise<void>;
  downloads(limit: number): Promise<Download[]>;
}

export function createTrustAccessStore(store: Store): TrustAccessStore {
  const db = databaseOf(store).withTables<TrustAccessTables>() as unknown as Kysely<TrustAccessTables>;
  const write = <T>(statement: () => Promise<T>) => writeWaitingForLock(store, statement);
  /** A change and its audit entries, committed together. */
  const audited = <T>(
    change: (trx: Kysely<TrustAccessTables>) => Promise<T>,
    entries: (result: T) => NewAuditEntry[],
  ) =>
    write(() =>
      db.transaction().execute(async (trx) => {
        const result = await change(trx);
        // The audit log is the core's table, reached through the same transaction.
        await writeAuditEntries(trx as unknown as Kysely<CoreTables>, entries(result));
        return result;
      }),
    );

  const decide = async (
    trx: Kysely<TrustAccessTables>,
    id: number,
    status: AccessRequestStatus,
    by: string,
    now: number,
  ) => {
    const changed = await trx
      .updateTable("trust_access_requests")
      .set({ status, decided_by: by, decided_at: now })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1)
      throw new SecmetricsError(
        "conflict",
        `access request ${id} is not pending`,
        "reload the requests page",
      );
  };

  return {
    async addRequest(request) {
      const { id } = await write(() =>
        db
          .insertInto("trust_access_requests")
          .values({ ...request, status: "pending", decided_by: null, decided_at: null })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      return { ...request, id, status: "pending", decided_by: null, decided_at: null };
    },

    async requests() {
      const requests = await db
        .selectFrom("trust_access_requests")
        .selectAll()
        .orderBy("id", "desc")
        .execute();
      const grants = await db.selectFrom("trust_access_grants").selectAll().orderBy("id", "desc").execute();
      return requests.map((request) => ({
        ...numeric(request, ["requested_at", "nda_accepted_at", "decided_at"]),
        grants: grants
          .filter((grant) => grant.request_id === request.id)
          .map((grant) => numeric(grant, ["created_at", "expires_at", "revoked_at"])),
      }));
    },

    approve(id, grant, audit) {
      return audited(
        async (trx) => {
          await decide(trx, id, "approved", grant.by, grant.now);
          const values = {
            request_id: id,
            token_hash: grant.token_hash,
            created_by: grant.by,
            created_at: grant.now,
            expires_at: grant.expires_at,
            revoked_by: null,
            revoked_at: null,
          };
          const row = await trx
            .insertInto("trust_access_grants")
            .values(values)
            .returning("id")
            .executeTakeFirstOrThrow();
          return { ...values, id: row.id };
        },
        (created) => [audit(created.id)],
      );
    },

    async reject(id, decision, audit) {
      await audited(
        (trx) => decide(trx, id, "rejected", decision.by, decision.now),
        () => [audit],
      );
    },

    async revoke(grantId, decision, audit) {
      await audited(
        async (trx) => {
          const changed = await trx
            .updateTable("trust_access_grants")
            .set({ revoked_by: decision.by, revoked_at: decision.now })
            .where("id", "=", grantId)
            .where("revoked_at", "is", null)
            .executeTakeFirst();
          if (Number(changed.numUpdatedRows) !== 1)
            throw new SecmetricsError(
              "not_found",
              `no live access link ${grantId}`,
              "reload the requests page",
            );
        },
        () => [audit],
      );
    },

    async liveGrant(tokenHash, now) {
      const grant = await db
        .selectFrom("trust_access_grants")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .where("revoked_at", "is", null)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (!grant) return undefined;
      const request = await db
        .selectFrom("trust_access_requests")
        .selectAll()
        .where("id", "=", grant.request_id)
        .executeTakeFirstOrThrow();
      return {
        grant: numeric(grant, ["created_at", "expires_at", "revoked_at"]),
        request: numeric(request, ["requested_at", "nda_accepted_at", "decided_at"]),
      };
    },

    async recordDownload(download) {
      await write(() => db.insertInto("trust_downloads").values(download).execute());
    },

    async downloads(limit) {
      const rows = await db
        .selectFrom("trust_downloads as d")
        .innerJoin("trust_access_grants as g", "g.id", "d.grant_id")
        .innerJoin("trust_access_requests as r", "r.id", "g.request_id")
        .select(["d.at", "d.document", "d.ip", "d.grant_id", "r.company", "r.email"])
        .orderBy("d.id", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...row, at: Number(row.at) }));
    },
  };
}

/** PostgreSQL returns bigint columns as text: the instants back to numbers. */
function numeric<T extends object>(row: T, keys: readonly (keyof T)[]): T {
  const copy = { ...row };
  for (const key of keys) {
    const value = copy[key];
    if (value !== null && value !== undefined) copy[key] = Number(value) as T[keyof T];
  }
  return copy;
}
