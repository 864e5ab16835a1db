import { readdirSync, readFileSync } from "node:fs";

interface ProcessEntry {
  pid: number;
  parent: number;
  group: number;
  /** The kernel's short name (`comm`), e.g. "chromium". */
  name: string;
}

/** The live processes of this machine from /proc; zombies (exited, not yet reaped) are not live. */
function liveProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // `pid (comm) state ppid pgrp …`; comm may itself hold spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const [state, parent, group] = stat.slice(close + 2).split(" ");
    if (state === "Z" || state === "X") continue;
    entries.push({
      pid: Number(pid),
      parent: Number(parent),
      group: Number(group),
      name: stat.slice(stat.indexOf("(") + 1, close),
    });
  }
  return entries;
}

/**
 * The browsers this process launched: Playwright starts each Chromium as a
 * direct child leading its own process group, which its renderers and
 * helpers join.
 */
export function chromiumChildren(parent = process.pid): number[] {
  return liveProcesses()
    .filter((p) => p.parent === parent && p.name === "chromium")
    .map((p) => p.pid);
}

/** The live processes left in the process groups of the given browsers. */
export function liveInGroups(groups: readonly number[]): number[] {
  return liveProcesses()
    .filter((p) => groups.includes(p.group))
    .map((p) => p.pid);
}

/** The peak resident set of a live process (`VmHWM`), in bytes. */
export function peakRss(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kb === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}
