import type { MonitorConfig } from "../../domains/web3/records.ts";
import { isObject, type Json, list, str, texts } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";

/** A monitor as its file gives it, before the import stamps it as a record of the snapshot. */
export type FoundMonitor = Omit<MonitorConfig, "kind" | "feed" | "external_id" | "snapshot_at">;

/** A network file: its slug, and its chain id when it is an EVM network. */
export interface FoundNetwork {
  slug: string;
  type: string;
  chain_id: number | null;
  source_file: string;
}

/** What a file of the folder is to the importer, from its path alone: OpenZeppelin Monitor's config layout. */
export type MonitorFile = "monitor" | "network";

export function classifyMonitorFile(path: string): MonitorFile | null {
  if (/(?:^|\/)monitors\/[^/]+\.json$/.test(path)) return "monitor";
  if (/(?:^|\/)networks\/[^/]+\.json$/.test(path)) return "network";
  return null;
}

/** Thrown for a file the importer cannot read as its layout, with the line it points at. */
export class MonitorFileProblem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** A `networks/*.json`: `network_type` (`EVM`, `Stellar`), `slug`, and an EVM network's `chain_id`. */
export function networkOf(document: unknown, path: string): FoundNetwork {
  if (!isObject(document)) throw new MonitorFileProblem(1, "not a JSON object");
  const slug = str(document, "slug");
  const type = str(document, "network_type");
  if (slug === null || slug === "") throw new MonitorFileProblem(1, "no slug");
  if (type === null) throw new MonitorFileProblem(1, `network ${slug} has no network_type`);
  if (type !== "EVM") return { slug, type, chain_id: null, source_file: path };
  const chainId = document.chain_id;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0)
    throw new MonitorFileProblem(
      1,
      `EVM network ${slug}: chain_id ${JSON.stringify(chainId ?? null)} is not a chain id`,
    );
  return { slug, type, chain_id: chainId, source_file: path };
}

/**
 * A `monitors/*.json`: its `name`, `paused`, the `networks` it runs on (by
 * slug), the `addresses` it watches (each with an optional `contract_spec`
 * or `abi`, not kept: the registry holds the ABIs), and what it matches:
 * `match_conditions.functions` and `.events` by signature, `.transactions`
 * by status. The networks resolve to chain ids through `networks`; a slug
 * no network file declares is a problem pointing at its line. Addresses
 * are lowercased, so a checksummed and a lowercase spelling are one.
 */
export function monitorOf(
  document: unknown,
  text: string,
  path: string,
  networks: ReadonlyMap<string, FoundNetwork>,
): FoundMonitor {
  if (!isObject(document)) throw new MonitorFileProblem(1, "not a JSON object");
  const lines = new LineFinder(text);
  const name = str(document, "name");
  if (name === null || name === "") throw new MonitorFileProblem(1, "monitor has no name");
  const paused = document.paused ?? false;
  if (typeof paused !== "boolean")
    throw new MonitorFileProblem(lines.next('"paused"'), `${name}: paused is not true or false`);
  if (!Array.isArray(document.networks) || document.networks.length === 0)
    throw new MonitorFileProblem(1, `${name}: networks is not a list of network slugs`);
  lines.seek('"networks"');
  const slugs: string[] = [];
  const chainIds: number[] = [];
  for (const slug of document.networks) {
    const line = lines.next(JSON.stringify(slug));
    const network = typeof slug === "string" ? networks.get(slug) : undefined;
    if (network === undefined)
      throw new MonitorFileProblem(
        line,
        `${name}: network ${JSON.stringify(slug)} is not declared by any networks/*.json`,
      );
    slugs.push(network.slug);
    if (network.chain_id !== null && !chainIds.includes(network.chain_id)) chainIds.push(network.chain_id);
  }
  return {
    name,
    paused,
    networks: slugs,
    chain_ids: chainIds,
    addresses: addressesOf(document, name, chainIds.length > 0, lines),
    functions: signatures(document, "functions", name, lines),
    events: signatures(document, "events", name, lines),
    transaction_conditions: list(document, "match_conditions.transactions").length,
    triggers: texts(document.triggers),
    source_file: path,
  };
}

/**
 * The watched addresses, lowercased. On an EVM network an address that is
 * not 20 bytes of hex is a problem; a monitor of Stellar networks only
 * watches Stellar contract ids, which no EVM registry holds, so none is kept.
 */
function addressesOf(document: Json, name: string, evm: boolean, lines: LineFinder): string[] {
  if (!evm) return [];
  const addresses: string[] = [];
  lines.seek('"addresses"');
  for (const [index, entry] of list(document.addresses).entries()) {
    const address = isObject(entry) ? str(entry, "address") : null;
    const line = lines.next('"address"');
    if (address === null || !EVM_ADDRESS.test(address))
      throw new MonitorFileProblem(
        line,
        `${name}: addresses[${index}].address ${JSON.stringify(address)} is not an EVM address`,
      );
    const lower = address.toLowerCase();
    if (!addresses.includes(lower)) addresses.push(lower);
  }
  return addresses;
}

/** `match_conditions.<kind>[].signature`, white space removed: `Transfer(address, address,uint256)` is `Transfer(address,address,uint256)`. */
function signatures(document: Json, kind: "functions" | "events", name: string, lines: LineFinder): string[] {
  lines.seek(`"${kind}"`);
  return list(document, `match_conditions.${kind}`).map((condition, index) => {
    const signature = isObject(condition) ? str(condition, "signature") : null;
    const line = lines.next('"signature"');
    if (signature === null || !/^[^()]+\(.*\)$/.test(signature))
      throw new MonitorFileProblem(
        line,
        `${name}: match_conditions.${kind}[${index}].signature ${JSON.stringify(signature)} is not a signature`,
      );
    return signature.replace(/\s+/g, "");
  });
}
