import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Config } from "../config/schema.ts";
import { checkInterfaces, type InterfaceCheck, type InterfaceSource } from "../domains/web3/collisions.ts";
import { byKey, interfaceSources } from "../domains/web3/compute.ts";
import { contractWatchers } from "../domains/web3/monitoring.ts";
import {
  CONTRACT_DEPLOYMENT,
  type ContractDeployment,
  MONITOR_CONFIG,
  type MonitorConfig,
} from "../domains/web3/records.ts";
import { directoryFiles, isDirectory } from "../importers/file-source.ts";
import { InvalidInputError, SecmetricsError } from "../model/errors.ts";
import type { Store } from "../store/store.ts";

/** One contract of the registry, as a monitoring stack reads it. */
export interface RegistryEntry {
  chain_id: number;
  address: string;
  name: string | null;
  version: string | null;
  role: string;
  implementation: string | null;
  deployed_at: string | null;
  block_number: number | null;
  source: string;
  source_file: string;
  abi: unknown[] | null;
  /** The active monitors of the latest monitor configuration watching it (an implementation: through its proxy). */
  monitored_by: string[];
}

/** The registry at `at`: each feed's latest snapshot, one entry per (chain, address), by chain then address. */
export async function contractRegistry(store: Store, at: number): Promise<RegistryEntry[]> {
  const [registry, monitors] = await Promise.all([
    registrySnapshot(store, at),
    store.snapshot<MonitorConfig>(MONITOR_CONFIG.kind, at + 1),
  ]);
  const contracts = [...byKey(registry).values()];
  const watchers = contractWatchers(contracts, monitors);
  return contracts
    .sort((a, b) => a.chain_id - b.chain_id || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map((c) => ({
      chain_id: c.chain_id,
      address: c.address,
      name: c.name,
      version: c.version,
      role: c.role,
      implementation: c.implementation,
      deployed_at: c.deployed_at === null ? null : new Date(c.deployed_at).toISOString(),
      block_number: c.block_number,
      source: c.source,
      source_file: c.source_file,
      abi: c.abi,
      monitored_by: watchers.get(c.external_id)?.monitors ?? [],
    }));
}

export function registrySnapshot(store: Store, at: number): Promise<ContractDeployment[]> {
  // The snapshot "before" `at`: one millisecond on, so a registry imported at `at` is included.
  return store.snapshot<ContractDeployment>(CONTRACT_DEPLOYMENT.kind, at + 1);
}

/**
 * The ABIs `web3 check` is given: the registry's (when asked) and those of
 * the files and folders named (dependency ABIs, build artifacts).
 */
export async function checkContractInterfaces(
  request: { store?: Store; at: number; paths: readonly string[] },
  config: Config,
): Promise<InterfaceCheck> {
  const sources: InterfaceSource[] = [];
  if (request.store) sources.push(...interfaceSources(await registrySnapshot(request.store, request.at)));
  for (const path of request.paths) sources.push(...abiFiles(path));
  return checkInterfaces(sources, { allowedNames: config.web3.allowed_names });
}

/**
 * The ABIs of a JSON file, or of every JSON file below a folder: a bare ABI
 * (a list), or an object with an `abi` list (hardhat-deploy, Foundry and
 * Hardhat artifacts, safe-deployments); in a folder, JSON files without one
 * are not ABIs and are passed over, a named file without one is refused.
 */
export function abiFiles(path: string): InterfaceSource[] {
  if (!isDirectory(path)) {
    const source = abiFile(path, path);
    if (!source)
      throw new InvalidInputError(path, [
        { line: 1, reason: "no ABI: neither a list nor an object with abi" },
      ]);
    return [source];
  }
  return directoryFiles(path)
    .filter((file) => file.endsWith(".json") && !file.endsWith(".dbg.json"))
    .flatMap((file) => abiFile(join(path, file), relative(process.cwd(), join(path, file))) ?? []);
}

function abiFile(path: string, location: string): InterfaceSource | null {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (missing) throw new SecmetricsError("not_found", `${path}: no such file or directory`);
    throw new InvalidInputError(path, [{ line: 1, reason: `invalid JSON: ${(error as Error).message}` }]);
  }
  const abi = Array.isArray(document) ? document : (document as { abi?: unknown } | null)?.abi;
  if (!Array.isArray(abi)) return null;
  const named = (document as { contractName?: unknown }).contractName;
  return {
    contract: typeof named === "string" && named !== "" ? named : basename(path, ".json"),
    location,
    chain_id: null,
    address: null,
    abi,
  };
}
