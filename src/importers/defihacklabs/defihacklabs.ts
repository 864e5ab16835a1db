import type { ExternalIncident } from "../../domains/external-incidents/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { readText } from "../shared/json.ts";
import { stream } from "../shared/readers.ts";

const FEED = "defihacklabs";
/** `### 20241210 CloberDEX - Reentrancy`, also `### 20240924-MARA---price-manipulation`. */
const ENTRY = /^#{2,4}\s+(\d{4})(\d{2})(\d{2})[\s-]+(.+?)\s*$/;
const LOST = /^#{0,4}\s*(?:total\s+)?lost\s*:\s*(.+?)\s*$/i;
const FENCE = /^\s*(```|~~~)/;
const URL_TEXT = /https?:\/\/[^\s)\]>]+/g;

/** Block explorers by host (a path prefix for multi-chain ones), and the chain they serve. */
const EXPLORERS: [RegExp, string][] = [
  [/^https?:\/\/(www\.)?etherscan\.io\//, "ethereum"],
  [/^https?:\/\/optimistic\.etherscan\.io\//, "optimism"],
  [/^https?:\/\/(www\.)?bscscan\.com\//, "bsc"],
  [/^https?:\/\/(www\.)?arbiscan\.io\//, "arbitrum"],
  [/^https?:\/\/(www\.)?polygonscan\.com\//, "polygon"],
  [/^https?:\/\/(www\.)?basescan\.org\//, "base"],
  [/^https?:\/\/(www\.)?ftmscan\.com\//, "fantom"],
  [/^https?:\/\/(www\.)?snowtrace\.io\//, "avalanche"],
  [/^https?:\/\/(www\.)?snowscan\.xyz\//, "avalanche"],
  [/^https?:\/\/(www\.)?blastscan\.io\//, "blast"],
  [/^https?:\/\/(www\.)?lineascan\.build\//, "linea"],
  [/^https?:\/\/(www\.)?sonicscan\.org\//, "sonic"],
];
/** BlockSec's and Phalcon's explorers name the chain in the path: `/explorer/tx/base/0x…`. */
const CHAIN_IN_PATH =
  /^https?:\/\/(?:app\.blocksec\.com|explorer\.phalcon\.xyz)\/(?:explorer\/)?tx\/([a-z]+)\//;
const CHAIN_NAMES: Record<string, string> = {
  eth: "ethereum",
  bsc: "bsc",
  arbitrum: "arbitrum",
  base: "base",
};

/** The project's id part: lower case, anything but letters and digits as `-`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** `CloberDEX - Reentrancy` → project and attack type; `MARA---price-manipulation` likewise. */
function projectAndAttack(title: string): { project: string; attack_type: string | null } {
  const split = /^(.+?)(?:\s+-+\s+|-{2,})(.+)$/.exec(title);
  return split
    ? { project: (split[1] as string).trim(), attack_type: (split[2] as string).trim() }
    : { project: title.trim(), attack_type: null };
}

const SCALE: Record<string, number> = { k: 1e3, m: 1e6, million: 1e6, b: 1e9, billion: 1e9 };
const DOLLARS = /\$\s*([\d][\d,]*(?:\.\d+)?)\s*(k|m|million|b|billion)?\b/i;
const USD = /([\d][\d,]*(?:\.\d+)?)\s*(k|m|million|b|billion)?\s*(?:usd\b|us\$)/i;

/** The dollar figure of a loss as the list words it ("~$4.75 M", "~501K US$ (133.7 WETH)"), else null. */
export function lossUsd(loss: string): number | null {
  const match = DOLLARS.exec(loss) ?? USD.exec(loss);
  if (!match) return null;
  const amount = Number((match[1] as string).replaceAll(",", ""));
  return amount * (SCALE[(match[2] ?? "").toLowerCase()] ?? 1);
}

function chainOf(links: readonly string[]): string | null {
  for (const link of links) {
    const named = CHAIN_IN_PATH.exec(link)?.[1];
    if (named) return CHAIN_NAMES[named] ?? named;
    const explorer = EXPLORERS.find(([pattern]) => pattern.test(link));
    if (explorer) return explorer[1];
  }
  return null;
}

interface Entry {
  line: number;
  date: number | null;
  title: string;
  lines: string[];
}

function entryItem(entry: Entry, ids: Map<string, number>): RecordItem<ExternalIncident> {
  if (entry.date === null) return { line: entry.line, problem: "the heading's date is not a day (YYYYMMDD)" };
  const { project, attack_type } = projectAndAttack(entry.title);
  const day = new Date(entry.date).toISOString().slice(0, 10).replaceAll("-", "");
  // The same project twice on one day is two incidents of the list: the second gets -2.
  const base = `${day}-${slug(project)}`;
  const seen = (ids.get(base) ?? 0) + 1;
  ids.set(base, seen);
  const loss = entry.lines.map((line) => LOST.exec(line)?.[1]).find((text) => text !== undefined) ?? null;
  const links = [...new Set(entry.lines.flatMap((line) => line.match(URL_TEXT) ?? []))];
  return {
    line: entry.line,
    record: {
      kind: "external_incident",
      feed: FEED,
      external_id: seen === 1 ? base : `${base}-${seen}`,
      date: entry.date,
      project,
      attack_type,
      loss,
      loss_usd: loss === null ? null : lossUsd(loss),
      chain: chainOf(links),
      links,
    },
  };
}

/**
 * `defihacklabs`: DeFiHackLabs' list of past DeFi incidents, its README or
 * a year's `past/<year>/README.md`: each `### YYYYMMDD Project - attack
 * type` heading is one incident, with its `Lost:` line and the links under
 * it (the chain read from block explorer links). Headings in code blocks
 * and the table of contents' links are not entries. Identity:
 * `<YYYYMMDD>-<project>`.
 */
export const defihacklabs: Importer<RecordItem<ExternalIncident>> = defineImporter({
  id: "defihacklabs",
  title: "DeFiHackLabs incident list (Markdown)",
  feed: FEED,
  kinds: ["external_incident"],
  detect: (sample) => /^# DeFi Hacks Reproduce/m.test(sample.head),
  read: stream(async function* (input, ctx) {
    const text = await readText(input, ctx.file);
    const ids = new Map<string, number>();
    let entry: Entry | null = null;
    let fenced = false;
    for (const [index, line] of text.split(/\r?\n/).entries()) {
      if (FENCE.test(line)) fenced = !fenced;
      const heading = fenced ? null : ENTRY.exec(line);
      if (heading) {
        if (entry) yield entryItem(entry, ids);
        const [, year, month, day, title] = heading;
        const date = Date.UTC(Number(year), Number(month) - 1, Number(day));
        const valid =
          new Date(date).getUTCDate() === Number(day) && Number(month) >= 1 && Number(month) <= 12;
        entry = { line: index + 1, date: valid ? date : null, title: title as string, lines: [] };
      } else if (entry && /^#{1,2}\s/.test(line) && !fenced) {
        // A heading of the page (## License) ends the list.
        yield entryItem(entry, ids);
        entry = null;
      } else entry?.lines.push(line);
    }
    if (entry) yield entryItem(entry, ids);
  }),
});
