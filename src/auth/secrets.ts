import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (node:crypto, RFC 7914). Cost N = 2^15, r = 8,
 * p = 1: OWASP's minimum for scrypt, about 50 ms per hash on a current core.
 * The stored form carries its parameters, so they can be raised later
 * without invalidating existing hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the user name is
 * unknown, so a login takes as long for a wrong name as for a wrong password.
 */
export const DUMMY_HASH_PROMISE: Promise<string> = hashPassword(randomBytes(16).toString("hex"));

/** 16 random bytes as 22 URL-safe characters (~128 bits): a one-time password. */
export function generatePassword(): string {
  return randomBytes(16).toString("base64url");
}

/** A bearer token: a recognisable prefix and 32 random bytes (256 bits). */
export function generateToken(): string {
  return `smt_${randomBytes(32).toString("base64url")}`;
}

/** A session id or CSRF token: 32 random bytes. */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Tokens and session ids are stored as SHA-256: they are 256-bit random, so
 * a fast hash is enough (no dictionary to attack), and a leaked database
 * does not hand out working credentials.
 */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time string comparison (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
