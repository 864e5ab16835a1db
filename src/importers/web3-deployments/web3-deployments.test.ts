import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ContractDeployment } from "../../domains/web3/records.ts";
import { directorySource } from "../file-source.ts";
import type { RecordItem } from "../importer.ts";
import { detectImporter } from "../registry.ts";
import { web3Deployments } from "./web3-deployments.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const IMPORTED_AT = Date.parse("2026-11-30T12:00:00Z");

async function parse(path: string, options: { scannedAt?: number } = {}) {
  const items: RecordItem<ContractDeployment>[] = [];
  const ctx = { timezone: "UTC", file: "folder", importedAt: IMPORTED_AT, ...options };
  for await (const item of web3Deployments.parse(directorySource(path), ctx)) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item.problem] : [])),
  };
}

const sample = (path: string) => {
  const folder = directorySource(path);
  return { name: folder.name, head: "", files: folder.files.map((file) => file.path) };
};

describe("hardhat-deploy (ENS mainnet deployments)", () => {
  it("reads one contract per deployment file, keyed by chain 1 and the lowercased address", async () => {
    // ls fixtures/ens/deployments/mainnet/*.json | wc -l → 24;
    // jq -r '.address|ascii_downcase' fixtures/ens/deployments/mainnet/*.json | sort -u | wc -l → 24
    const { records, problems } = await parse(fixture("ens"));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(24);
    expect(new Set(records.map((r) => r.chain_id))).toEqual(new Set([1]));
    expect(records.every((r) => r.snapshot_at === IMPORTED_AT && r.abi !== null)).toBe(true);
  });

  it("keeps what a full deployment file says, and takes a file of only address and abi", async () => {
    const { records } = await parse(fixture("ens"));
    const byName = new Map(records.map((r) => [r.name, r]));
    // jq -c '{address, transactionHash, n: .receipt.blockNumber, t: (.metadata|fromjson|.settings.compilationTarget|keys[0]), abi: (.abi|length)}' NameWrapper.json
    expect(byName.get("NameWrapper")).toMatchObject({
      external_id: "1:0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401",
      address: "0xd4416b13d2b3a9abae7acd5d6c2bbdbe25686401",
      block_number: 16925608,
      role: "contract",
      source: "hardhat-deploy",
      source_file: "deployments/mainnet/NameWrapper.json",
      contract_file: "contracts/wrapper/NameWrapper.sol",
    });
    expect(byName.get("NameWrapper")?.abi).toHaveLength(70);
    // ENSRegistry.json holds only {address, abi}.
    expect(byName.get("ENSRegistry")).toMatchObject({
      address: "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e",
      transaction_hash: null,
      block_number: null,
      contract_file: null,
    });
  });

  it("carries the Keccak-256 the compiler metadata records for each contract's own source file", async () => {
    // ls *.json | xargs -n1 jq -r 'select(.metadata) | (.metadata|fromjson) as $m
    //   | $m.sources[$m.settings.compilationTarget|keys[0]].keccak256' | wc -l → 20 (the 4 address-and-abi files have none)
    const { records } = await parse(fixture("ens"));
    expect(records.filter((r) => r.source_hash !== null)).toHaveLength(20);
    // … | select(.key == "contracts/wrapper/NameWrapper.sol") on NameWrapper.json's metadata sources
    expect(records.find((r) => r.name === "NameWrapper")).toMatchObject({
      source_hash: "0x91ee0a58d8ecf132c4e7fba9a25bbf45bbfc3634f2024b30a6a2eea4a151ed0c",
      code_hash: null,
    });
    // The fixture's deployedBytecode was trimmed away (fixtures/SOURCES.md): no bytecode hash.
    expect(records.every((r) => r.code_hash === null)).toBe(true);
  });

  it("is detected from the folder's file list: the .chainId beside the deployment files", () => {
    expect(detectImporter(sample(fixture("ens"))).id).toBe("web3-deployments");
  });
});

describe("Foundry broadcast (stealth-address-erc-contracts, chains 1, 10, 11155111)", () => {
  it("reads the CREATE2 contracts of each chain's run-latest.json, not older runs", async () => {
    // jq -r '.chain as $c | .transactions[] | select(.transactionType|test("CREATE")) | "\($c):\(.contractAddress|ascii_downcase)"' \
    //   fixtures/stealth/broadcast/*/*/run-latest.json | sort -u → 5 (2 on chain 1, 2 on 10, 1 on 11155111)
    const { records, problems } = await parse(fixture("stealth"));
    expect(problems).toEqual([]);
    expect(records.map((r) => r.external_id).sort()).toEqual([
      "10:0x55649e01b5df198d18d95b5cc5051630cfd45564",
      "10:0x6538e6bf4b0ebd30a8ea093027ac2422ce5d6538",
      "11155111:0x6538e6bf4b0ebd30a8ea093027ac2422ce5d6538",
      "1:0x55649e01b5df198d18d95b5cc5051630cfd45564",
      "1:0x6538e6bf4b0ebd30a8ea093027ac2422ce5d6538",
    ]);
  });

  it("takes a CREATE2 transaction's address when its receipt's is null, the block from the receipt, seconds as seconds", async () => {
    const { records } = await parse(fixture("stealth"));
    const onMainnet = records.find((r) => r.external_id === "1:0x55649e01b5df198d18d95b5cc5051630cfd45564");
    // run-latest.json of chain 1: receipts[0].contractAddress null, blockNumber 0x131d1df = 20042207, timestamp 1717790535 (s).
    expect(onMainnet).toMatchObject({
      name: "ERC5564Announcer",
      block_number: 0x131d1df,
      deployed_at: 1717790535 * 1000,
      transaction_hash: "0xcafab020028fef34ad515a32aa1803e26560f0cfa4bfcc9397907a03f9afa300",
      source: "foundry",
      source_file: "broadcast/Deploy.s.sol/1/run-latest.json",
      contract_file: "src/ERC5564Announcer.sol",
    });
    // The ABI comes from out/ERC5564Announcer.sol/ERC5564Announcer.json: announce and Announcement.
    expect(onMainnet?.abi).toHaveLength(2);
  });
});

describe("safe-deployments (ProxyFactory 1.0.0, MultiSend 1.3.0)", () => {
  it("reads one contract per chain and deployment type", async () => {
    // jq -r '. as $d | .networkAddresses | to_entries[] | .key as $k | (.value | if type=="array" then .[] else . end)
    //   | "\($k):\($d.deployments[.].address|ascii_downcase)"' fixtures/safe/src/assets/*/*.json | sort -u | wc -l → 16
    const { records, problems } = await parse(fixture("safe"));
    expect(problems).toEqual([]);
    expect(records).toHaveLength(16);
    // Chain 1 has MultiSend 1.3.0 twice: canonical 0xa238… and eip155 0x9987….
    expect(records.filter((r) => r.chain_id === 1).map((r) => [r.name, r.version, r.address])).toEqual([
      ["ProxyFactory", "1.0.0", "0x12302fe9c02ff50939baaaaf415fc226c078613c"],
      ["MultiSend", "1.3.0", "0xa238cbeb142c10ef7ad8442c6d1f9e89e07e7761"],
      ["MultiSend", "1.3.0", "0x998739bfdaadde7c933b942a68053933098f9eda"],
    ]);
  });

  it("carries the code hash of each deployment type, for the older shape too", async () => {
    // jq -r '.deployments|to_entries[]|"\(.key) \(.value.codeHash)"' multi_send.json proxy_factory.json
    const { records } = await parse(fixture("safe"));
    expect(records.filter((r) => r.chain_id === 1).map((r) => [r.name, r.code_hash])).toEqual([
      ["ProxyFactory", "0x84a375ad96ab395850d46cd601ed6354d3cf3fb67cec0caf18f34af5c9d1a7f0"],
      ["MultiSend", "0x0208282bd262360d0320862c5ac70f375f5ed3b9d89a83a615b4d398415bdc83"],
      ["MultiSend", "0x81db0e4afdf5178583537b58c5ad403bd47a4ac7f9bde2442ef3e341d433126a"],
    ]);
  });
});

describe("event emission at import, from the compiler's AST", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "secmetrics-web3-events-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const ADDRESS = "0x4444444444444444444444444444444444444444";
  const deployedAs = (folder: string, path: string, content: unknown) => {
    cpSync(fixture(folder), root, { recursive: true });
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content));
  };

  it("analyses a Foundry contract from its out/ artifact and those of the sources it imports", async () => {
    // A hand-made broadcast naming veBalFeeInjector; out/ is the real one (fixtures/SOURCES.md).
    deployedAs("vebal", "broadcast/Deploy.s.sol/1/run-latest.json", {
      transactions: [
        { transactionType: "CREATE", contractName: "veBalFeeInjector", contractAddress: ADDRESS },
      ],
    });
    const [injector] = (await parse(root)).records;
    expect(injector).toMatchObject({ analysis: "ast", contract_file: "contracts/veBalFeeInjector.sol" });
    // 9 state-changing functions, 8 emit, withdraw none: counted by hand in event-emission.test.ts.
    expect(injector?.functions?.map((f) => f.emission)).toEqual([...Array(8).fill("emits"), "none"]);
  });

  it("analyses a Hardhat Ignition contract from the build-info that compiled it", async () => {
    deployedAs("lock", "ignition/deployments/chain-31337/deployed_addresses.json", {
      "LockModule#Lock": ADDRESS,
    });
    const [lock] = (await parse(root)).records;
    expect(lock?.analysis).toBe("ast");
    expect(lock?.functions?.map((f) => [f.signature, f.emission, f.events])).toEqual([
      ["withdraw()", "emits", ["Withdrawal(uint256,uint256)"]],
    ]);
  });

  it("leaves a contract without an AST unanalysed: ENS's deployment files keep no sources", async () => {
    const { records } = await parse(fixture("ens"));
    expect(records.every((r) => r.functions === null && r.analysis === null)).toBe(true);
  });

  it("analyses a hardhat-deploy contract from the sources its metadata embeds when there is no AST", async () => {
    const { records, problems } = await parse(fixture("ens-sources"));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.name, r.analysis])).toEqual([
      ["ReverseRegistrar", "source"],
      ["SimplePublicSuffixList", "source"],
    ]);
    // ReverseRegistrar: 9 functions, 9 emit, counted by hand in solidity-source.test.ts.
    // SimplePublicSuffixList, by hand from its metadata's sources: addPublicSuffixes emits
    // SuffixAdded, transferOwnership (Ownable) OwnershipTransferred; isPublicSuffix, isOwner, owner view.
    expect(records[1]?.functions?.map((f) => [f.signature, f.emission, f.events])).toEqual([
      ["addPublicSuffixes(bytes[])", "emits", ["SuffixAdded(bytes)"]],
      ["transferOwnership(address)", "emits", ["OwnershipTransferred(address,address)"]],
    ]);
  });

  it("refuses a deployment whose embedded source does not parse, naming the file, source and line", async () => {
    cpSync(fixture("ens-sources"), root, { recursive: true });
    const path = join(root, "deployments/mainnet/SimplePublicSuffixList.json");
    const document = JSON.parse(readFileSync(path, "utf8"));
    const metadata = JSON.parse(document.metadata);
    metadata.sources["contracts/root/Ownable.sol"].content =
      "pragma solidity ^0.8.4;\ncontract Ownable {\n  address public\n";
    writeFileSync(path, JSON.stringify({ ...document, metadata: JSON.stringify(metadata) }));
    await expect(parse(root)).rejects.toThrow(
      /deployments\/mainnet\/SimplePublicSuffixList\.json.*metadata source contracts\/root\/Ownable\.sol line \d+/s,
    );
  });
});

describe("edge cases (hand-made folders)", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "secmetrics-web3-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === "string" ? content : JSON.stringify(content));
  };
  const ADDRESS = "0x1111111111111111111111111111111111111111";
  const PROXY = "0x2222222222222222222222222222222222222222";
  const IMPL = "0x3333333333333333333333333333333333333333";

  it("reads a newer Foundry run stamped in milliseconds, its calldata under data, with no receipts", async () => {
    write("broadcast/Deploy.s.sol/8453/run-latest.json", {
      transactions: [
        {
          hash: "0xaa",
          transactionType: "CREATE",
          contractName: "Vault",
          contractAddress: ADDRESS,
          transaction: { data: "0x" },
        },
        { hash: "0xbb", transactionType: "CALL", contractName: "Vault", contractAddress: ADDRESS },
      ],
      receipts: [],
      timestamp: 1733097600000,
      chain: 8453,
    });
    const { records } = await parse(root);
    expect(records.map((r) => [r.external_id, r.deployed_at, r.block_number, r.abi])).toEqual([
      [`8453:${ADDRESS}`, Date.parse("2024-12-02T00:00:00Z"), null, null],
    ]);
  });

  it("merges a hardhat-deploy proxy with its _Proxy half and marks its implementation, chain from hardhat-deploy 2's .chain", async () => {
    write("deployments/base/.chain", { chainId: "8453", genesisHash: "0x00" });
    write("deployments/base/Vault.json", { address: PROXY, abi: [], implementation: IMPL });
    write("deployments/base/Vault_Proxy.json", { address: PROXY, abi: [] });
    write("deployments/base/Vault_Implementation.json", { address: IMPL, abi: [] });
    write("deployments/base/solcInputs/abc.json", { language: "Solidity" });
    const { records } = await parse(root);
    expect(records.map((r) => [r.external_id, r.name, r.role, r.implementation])).toEqual([
      [`8453:${PROXY}`, "Vault", "proxy", IMPL],
      [`8453:${IMPL}`, "Vault_Implementation", "implementation", null],
    ]);
  });

  it("hashes the runtime bytecode of a hardhat-deploy file and of a Foundry artifact, with its source's metadata hash", async () => {
    // node -e 'keccak_256(Buffer.from("6080604052", "hex"))' → 0x1c33…; of "60806040" → 0xc688…
    write("deployments/base/.chainId", "8453");
    write("deployments/base/Vault.json", { address: PROXY, abi: [], deployedBytecode: "0x6080604052" });
    write("deployments/base/Linked.json", { address: IMPL, abi: [], deployedBytecode: "0x73__$ab$__" });
    write("broadcast/Deploy.s.sol/1/run-latest.json", {
      transactions: [{ transactionType: "CREATE", contractName: "Pool", contractAddress: ADDRESS }],
    });
    const hash = `0x${"CD".repeat(32)}`;
    write("out/Pool.sol/Pool.json", {
      abi: [],
      deployedBytecode: { object: "0x60806040" },
      metadata: {
        settings: { compilationTarget: { "src/Pool.sol": "Pool" } },
        sources: { "src/Pool.sol": { keccak256: hash } },
      },
    });
    const { records } = await parse(root);
    expect(records.map((r) => [r.name, r.contract_file, r.code_hash, r.source_hash])).toEqual([
      [
        "Pool",
        "src/Pool.sol",
        "0xc688f92bc1557ca1b3c5a2e10c354abf09210aebb62fadc4b62310122f8d377b",
        hash.toLowerCase(),
      ],
      // Unlinked library placeholders are not bytes: no hash rather than a wrong one.
      ["Linked", null, null, null],
      ["Vault", null, "0x1c3374235d773b2189aed115aa13143020fcdbbe86e38f358cf3e4771b2f0244", null],
    ]);
  });

  it("reads a Hardhat Ignition deployment, one address under two futures once", async () => {
    write("ignition/deployments/chain-1/deployed_addresses.json", {
      "TokenModule#Token": ADDRESS,
      "TokenModule#TokenAlias": ADDRESS,
      "ProxyModule#TransparentUpgradeableProxy": PROXY,
    });
    write("ignition/deployments/chain-1/artifacts/TokenModule#Token.json", {
      contractName: "Token",
      sourceName: "contracts/Token.sol",
      abi: [{ type: "function", name: "burn", inputs: [{ type: "uint256" }] }],
    });
    const { records } = await parse(root, { scannedAt: Date.parse("2026-11-01T00:00:00Z") });
    expect(records.map((r) => [r.external_id, r.name, r.role, r.contract_file, r.snapshot_at])).toEqual([
      [`1:${ADDRESS}`, "Token", "contract", "contracts/Token.sol", Date.parse("2026-11-01T00:00:00Z")],
      [`1:${PROXY}`, "TransparentUpgradeableProxy", "proxy", null, Date.parse("2026-11-01T00:00:00Z")],
    ]);
  });

  it("names the file and the reason of a bad address, and refuses a folder with no contract", async () => {
    write("deployments/mainnet/.chainId", "1");
    write("deployments/mainnet/Bad.json", { address: "0x12", abi: [] });
    expect((await parse(root)).problems).toEqual([
      'deployments/mainnet/Bad.json: address "0x12" is not an address',
    ]);
    rmSync(join(root, "deployments/mainnet/Bad.json"));
    await expect(parse(root)).rejects.toThrow("no deployed contract in the folder");
  });
});
