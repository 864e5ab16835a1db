import { userInfo } from "node:os";
import { SecmetricsError } from "../model/errors.ts";
import { ROLES, type Role } from "../model/role.ts";
import type { ApiToken, AuthStore, User } from "../store/auth-store.ts";
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
  const user = await auth.addUser({
    name: input.name,
    role,
    password_hash: await hashPassword(password),
    now: input.now,
  });
  await auth.audit({
    at: input.now,
    actor: input.actor,
    action: "user.add",
    target: user.name,
    detail: { role },
    ip: null,
  });
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
  await auth.setPassword(user.id, await hashPassword(password), true, input.now);
  await auth.deleteUserSessions(user.id);
  await auth.audit({
    at: input.now,
    actor: input.actor,
    action: "user.reset_password",
    target: user.name,
    detail: null,
    ip: null,
  });
  return password;
}

export async function removeUser(
  auth: AuthStore,
  input: { name: string; actor: string; now: number },
): Promise<void> {
  if (!(await auth.removeUser(input.name))) throw new SecmetricsError("not_found", `no user "${input.name}"`);
  await auth.audit({
    at: input.now,
    actor: input.actor,
    action: "user.remove",
    target: input.name,
    detail: null,
    ip: null,
  });
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
  const token = await auth.createToken({
    name: input.name,
    role,
    token_hash: sha256(secret),
    created_by: input.actor,
    now: input.now,
  });
  await auth.audit({
    at: input.now,
    actor: input.actor,
    action: "token.create",
    target: `${token.name}#${token.id}`,
    detail: { role },
    ip: null,
  });
  return { token, secret };
}

export async function revokeToken(
  auth: AuthStore,
  input: { idOrName: string; actor: string; now: number },
): Promise<ApiToken[]> {
  const revoked = await auth.revokeToken(input.idOrName, input.now);
  if (revoked.length === 0)
    throw new SecmetricsError(
      "not_found",
      `no active token "${input.idOrName}"`,
      "`secmetrics tokens list` shows ids and names",
    );
  for (const token of revoked)
    await auth.audit({
      at: input.now,
      actor: input.actor,
      action: "token.revoke",
      target: `${token.name}#${token.id}`,
      detail: null,
      ip: null,
    });
  return revoked;
}
