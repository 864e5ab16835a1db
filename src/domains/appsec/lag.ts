import { LAGS, type Lag } from "../../model/dependency-lag.ts";

interface Version {
  parts: number[];
  /** A pre-release (`-rc.1`, `rc1`, a Go pseudo-version) sorts before its release. */
  prerelease: boolean;
}

/**
 * The numeric parts of a version as npm (semver), pip (PEP 440 release
 * segment) and Go (`v1.2.3`, pseudo-versions, `+incompatible`) write it;
 * null for what is not one (a git URL, a tag name).
 */
function parse(text: string): Version | null {
  const match = /^v?(?:\d+!)?(\d+(?:\.\d+)*)(.*)$/.exec(text.trim().replace(/\+.*$/, ""));
  if (!match?.[1]) return null;
  const rest = match[2] ?? "";
  // A PEP 440 post or dev release, a semver or Go pre-release; anything else is not a version.
  if (rest !== "" && !/^(?:[-.]?(?:a|b|rc|alpha|beta|pre|dev|post|c)\d*.*|-.+)$/i.test(rest)) return null;
  return { parts: match[1].split(".").map(Number), prerelease: rest !== "" && !/^[-.]?post/i.test(rest) };
}

/**
 * `none` when the installed version is the latest or newer; else the first
 * part that is behind: `major` (1.x → 2.x), `minor` (1.2 → 1.3), `patch`
 * (1.2.3 → 1.2.4, a fourth part, or the pre-release of the latest
 * release); `unknown` when either is not a version, unless they are the
 * same text.
 */
export function lagOf(current: string, latest: string): Lag | "unknown" {
  if (current.trim() === latest.trim()) return "none";
  const installed = parse(current);
  const newest = parse(latest);
  if (!installed || !newest) return "unknown";
  const length = Math.max(installed.parts.length, newest.parts.length, 3);
  for (let i = 0; i < length; i++) {
    const a = installed.parts[i] ?? 0;
    const b = newest.parts[i] ?? 0;
    if (a > b) return "none";
    if (a < b) return i === 0 ? "major" : i === 1 ? "minor" : "patch";
  }
  return installed.prerelease && !newest.prerelease ? "patch" : "none";
}

/** Whether a lag is within the allowed one (`none` allows none). */
export function withinLag(lag: Lag | "unknown", allowed: Lag): boolean {
  return lag !== "unknown" && LAGS.indexOf(lag) <= LAGS.indexOf(allowed);
}
