/**
 * `npm run lock:complete`: records in package-lock.json the platform builds
 * of optional native packages (biome's and rollup's binaries for macOS,
 * Windows, Android, musl …) that the package registry this project is built
 * against does not serve. `npm install` leaves them out of the lock when it
 * cannot fetch them, but `npm ci` still expects one entry per optional
 * dependency and refuses the lock. Each added entry carries the os/cpu/libc
 * its name says, so npm skips it on every other platform and never fetches it.
 * Run it after any `npm install` that changes the lock.
 */
import { readFileSync, writeFileSync } from "node:fs";

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const PLATFORM =
  /-(android|darwin|freebsd|linux|openbsd|openharmony|sunos|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnu|gnueabihf|musl|musleabihf|msvc|eabi))?$/;

export function platformOf(name: string): { os: string[]; cpu: string[]; libc?: string[] } {
  const match = PLATFORM.exec(name);
  if (!match)
    throw new Error(`${name}: not a platform build (no -<os>-<cpu> suffix); add it to the lock by hand`);
  const [, os, cpu, abi] = match;
  const libc = abi?.startsWith("musl") ? ["musl"] : abi?.startsWith("gnu") ? ["glibc"] : undefined;
  return { os: [os as string], cpu: [cpu as string], ...(libc ? { libc } : {}) };
}

const path = "package-lock.json";
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const location = `node_modules/${name}`;
    if (lock.packages[location]) continue;
    lock.packages[location] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(name),
    };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length === 0
    ? "package-lock.json is complete"
    : `added ${added.length} platform builds:\n  ${added.join("\n  ")}`,
);
