import { userInfo } from "node:os";
import { SecmetricsError } from "../model/errors.ts";
import { ROLES, type Role } from "../model/role.ts";
import type { ApiToken, AuthStore, NewAuditEntry, User } from "../store/auth-store.ts";
import { isRole } from "./roles.ts";
import { generatePassword, generateToken, hashPassword, sha256 } from "./secrets.ts";

/** Use cases behind `secmetrics users` and `secmetrics tokens`, each one audited. */

export const MIN_PASSWORD_LENGTH = 12;

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function checkRole(value: string): Role {
  if (!isRole(value))
    throw new SecmetricsError(
      "invalid_argument",
      `--role must be one of ${ROLES.join(", ")} (got "${value}")`,
    );
  return value;
}

/** Who runs the CLI, for the audit log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

/**
 * Adds a user with a random one-time password, returned once and stored only
 * as its scrypt hash. The user must choose a new password at first login:
 * the one-time one has been on a terminal and in whatever channel carried it.
 */
export async function addUser(
  auth: AuthStore,
  input: { name: string; role: string; actor: string; now: number },
): Promise<{ user: User; password: string }> {
  if (!USER_NAME.test(input.name))
    throw new SecmetricsError(
      "invalid_argument",
      `"${input.name}" is not a valid user name`,
      "letters, digits, and . _ @ -, up to 64 characters",
    );
  const role = checkRole(input.role);
  const password = generatePassword();
  const password_hash = await hashPassword(password);
  const user = await auth.audited(
    (tx) => tx.addUser({ name: input.name, role, password_hash, now: input.now }),
    (added) => [accountEntry(input, "user.add", added.name, { role })],
  );
  return { user, password };
}

/** A new one-time password for a user who lost theirs; their sessions end. */
export async function resetPassword(
  auth: AuthStore,
  input: { name: string; actor: string; now: number },
): Promise<string> {
  const user = await auth.findUser(input.name);
  if (!user) throw new SecmetricsError("not_found", `no user "${input.name}"`);
  const password = generatePassword();
  const password_hash = await hashPassword(password);
  await auth.audited(
    async (tx) => {
      await tx.setPassword(user.id, password_hash, true, input.now);
      await tx.deleteUserSessions(user.id);
    },
    () => [accountEntry(input, "user.reset_password", user.name)],
  );
  return password;
}

export async function removeUser(
  auth: AuthStore,
  input: { name: string; actor: string; now: number },
): Promise<void> {
  const removed = await auth.audited(
    (tx) => tx.removeUser(input.name),
    (done) => (done ? [accountEntry(input, "user.remove", input.name)] : []),
  );
  if (!removed) throw new SecmetricsError("not_found", `no user "${input.name}"`);
}

/** Creates a bearer token; the token itself is returned once and stored only as SHA-256. */
export async function createToken(
  auth: AuthStore,
  input: { name: string; role: string; actor: string; now: number },
): Promise<{ token: ApiToken; secret: string }> {
  if (!/^[\w.@-]{1,64}$/.test(input.name))
    throw new SecmetricsError("invalid_argument", `"${input.name}" is not a valid token name`);
  const role = checkRole(input.role);
  const secret = generateToken();
  const token = await auth.audited(
    (tx) =>
      tx.createToken({
        name: input.name,
        role,
        token_hash: sha256(secret),
        created_by: input.actor,
        now: input.now,
      }),
    (created) => [accountEntry(input, "token.create", `${created.name}#${created.id}`, { role })],
  );
  return { token, secret };
}

export async function revokeToken(
  auth: AuthStore,
  input: { idOrName: string; actor: string; now: number },
): Promise<ApiToken[]> {
  const revoked = await auth.audited(
    (tx) => tx.revokeToken(input.idOrName, input.now),
    (tokens) => tokens.map((token) => accountEntry(input, "token.revoke", `${token.name}#${token.id}`)),
  );
  if (revoked.length === 0)
    throw new SecmetricsError(
      "not_found",
      `no active token "${input.idOrName}"`,
      "`secmetrics tokens list` shows ids and names",
    );
  return revoked;
}

/** The audit entry of an account change, made by `actor` at `now`. */
function accountEntry(
  input: { actor: string; now: number },
  action: string,
  target: string,
  detail: NewAuditEntry["detail"] = null,
): NewAuditEntry {
  return { at: input.now, actor: input.actor, action, target, detail, ip: null };
}
