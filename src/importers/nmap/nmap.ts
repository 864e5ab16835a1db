import type { Readable } from "node:stream";
import sax from "sax";
import { ASSET_SIGHTING, type AssetSighting } from "../../domains/assets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, InputSample, RecordItem } from "../importer.ts";
import { stream } from "../shared/readers.ts";
import { streamXml } from "../shared/xml-stream.ts";

const FEED = "nmap";
const ADDRESS_TYPES = new Set(["ipv4", "ipv6"]);

/** One `host` being read. */
interface Host {
  line: number;
  state: string | null;
  /** Epoch seconds, as nmap writes them. */
  starttime: string | null;
  ips: string[];
  hostnames: string[];
}

/**
 * nmap's XML output (`nmap -oX`), streamed: every `host` whose `status` is
 * `up` is a sighting of its IPv4 and IPv6 addresses (MAC addresses are
 * left out) and its `hostnames/hostname` names, at the host's `starttime`,
 * else the scan's `nmaprun@start`, else `--scanned-at`. The sighting is
 * named by its first IP address; its identity is (feed, time|address), so
 * importing a scan again changes nothing (a host listed twice is one
 * sighting). Down hosts are not sightings.
 */
export async function* parseNmap(
  input: Readable,
  ctx: ImportContext,
): AsyncIterable<RecordItem<AssetSighting>> {
  const parser = sax.parser(true, { position: true });
  const ready: RecordItem<AssetSighting>[] = [];
  let scanStart: string | null = null;
  let runs = 0;
  let host: Host | null = null;
  // A host listed twice in one scan (given twice as a target) is one sighting.
  const seen = new Set<string>();
  parser.onopentag = (node) => {
    const tag = node as sax.Tag;
    const attr = (name: string) => (tag.attributes[name] as string | undefined) ?? null;
    switch (tag.name) {
      case "nmaprun":
        runs++;
        scanStart = attr("start");
        break;
      case "host":
        host = { line: parser.line + 1, state: null, starttime: attr("starttime"), ips: [], hostnames: [] };
        break;
      case "status":
        if (host) host.state = attr("state");
        break;
      case "address": {
        const address = attr("addr");
        if (host && address && ADDRESS_TYPES.has(attr("addrtype") ?? "ipv4")) host.ips.push(address);
        break;
      }
      case "hostname": {
        const name = attr("name");
        if (host && name && !host.hostnames.includes(name)) host.hostnames.push(name);
        break;
      }
    }
  };
  parser.onclosetag = (name) => {
    if (name !== "host" || !host) return;
    const item = host.state === "up" ? sighting(host, scanStart, ctx) : null;
    if (item && !("record" in item && seen.has(item.record.external_id))) ready.push(item);
    if (item && "record" in item) seen.add(item.record.external_id);
    host = null;
  };
  yield* streamXml(input, ctx.file, parser, ready);
  if (runs === 0)
    throw new InvalidInputError(ctx.file, [{ line: 1, reason: "no nmaprun element: not nmap XML output" }]);
}

function sighting(host: Host, scanStart: string | null, ctx: ImportContext): RecordItem<AssetSighting> {
  const [asset] = host.ips;
  if (asset === undefined) return { line: host.line, problem: "a host up without an IPv4 or IPv6 address" };
  const seconds = Number(host.starttime ?? scanStart ?? Number.NaN);
  const seenAt = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : ctx.scannedAt;
  if (seenAt === undefined)
    return {
      line: host.line,
      problem: "no scan time (host starttime, nmaprun start): give it with --scanned-at",
    };
  return {
    line: host.line,
    record: {
      kind: ASSET_SIGHTING.kind,
      feed: FEED,
      external_id: `${new Date(seenAt).toISOString()}|${asset}`,
      seen_at: seenAt,
      asset,
      asset_type: "host",
      hostnames: host.hostnames,
      ips: host.ips,
    },
  };
}

/** An `nmaprun` root element, after any XML declaration, stylesheet and comments. */
export function detectNmap(sample: InputSample): boolean {
  const head = sample.head
    .replace(/^\uFEFF/, "")
    .replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, "");
  return /^\s*<nmaprun[\s>]/.test(head);
}

export const nmapImporter = defineImporter({
  id: "nmap",
  title: "nmap XML output (nmap -oX)",
  feed: FEED,
  kinds: [ASSET_SIGHTING.kind],
  detect: detectNmap,
  read: stream(parseNmap),
});
