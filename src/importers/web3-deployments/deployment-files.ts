import type { ContractDeployment, ContractRole, DeploymentSource } from "../../domains/web3/records.ts";
import { bytecodeHash } from "../../model/solidity-hashes.ts";
import { isObject, type Json, list, num, obj, str } from "../shared/fields.ts";

/** A contract a deployment file names, before the folder's files are merged by key. */
export type FoundContract = Omit<ContractDeployment, "kind" | "feed" | "external_id" | "snapshot_at">;

/** What a file of the folder is to the importer, from its path alone. */
export type DeploymentFile =
  | { layout: "hardhat-deploy"; network: string }
  | { layout: "hardhat-deploy-chain"; network: string }
  | { layout: "foundry"; chain_id: number }
  | { layout: "ignition"; chain_id: number }
  | { layout: "safe-deployments" }
  | { layout: "artifact"; contract: string };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The layouts the importer knows, by path: a hardhat-deploy network folder
 * (`<network>/.chainId` or `.chain`, its `<Name>.json` beside them), a
 * Foundry broadcast (`broadcast/<Script>.s.sol/<chainId>/run-latest.json`;
 * older runs and dry runs are history, not the deployed state), a Hardhat
 * Ignition deployment (`chain-<id>/deployed_addresses.json`), a
 * safe-deployments asset (`assets/v<version>/<name>.json`), and compiler
 * artifacts that give a Foundry or Ignition contract its ABI (Foundry
 * `out/<File>.sol/<Contract>.json`, Hardhat `artifacts/**\/<Contract>.json`).
 */
export function classify(path: string, networks: ReadonlySet<string>): DeploymentFile | null {
  const parts = path.split("/");
  const base = parts.at(-1) ?? "";
  const parent = parts.slice(0, -1).join("/");
  if (base === ".chainId" || base === ".chain") return { layout: "hardhat-deploy-chain", network: parent };
  if (networks.has(parent) && base.endsWith(".json") && !base.startsWith("."))
    return { layout: "hardhat-deploy", network: parent };
  const run = /(?:^|\/)broadcast\/[^/]+\/(\d+)\/run-latest\.json$/.exec(path);
  if (run) return { layout: "foundry", chain_id: Number(run[1]) };
  const ignition = /(?:^|\/)chain-(\d+)\/deployed_addresses\.json$/.exec(path);
  if (ignition) return { layout: "ignition", chain_id: Number(ignition[1]) };
  if (/(?:^|\/)assets\/v\d+\.\d+\.\d+\/[^/]+\.json$/.test(path)) return { layout: "safe-deployments" };
  const artifact = /(?:^|\/)(?:out\/[^/]+\.sol|artifacts(?:\/.*)?)\/([^/#]+#)?([^/.#]+)\.json$/.exec(path);
  if (artifact && !path.includes("/build-info/"))
    return { layout: "artifact", contract: artifact[2] as string };
  return null;
}

/** The hardhat-deploy network folders of a file list: those holding a `.chainId` or a `.chain`. */
export function networkFolders(paths: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const path of paths) {
    const classified = classify(path, new Set());
    if (classified?.layout === "hardhat-deploy-chain") folders.add(classified.network);
  }
  return folders;
}

/** Thrown for a file the importer cannot read as its layout: the message is the reason. */
export class FileProblem extends Error {}

export function addressOf(value: unknown, what: string): string {
  const text = str(value);
  if (text === null || !ADDRESS.test(text))
    throw new FileProblem(`${what} ${JSON.stringify(value ?? null)} is not an address`);
  return text.toLowerCase();
}

function abiOf(document: Json, path: string): unknown[] | null {
  if (document.abi === undefined) return null;
  if (!Array.isArray(document.abi) || !document.abi.every(isObject))
    throw new FileProblem(`${path}: abi is not a list of ABI entries`);
  return document.abi;
}

/** A chain id from `.chainId` (a number as text) or hardhat-deploy 2's `.chain` (JSON with `chainId` or `id`). */
export function chainIdOf(text: string, path: string): number {
  const trimmed = text.trim();
  let value: unknown = trimmed;
  if (path.endsWith("/.chain") || path === ".chain") {
    try {
      const chain = JSON.parse(trimmed) as unknown;
      value = isObject(chain) ? (chain.chainId ?? chain.id) : chain;
    } catch {
      throw new FileProblem(`${path}: not JSON`);
    }
  }
  const id = typeof value === "number" ? value : /^\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new FileProblem(`${path}: ${JSON.stringify(value)} is not a chain id`);
  return id;
}

/** A compiler metadata, which hardhat-deploy keeps as JSON text; null when it is not a JSON object. */
export function compilerMetadata(metadata: unknown): Json | null {
  if (typeof metadata !== "string") return isObject(metadata) ? metadata : null;
  try {
    const parsed = JSON.parse(metadata) as unknown;
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The source file a compiler metadata names as its compilation target (`contracts/Foo.sol`). */
function compilationTarget(metadata: unknown): string | null {
  const target = obj(compilerMetadata(metadata), "settings.compilationTarget");
  return target ? (Object.keys(target)[0] ?? null) : null;
}

/** The Keccak-256 of a file's runtime bytecode: `deployedBytecode` as hex text (Hardhat, hardhat-deploy) or its `object` (Foundry). */
function codeHashOf(document: Json): string | null {
  const code = str(document, "deployedBytecode") ?? str(document, "deployedBytecode.object");
  return code === null ? null : bytecodeHash(code);
}

/** The Keccak-256 a compiler metadata records for a source file's text. */
function sourceHashOf(metadata: unknown, file: string | null): string | null {
  const source = file === null ? undefined : obj(compilerMetadata(metadata), "sources")?.[file];
  return str(source, "keccak256")?.toLowerCase() ?? null;
}

/**
 * A hardhat-deploy `<Name>.json`: `address` and `abi` at least; the
 * transaction, its receipt's block, the compiler metadata and a proxy's
 * `implementation` when the deployment was made by hardhat-deploy itself.
 * `<Name>_Implementation.json` and `<Name>_Proxy.json` are the two halves
 * of a proxy deployment that `<Name>.json` merges.
 */
export function hardhatDeployContract(document: unknown, path: string, chainId: number): FoundContract {
  if (!isObject(document)) throw new FileProblem(`${path}: not a JSON object`);
  const name = (path.split("/").at(-1) as string).replace(/\.json$/, "");
  const implementation =
    document.implementation === undefined || document.implementation === null
      ? null
      : addressOf(document.implementation, "implementation");
  const role: ContractRole =
    implementation !== null || name.endsWith("_Proxy")
      ? "proxy"
      : name.endsWith("_Implementation")
        ? "implementation"
        : "contract";
  return {
    chain_id: chainId,
    address: addressOf(document.address, "address"),
    name,
    version: null,
    role,
    implementation,
    deployed_at: null,
    block_number: num(document, "receipt.blockNumber"),
    transaction_hash: str(document, "transactionHash"),
    source: "hardhat-deploy",
    source_file: path,
    contract_file: compilationTarget(document.metadata),
    abi: abiOf(document, path),
    functions: null,
    analysis: null,
    code_hash: codeHashOf(document),
    source_hash: sourceHashOf(document.metadata, compilationTarget(document.metadata)),
  };
}

/**
 * Foundry stamps a run in seconds in older files and in milliseconds in
 * newer ones: a value below 10^11 (in seconds, the year 5138) is seconds.
 */
export function runTime(timestamp: number | null): number | null {
  if (timestamp === null) return null;
  return timestamp < 1e11 ? timestamp * 1000 : timestamp;
}

function hexNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  const text = str(value);
  if (text === null) return null;
  const parsed = text.startsWith("0x") ? Number.parseInt(text.slice(2), 16) : Number(text);
  return Number.isSafeInteger(parsed) ? parsed : null;
}

/**
 * The contracts a Foundry run created: every CREATE or CREATE2 transaction
 * (its `contractAddress`: a CREATE2 receipt's own may be null, made by the
 * factory) and the contracts a transaction made along the way
 * (`additionalContracts`). Receipts may be missing (a run not broadcast to
 * the end): then the block is unknown. The ABI comes later, by name, from
 * the folder's artifacts.
 */
export function foundryContracts(document: unknown, path: string, chainId: number): FoundContract[] {
  if (!isObject(document) || !Array.isArray(document.transactions))
    throw new FileProblem(`${path}: no transactions list`);
  const blocks = new Map<string, number | null>();
  for (const receipt of list(document.receipts).filter(isObject))
    blocks.set(String(str(receipt, "transactionHash")).toLowerCase(), hexNumber(receipt.blockNumber));
  const deployedAt = runTime(num(document, "timestamp"));
  const found: FoundContract[] = [];
  for (const [index, transaction] of document.transactions.entries()) {
    if (!isObject(transaction)) throw new FileProblem(`${path}: transaction ${index} is not an object`);
    const hash = str(transaction, "hash");
    const block = hash === null ? null : (blocks.get(hash.toLowerCase()) ?? null);
    const common = {
      chain_id: chainId,
      version: null,
      implementation: null,
      deployed_at: deployedAt,
      block_number: block,
      transaction_hash: hash,
      source: "foundry" as const,
      source_file: path,
      contract_file: null,
      abi: null,
      functions: null,
      analysis: null,
      code_hash: null,
      source_hash: null,
    };
    const type = str(transaction, "transactionType");
    if (type === "CREATE" || type === "CREATE2") {
      const name = str(transaction, "contractName");
      found.push({
        ...common,
        address: addressOf(transaction.contractAddress, `transaction ${index} contractAddress`),
        name,
        role: roleByName(name),
      });
    }
    for (const [at, extra] of list(transaction.additionalContracts).entries()) {
      if (!isObject(extra)) continue;
      const name = str(extra, "contractName");
      found.push({
        ...common,
        address: addressOf(extra.address, `transaction ${index} additional contract ${at}`),
        name,
        role: roleByName(name),
      });
    }
  }
  return found;
}

/** Without a deployment tool that says so, a proxy is known by its contract's name (ERC1967Proxy, TransparentUpgradeableProxy). */
function roleByName(name: string | null): ContractRole {
  return name !== null && /Proxy$/.test(name) && !/ProxyAdmin|ProxyFactory/.test(name) ? "proxy" : "contract";
}

/** A Hardhat Ignition `deployed_addresses.json`: `{"<Module>#<Contract>": "0x…"}`. */
export function ignitionContracts(document: unknown, path: string, chainId: number): FoundContract[] {
  if (!isObject(document)) throw new FileProblem(`${path}: not a JSON object`);
  return Object.entries(document).map(([future, address]) => {
    const name = future.includes("#") ? future.slice(future.indexOf("#") + 1) : future;
    return {
      chain_id: chainId,
      address: addressOf(address, future),
      name,
      version: null,
      role: roleByName(name),
      implementation: null,
      deployed_at: null,
      block_number: null,
      transaction_hash: null,
      source: "ignition",
      source_file: path,
      contract_file: null,
      abi: null,
      functions: null,
      analysis: null,
      code_hash: null,
      source_hash: null,
    };
  });
}

/**
 * A safe-deployments asset: one contract at one version over many chains.
 * `networkAddresses` maps a chain id to a deployment type (`canonical`,
 * `eip155`, `zksync`) or a list of them, each type's address in
 * `deployments`; the older shape maps the chain id to the address itself.
 */
export function safeDeploymentContracts(document: unknown, path: string): FoundContract[] {
  if (!isObject(document) || !isObject(document.networkAddresses))
    throw new FileProblem(`${path}: no networkAddresses`);
  const types = obj(document, "deployments") ?? {};
  const found: FoundContract[] = [];
  for (const [chain, value] of Object.entries(document.networkAddresses)) {
    const chainId = Number(chain);
    if (!Number.isSafeInteger(chainId) || chainId <= 0)
      throw new FileProblem(`${path}: ${chain} is not a chain id`);
    for (const entry of Array.isArray(value) ? value : [value]) {
      const text = str(entry);
      const named = text !== null && !text.startsWith("0x");
      const typed = named ? str(types[text], "address") : text;
      // The older shape names the address itself: its deployment type, if listed, still gives the code hash.
      const type = Object.values(types).find(
        (t) => str(t, "address")?.toLowerCase() === typed?.toLowerCase(),
      );
      if (typed === null)
        throw new FileProblem(
          `${path}: chain ${chain}: deployment type ${JSON.stringify(entry)} is not in deployments`,
        );
      found.push({
        chain_id: chainId,
        address: addressOf(typed, `chain ${chain} address`),
        name: str(document, "contractName"),
        version: str(document, "version"),
        role: "contract",
        implementation: null,
        deployed_at: null,
        block_number: null,
        transaction_hash: null,
        source: "safe-deployments",
        source_file: path,
        contract_file: null,
        abi: abiOf(document, path),
        functions: null,
        analysis: null,
        // The hash of the code on chain, which the older shape (an address per chain) does not give.
        code_hash: str(type, "codeHash")?.toLowerCase() ?? null,
        source_hash: null,
      });
    }
  }
  return found;
}

/** What a compiler artifact gives the contract a deployment file names by name alone. */
export type ArtifactFields = Pick<FoundContract, "abi" | "contract_file" | "code_hash" | "source_hash">;

/**
 * A compiler artifact's ABI, source file (Foundry's `ast.absolutePath` or
 * metadata, Hardhat's `sourceName`), runtime bytecode's hash, and the
 * source's hash when the artifact carries the compiler metadata (Foundry's
 * `metadata` or `rawMetadata`; Hardhat keeps it in the build-info).
 */
export function artifactOf(document: unknown, path: string): ArtifactFields {
  if (!isObject(document)) return { abi: null, contract_file: null, code_hash: null, source_hash: null };
  const metadata = document.metadata ?? document.rawMetadata;
  const file =
    str(document, "sourceName") ?? str(document, "ast.absolutePath") ?? compilationTarget(metadata);
  return {
    abi: abiOf(document, path),
    contract_file: file,
    code_hash: codeHashOf(document),
    source_hash: sourceHashOf(metadata, file),
  };
}
