import { type Generated, type Kysely, type Selectable, sql } from "kysely";
import { SecmetricsError } from "../model/errors.ts";
import type { Role } from "../model/role.ts";
import { isBusy } from "./engine-errors.ts";
import { databaseOf, writeWaitingForLock } from "./kysely-store.ts";
import type { CoreTables } from "./schema.ts";
import type { Store } from "./store.ts";

interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  password_hash: string;
  must_change_password: number;
  created_at: number;
  password_changed_at: number | null;
}

interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: string;
  token_hash: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

/** A type alias, not an interface: Kysely's table map needs an index-compatible type. */
type AuthTables = {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  imports: { id: number };
};

export interface User {
  id: number;
  name: string;
  role: Role;
  must_change_password: boolean;
  created_at: number;
  password_changed_at: number | null;
}

export interface UserWithHash extends User {
  password_hash: string;
}

export interface Session {
  id: number;
  user: User;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, "id">;

/**
 * Users, sessions, API tokens and the audit log of the server. Kept apart
 * from `Store` (the security data) but on the same connection: SQLite then
 * serialises auth writes behind a running import instead of two connections
 * waiting on each other's file lock. Behind an import of another process,
 * each write waits as long as the store was opened to, then throws a
 * `BusyError` (nothing written).
 */
export interface AuthStore {
  addUser(user: { name: string; role: Role; password_hash: string; now: number }): Promise<User>;
  findUser(name: string): Promise<UserWithHash | undefined>;
  listUsers(): Promise<User[]>;
  removeUser(name: string): Promise<boolean>;
  setPassword(userId: number, passwordHash: string, mustChange: boolean, now: number): Promise<void>;

  createSession(session: {
    token_hash: string;
    user_id: number;
    csrf_token: string;
    now: number;
    expires_at: number;
  }): Promise<void>;
  /** The live session of a token hash (expired ones are not returned). */
  findSession(tokenHash: string, now: number): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user except `keep` (after a password change). */
  deleteUserSessions(userId: number, keep?: string): Promise<void>;

  createToken(token: {
    name: string;
    role: Role;
    token_hash: string;
    created_by: string;
    now: number;
  }): Promise<ApiToken>;
  /** A token that is not revoked; records `now` as its last use. */
  useToken(tokenHash: string, now: number): Promise<ApiToken | undefined>;
  listTokens(): Promise<ApiToken[]>;
  /** Revokes by id or name; returns the tokens revoked. */
  revokeToken(idOrName: string, now: number): Promise<ApiToken[]>;

  audit(entry: NewAuditEntry): Promise<void>;
  /**
   * Makes a change and writes its audit entries in one transaction: an action
   * is stored with its entries or not at all, so none goes unaudited and no
   * entry tells of an action that failed. `entries` may depend on what the
   * change returned (the id of a token it created).
   */
  audited<T>(change: (auth: AuthStore) => Promise<T>, entries: (result: T) => NewAuditEntry[]): Promise<T>;
  auditLog(query: { limit: number; before?: number }): Promise<AuditEntry[]>;
}

export function createAuthStore(store: Store): AuthStore {
  return new KyselyAuthStore(
    databaseOf(store).withTables<AuthTables>() as unknown as Kysely<AuthTables>,
    (write) => writeWaitingForLock(store, write),
  );
}

/**
 * Writes audit entries through another write's transaction (`RecordWriter.transaction`):
 * a change to the security data and the entries that tell of it commit together or not at all.
 */
export async function writeAuditEntries(
  transaction: Kysely<CoreTables>,
  entries: readonly NewAuditEntry[],
): Promise<void> {
  const db = transaction.withTables<AuthTables>();
  for (const entry of entries) await db.insertInto("audit_log").values(auditRow(entry)).execute();
}

const USER_COLUMNS = [
  "id",
  "name",
  "role",
  "must_change_password",
  "created_at",
  "password_changed_at",
] as const;

/** Runs one statement or one transaction, again while another process holds the write lock. */
type Write = <T>(write: () => Promise<T>) => Promise<T>;

class KyselyAuthStore implements AuthStore {
  constructor(
    private readonly db: Kysely<AuthTables>,
    private readonly write: Write,
  ) {}

  async addUser(user: { name: string; role: Role; password_hash: string; now: number }): Promise<User> {
    if (await this.findUser(user.name))
      throw new SecmetricsError(
        "conflict",
        `user "${user.name}" exists`,
        "`secmetrics users list` shows them",
      );
    const { id } = await this.write(() =>
      this.db
        .insertInto("users")
        .values({
          name: user.name,
          role: user.role,
          password_hash: user.password_hash,
          must_change_password: 1,
          created_at: user.now,
          password_changed_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    return {
      id,
      name: user.name,
      role: user.role,
      must_change_password: true,
      created_at: user.now,
      password_changed_at: null,
    };
  }

  async findUser(name: string): Promise<UserWithHash | undefined> {
    const row = await this.db
      .selectFrom("users")
      .select([...USER_COLUMNS, "password_hash"])
      .where("name", "=", name)
      .executeTakeFirst();
    return row && { ...toUser(row), password_hash: row.password_hash };
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom("users").select(USER_COLUMNS).orderBy("name").execute();
    return rows.map(toUser);
  }

  async removeUser(name: string): Promise<boolean> {
    return this.write(() =>
      this.atomically(async (trx) => {
        const user = await trx.selectFrom("users").select("id").where("name", "=", name).executeTakeFirst();
        if (!user) return false;
        await trx.deleteFrom("sessions").where("user_id", "=", user.id).execute();
        await trx.deleteFrom("users").where("id", "=", user.id).execute();
        return true;
      }),
    );
  }

  async setPassword(userId: number, passwordHash: string, mustChange: boolean, now: number): Promise<void> {
    await this.write(() =>
      this.db
        .updateTable("users")
        .set({
          password_hash: passwordHash,
          must_change_password: mustChange ? 1 : 0,
          password_changed_at: now,
        })
        .where("id", "=", userId)
        .execute(),
    );
  }

  async createSession(session: {
    token_hash: string;
    user_id: number;
    csrf_token: string;
    now: number;
    expires_at: number;
  }): Promise<void> {
    // Logins are rare enough to sweep expired sessions here instead of on a timer.
    await this.write(() => this.db.deleteFrom("sessions").where("expires_at", "<=", session.now).execute());
    await this.write(() =>
      this.db
        .insertInto("sessions")
        .values({
          token_hash: session.token_hash,
          user_id: session.user_id,
          csrf_token: session.csrf_token,
          created_at: session.now,
          expires_at: session.expires_at,
          last_seen_at: session.now,
        })
        .execute(),
    );
  }

  async findSession(tokenHash: string, now: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select([
        "s.id as session_id",
        "s.csrf_token",
        "s.created_at as session_created_at",
        "s.expires_at",
        "u.id",
        "u.name",
        "u.role",
        "u.must_change_password",
        "u.created_at",
        "u.password_changed_at",
      ])
      .where("s.token_hash", "=", tokenHash)
      .where("s.expires_at", ">", now)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.session_id,
      user: toUser(row),
      csrf_token: row.csrf_token,
      created_at: Number(row.session_created_at),
      expires_at: Number(row.expires_at),
    };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.write(() => this.db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute());
  }

  async deleteUserSessions(userId: number, keep?: string): Promise<void> {
    let query = this.db.deleteFrom("sessions").where("user_id", "=", userId);
    if (keep) query = query.where("token_hash", "<>", keep);
    await this.write(() => query.execute());
  }

  async createToken(token: {
    name: string;
    role: Role;
    token_hash: string;
    created_by: string;
    now: number;
  }): Promise<ApiToken> {
    const { id } = await this.write(() =>
      this.db
        .insertInto("api_tokens")
        .values({
          name: token.name,
          role: token.role,
          token_hash: token.token_hash,
          created_at: token.now,
          created_by: token.created_by,
          last_used_at: null,
          revoked_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    return {
      id,
      name: token.name,
      role: token.role,
      created_at: token.now,
      created_by: token.created_by,
      last_used_at: null,
      revoked_at: null,
    };
  }

  async useToken(tokenHash: string, now: number): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!row) return undefined;
    // One write per minute at most: a busy Prometheus scraper must not turn every read into a write.
    if (row.last_used_at === null || now - Number(row.last_used_at) >= 60_000) {
      try {
        await this.db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
        row.last_used_at = now;
      } catch (error) {
        // Behind an import: a read must not wait for it; a later request records the use.
        if (!isBusy(error)) throw error;
      }
    }
    return toToken(row);
  }

  async listTokens(): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom("api_tokens").selectAll().orderBy("id").execute();
    return rows.map(toToken);
  }

  async revokeToken(idOrName: string, now: number): Promise<ApiToken[]> {
    let query = this.db.selectFrom("api_tokens").selectAll().where("revoked_at", "is", null);
    query = /^\d+$/.test(idOrName)
      ? query.where("id", "=", Number(idOrName))
      : query.where("name", "=", idOrName);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    await this.write(() =>
      this.db
        .updateTable("api_tokens")
        .set({ revoked_at: now })
        .where(
          "id",
          "in",
          rows.map((row) => row.id),
        )
        .execute(),
    );
    return rows.map((row) => toToken({ ...row, revoked_at: now }));
  }

  async audit(entry: NewAuditEntry): Promise<void> {
    await this.write(() => this.db.insertInto("audit_log").values(auditRow(entry)).execute());
  }

  async audited<T>(
    change: (auth: AuthStore) => Promise<T>,
    entries: (result: T) => NewAuditEntry[],
  ): Promise<T> {
    // The whole transaction waits out another process's import and runs again, so the
    // store inside it writes at once.
    return this.write(() =>
      this.atomically(async (trx) => {
        const result = await change(new KyselyAuthStore(trx, (write) => write()));
        for (const entry of entries(result))
          await trx.insertInto("audit_log").values(auditRow(entry)).execute();
        return result;
      }),
    );
  }

  /** `work` in a transaction: this store's own, when it is already inside one. */
  private atomically<T>(work: (db: Kysely<AuthTables>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  async auditLog(query: { limit: number; before?: number }): Promise<AuditEntry[]> {
    let select = this.db.selectFrom("audit_log").selectAll();
    if (query.before !== undefined) select = select.where("id", "<", query.before);
    const rows = await select.orderBy("id", "desc").limit(query.limit).execute();
    return rows.map((row) => ({
      ...row,
      at: Number(row.at),
      detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    }));
  }
}

function toUser(row: Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    must_change_password: Number(row.must_change_password) === 1,
    created_at: Number(row.created_at),
    password_changed_at: row.password_changed_at === null ? null : Number(row.password_changed_at),
  };
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    created_at: Number(row.created_at),
    created_by: row.created_by,
    last_used_at: row.last_used_at === null ? null : Number(row.last_used_at),
    revoked_at: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

function auditRow(entry: NewAuditEntry) {
  return { ...entry, detail: entry.detail === null ? null : JSON.stringify(entry.detail) };
}
