/**
 * Failed-login limiter, in memory (one server process; a restart forgets,
 * which only ever lets an attacker start over, never locks users out longer).
 * Two keys per attempt: (IP, user name), so guessing one account's password
 * stops after `perUser` failures, and the IP alone, so spraying many names
 * from one address stops after `perIp` failures. Both windows are fixed
 * (`windowMs` from the first failure). A success clears the (IP, user) key.
 */
export interface LoginLimiterOptions {
  perUser: number;
  perIp: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimiterOptions = { perUser: 5, perIp: 50, windowMs: 15 * 60_000 };

interface Bucket {
  count: number;
  resetAt: number;
}

/**
 * Events counted per key in fixed windows, each from the key's first event,
 * in memory: what the login limiter and the public forms are limited by.
 */
export class FixedWindowCounter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly windowMs: number) {}

  /** Milliseconds until `key` is under `limit` events again, or 0 when it is now. */
  wait(key: string, limit: number, now: number): number {
    this.prune(now);
    const bucket = this.buckets.get(key);
    return bucket && bucket.count >= limit ? Math.max(0, bucket.resetAt - now) : 0;
  }

  add(key: string, now: number): void {
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.resetAt <= now) this.buckets.set(key, { count: 1, resetAt: now + this.windowMs });
    else bucket.count++;
  }

  clear(key: string): void {
    this.buckets.delete(key);
  }

  /** Keeps memory bounded under a flood of distinct keys. */
  private prune(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, bucket] of this.buckets) if (bucket.resetAt <= now) this.buckets.delete(key);
  }
}

export class LoginLimiter {
  private readonly failures: FixedWindowCounter;

  constructor(private readonly options: LoginLimiterOptions = DEFAULT_LOGIN_LIMITS) {
    this.failures = new FixedWindowCounter(options.windowMs);
  }

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(ip: string, user: string, now: number): number {
    return Math.max(
      this.failures.wait(ipKey(ip), this.options.perIp, now),
      this.failures.wait(userKey(ip, user), this.options.perUser, now),
    );
  }

  fail(ip: string, user: string, now: number): void {
    this.failures.add(ipKey(ip), now);
    this.failures.add(userKey(ip, user), now);
  }

  succeed(ip: string, user: string): void {
    this.failures.clear(userKey(ip, user));
  }
}

const ipKey = (ip: string) => `ip\u0000${ip}`;
const userKey = (ip: string, user: string) => `user\u0000${ip}\u0000${user.toLowerCase()}`;
