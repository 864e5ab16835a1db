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
  failures: number;
  resetAt: number;
}

export class LoginLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: LoginLimiterOptions = DEFAULT_LOGIN_LIMITS) {}

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(ip: string, user: string, now: number): number {
    this.prune(now);
    const waits = [
      this.wait(`ip\u0000${ip}`, this.options.perIp, now),
      this.wait(`user\u0000${ip}\u0000${user.toLowerCase()}`, this.options.perUser, now),
    ];
    return Math.max(...waits);
  }

  fail(ip: string, user: string, now: number): void {
    this.bump(`ip\u0000${ip}`, now);
    this.bump(`user\u0000${ip}\u0000${user.toLowerCase()}`, now);
  }

  succeed(ip: string, user: string): void {
    this.buckets.delete(`user\u0000${ip}\u0000${user.toLowerCase()}`);
  }

  private wait(key: string, limit: number, now: number): number {
    const bucket = this.buckets.get(key);
    return bucket && bucket.failures >= limit ? Math.max(0, bucket.resetAt - now) : 0;
  }

  private bump(key: string, now: number): void {
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.resetAt <= now)
      this.buckets.set(key, { failures: 1, resetAt: now + this.options.windowMs });
    else bucket.failures++;
  }

  /** Keeps memory bounded under a flood of distinct names. */
  private prune(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [key, bucket] of this.buckets) if (bucket.resetAt <= now) this.buckets.delete(key);
  }
}
