import { type ContractDeployment, deploymentKey } from "../../domains/web3/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { DirectoryFile, DirectorySource, ImportContext, RecordItem } from "../importer.ts";
import { field } from "../shared/fields.ts";
import { readJsonDocument, readText } from "../shared/json.ts";
import { directory } from "../shared/readers.ts";
import { folderSnapshotTime } from "../shared/snapshot-time.ts";
import { addEmissions } from "./contract-asts.ts";
import {
  type ArtifactFields,
  artifactOf,
  chainIdOf,
  classify,
  type DeploymentFile,
  FileProblem,
  type FoundContract,
  foundryContracts,
  hardhatDeployContract,
  ignitionContracts,
  networkFolders,
  safeDeploymentContracts,
} from "./deployment-files.ts";

const DEPLOYMENT_LAYOUTS = new Set(["hardhat-deploy-chain", "foundry", "ignition", "safe-deployments"]);

/**
 * A folder of smart contract deployments as a team keeps them in its
 * repository: hardhat-deploy `deployments/`, Foundry `broadcast/` (with
 * `out/` or Hardhat `artifacts/` for the ABIs), Hardhat Ignition
 * `ignition/deployments/`, or safe-deployments assets. The whole folder is
 * one snapshot of the registry; identity `(chain id, lowercased address)`.
 */
export const web3Deployments = defineImporter({
  id: "web3-deployments",
  title:
    "Smart contract deployments folder (hardhat-deploy, Foundry broadcast, Hardhat Ignition, safe-deployments)",
  kinds: ["contract_deployment"],
  // A folder says nothing of when it was read: a registry unchanged since
  // last month, imported with this month's --scanned-at, is a new snapshot.
  identityOptions: ["scannedAt"],
  detect: (sample) => {
    const networks = networkFolders(sample.files ?? []);
    return (sample.files ?? []).some((path) =>
      DEPLOYMENT_LAYOUTS.has(classify(path, networks)?.layout ?? ""),
    );
  },
  read: directory(readDeployments),
});

async function* readDeployments(
  folder: DirectorySource,
  ctx: ImportContext,
): AsyncIterable<RecordItem<ContractDeployment>> {
  const snapshotAt = folderSnapshotTime(folder, ctx);
  const networks = networkFolders(folder.files.map((file) => file.path));
  const chains = new Map<string, number>();
  const found: FoundContract[] = [];
  const artifacts = new Map<string, DirectoryFile[]>();
  // A hardhat-deploy file's compiler metadata, by file: its embedded sources are analysed when no AST is found.
  const metadata = new Map<string, unknown>();
  const problems: string[] = [];
  const classified = folder.files.map((file) => ({ file, kind: classify(file.path, networks) }));
  // Chain files first: a network folder's deployments need its chain id.
  for (const { file, kind } of classified)
    if (kind?.layout === "hardhat-deploy-chain")
      await attempt(file, problems, async () => {
        chains.set(kind.network, chainIdOf(await readText(file.open(), name(folder, file)), file.path));
      });
  for (const { file, kind } of classified) {
    if (kind === null || kind.layout === "hardhat-deploy-chain") continue;
    if (kind.layout === "artifact") {
      artifacts.set(kind.contract, [...(artifacts.get(kind.contract) ?? []), file]);
      continue;
    }
    await attempt(file, problems, async () => {
      const document = await readJsonDocument(file.open(), name(folder, file));
      if (kind.layout === "hardhat-deploy") metadata.set(file.path, field(document, "metadata"));
      found.push(...contractsOf(kind, document, file.path, chains));
    });
  }
  for (const problem of problems) yield { line: 1, problem };
  if (problems.length > 0) return;
  if (found.length === 0)
    throw new InvalidInputError(folder.name, [{ line: 1, reason: "no deployed contract in the folder" }]);
  await addArtifacts(found, artifacts, folder);
  await addEmissions(found, folder, metadata);
  for (const contract of merged(found))
    yield {
      line: 1,
      record: {
        kind: "contract_deployment",
        feed: "web3-deployments",
        external_id: deploymentKey(contract.chain_id, contract.address),
        snapshot_at: snapshotAt,
        ...contract,
      },
    };
}

function name(folder: DirectorySource, file: DirectoryFile): string {
  return `${folder.name}/${file.path}`;
}

/** Runs `read`, turning a file the importer cannot read as its layout into a problem naming it. */
async function attempt(file: DirectoryFile, problems: string[], read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    problems.push(error.message.startsWith(file.path) ? error.message : `${file.path}: ${error.message}`);
  }
}

function contractsOf(
  kind: Exclude<DeploymentFile, { layout: "artifact" | "hardhat-deploy-chain" }>,
  document: unknown,
  path: string,
  chains: ReadonlyMap<string, number>,
): FoundContract[] {
  switch (kind.layout) {
    case "hardhat-deploy": {
      const chain = chains.get(kind.network);
      // The network's chain file was unreadable: its problem is already reported.
      return chain === undefined ? [] : [hardhatDeployContract(document, path, chain)];
    }
    case "foundry":
      return foundryContracts(document, path, kind.chain_id);
    case "ignition":
      return ignitionContracts(document, path, kind.chain_id);
    case "safe-deployments":
      return safeDeploymentContracts(document, path);
  }
}

/**
 * The ABI and source file of each contract the deployment files name
 * without one, from the first compiler artifact of its name; only the
 * artifacts named are read, so a large `out/` costs what is deployed.
 */
async function addArtifacts(
  found: FoundContract[],
  artifacts: ReadonlyMap<string, DirectoryFile[]>,
  folder: DirectorySource,
): Promise<void> {
  const read = new Map<string, ArtifactFields>();
  for (const contract of found) {
    if (contract.abi !== null || contract.name === null) continue;
    const file = artifacts.get(contract.name)?.[0];
    if (!file) continue;
    let artifact = read.get(file.path);
    if (!artifact) {
      artifact = artifactOf(await readJsonDocument(file.open(), name(folder, file)), file.path);
      read.set(file.path, artifact);
    }
    contract.abi = artifact.abi;
    contract.contract_file ??= artifact.contract_file;
    contract.code_hash ??= artifact.code_hash;
    contract.source_hash ??= artifact.source_hash;
  }
}

/**
 * One contract per key. Files that name the same contract (hardhat-deploy's
 * `<Name>.json` and `<Name>_Proxy.json`, a contract in two Foundry scripts)
 * merge: the one with an ABI, not a `_Proxy` half, most recently deployed
 * gives the fields, the others fill what it lacks. An address another
 * contract names as its implementation is an implementation.
 */
function merged(found: readonly FoundContract[]): FoundContract[] {
  const byKey = new Map<string, FoundContract[]>();
  for (const contract of found) {
    const key = deploymentKey(contract.chain_id, contract.address);
    byKey.set(key, [...(byKey.get(key) ?? []), contract]);
  }
  const implementations = new Set(
    found
      .filter((c) => c.implementation !== null)
      .map((c) => deploymentKey(c.chain_id, c.implementation as string)),
  );
  return [...byKey.entries()].map(([key, same]) => {
    const [best, ...rest] = [...same].sort(preference);
    const contract = { ...(best as FoundContract) };
    for (const other of rest)
      for (const field of Object.keys(contract) as (keyof FoundContract)[])
        if (contract[field] === null) Object.assign(contract, { [field]: other[field] });
    if (contract.role === "contract" && implementations.has(key)) contract.role = "implementation";
    return contract;
  });
}

function preference(a: FoundContract, b: FoundContract): number {
  const rank = (c: FoundContract) => [
    c.abi === null ? 1 : 0,
    c.name?.endsWith("_Proxy") ? 1 : 0,
    -(c.deployed_at ?? 0),
  ];
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return a.source_file < b.source_file ? -1 : a.source_file > b.source_file ? 1 : 0;
}
