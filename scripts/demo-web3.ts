/**
 * Northwind Payments' smart contracts for the demo: its deployments
 * registry as hardhat-deploy keeps it (`deployments/<network>/.chainId` and
 * one `<Name>.json` per contract: address, ABI, transaction, block), one
 * folder snapshot at the end of each month, 2026-08 → 2026-10, on Ethereum
 * mainnet (chain 1) and Base (chain 8453). The ABIs are written by hand,
 * trimmed to a few entries each.
 *
 * The plan:
 * - August: the nUSD stablecoin token on both chains, the treasury vault
 *   behind a proxy on mainnet (`Vault`, its `Vault_Proxy` half and
 *   `Vault_Implementation`), the settlement contract on mainnet, and the
 *   payment router deployed with CREATE2 at the same address on both chains;
 * - September: the settlement contract on Base;
 * - October: `MerchantReceipt` on Base, an ERC-721 receipt for each
 *   merchant payout. Its `Transfer(address,address,uint256)` indexes the
 *   token id, the ERC-20 token's does not index the amount: the same topic0
 *   read with different indexed parameters, the registry's one interface
 *   collision.
 */

import { deploymentMetadata } from "./demo-web3-sources.ts";

const YEAR = 2026;

type Network = "mainnet" | "base";
const CHAIN_IDS: Record<Network, number> = { mainnet: 1, base: 8453 };

interface AbiParameter {
  name: string;
  type: string;
  indexed?: boolean;
}

type AbiEntry =
  | {
      type: "function";
      name: string;
      inputs: AbiParameter[];
      outputs: AbiParameter[];
      stateMutability: "view" | "nonpayable";
    }
  | { type: "event"; name: string; inputs: AbiParameter[]; anonymous: false }
  | { type: "constructor"; inputs: AbiParameter[]; stateMutability: "nonpayable" };

const param = (name: string, type: string, indexed?: boolean): AbiParameter =>
  indexed === undefined ? { name, type } : { name, type, indexed };
const view = (name: string, inputs: AbiParameter[], outputs: AbiParameter[]): AbiEntry => ({
  type: "function",
  name,
  inputs,
  outputs,
  stateMutability: "view",
});
const write = (name: string, inputs: AbiParameter[], outputs: AbiParameter[] = []): AbiEntry => ({
  type: "function",
  name,
  inputs,
  outputs,
  stateMutability: "nonpayable",
});
const event = (name: string, inputs: AbiParameter[]): AbiEntry => ({
  type: "event",
  name,
  inputs,
  anonymous: false,
});

const TOKEN_ABI: AbiEntry[] = [
  view("balanceOf", [param("account", "address")], [param("", "uint256")]),
  write("transfer", [param("to", "address"), param("value", "uint256")], [param("", "bool")]),
  write(
    "transferFrom",
    [param("from", "address"), param("to", "address"), param("value", "uint256")],
    [param("", "bool")],
  ),
  write("mint", [param("to", "address"), param("value", "uint256")]),
  // ERC-20: the amount is data, not a topic.
  event("Transfer", [
    param("from", "address", true),
    param("to", "address", true),
    param("value", "uint256", false),
  ]),
];

const VAULT_ABI: AbiEntry[] = [
  write("deposit", [param("assets", "uint256")], [param("shares", "uint256")]),
  write("withdraw", [param("shares", "uint256")], [param("assets", "uint256")]),
  view("totalAssets", [], [param("", "uint256")]),
  event("Deposited", [param("account", "address", true), param("assets", "uint256", false)]),
  event("Withdrawn", [param("account", "address", true), param("assets", "uint256", false)]),
];

/** The EIP-1967 proxy hardhat-deploy puts in front of the vault: `Vault.json` holds both ABIs. */
const PROXY_ABI: AbiEntry[] = [
  { type: "constructor", inputs: [param("implementation", "address")], stateMutability: "nonpayable" },
  write("upgradeTo", [param("newImplementation", "address")]),
  event("Upgraded", [param("implementation", "address", true)]),
];

const SETTLEMENT_ABI: AbiEntry[] = [
  write("settle", [param("batchId", "bytes32"), param("merchant", "address"), param("amount", "uint256")]),
  view("settled", [param("batchId", "bytes32")], [param("", "bool")]),
  event("BatchSettled", [
    param("batchId", "bytes32", true),
    param("merchant", "address", true),
    param("amount", "uint256", false),
  ]),
];

const ROUTER_ABI: AbiEntry[] = [
  write("pay", [param("merchant", "address"), param("amount", "uint256"), param("reference", "bytes32")]),
  event("PaymentRouted", [
    param("payer", "address", true),
    param("merchant", "address", true),
    param("amount", "uint256", false),
    param("reference", "bytes32", false),
  ]),
];

const RECEIPT_ABI: AbiEntry[] = [
  view("ownerOf", [param("tokenId", "uint256")], [param("", "address")]),
  write(
    "mintReceipt",
    [param("merchant", "address"), param("payoutId", "bytes32")],
    [param("tokenId", "uint256")],
  ),
  // ERC-721: the token id is indexed, so the third topic is not the ERC-20's data.
  event("Transfer", [
    param("from", "address", true),
    param("to", "address", true),
    param("tokenId", "uint256", true),
  ]),
];

interface PlannedContract {
  network: Network;
  /** The deployment file's name: `<name>.json`. */
  name: string;
  address: string;
  abi: AbiEntry[];
  /** First month (8–10) in the registry. */
  from: number;
  block: number;
  /** A proxy's implementation, as hardhat-deploy writes it into `<Name>.json`. */
  implementation?: string;
}

/** The payment router's CREATE2 address: the same salt and factory on every chain. */
const ROUTER = "0x7e1c0a5b3d9f2468ace013579bdf2468ace01357";
const VAULT_IMPLEMENTATION = "0x4b2d8e6f1a3c5e7092b4d6f8a1c3e5f709b2d4f6";
const VAULT_PROXY = "0x9a8b7c6d5e4f30211203f4e5d6c7b8a9fa0b1c2d";

const PLAN: readonly PlannedContract[] = [
  {
    network: "mainnet",
    name: "NorthwindUSD",
    address: "0x1f2e3d4c5b6a79880796a5b4c3d2e1f00f1e2d3c",
    abi: TOKEN_ABI,
    from: 8,
    block: 23_001_104,
  },
  {
    network: "mainnet",
    name: "Vault_Implementation",
    address: VAULT_IMPLEMENTATION,
    abi: VAULT_ABI,
    from: 8,
    block: 23_001_131,
  },
  {
    network: "mainnet",
    name: "Vault_Proxy",
    address: VAULT_PROXY,
    abi: PROXY_ABI,
    from: 8,
    block: 23_001_132,
  },
  {
    network: "mainnet",
    name: "Vault",
    address: VAULT_PROXY,
    abi: [...VAULT_ABI, ...PROXY_ABI],
    from: 8,
    block: 23_001_132,
    implementation: VAULT_IMPLEMENTATION,
  },
  {
    network: "mainnet",
    name: "Settlement",
    address: "0x3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f",
    abi: SETTLEMENT_ABI,
    from: 8,
    block: 23_001_160,
  },
  { network: "mainnet", name: "PaymentRouter", address: ROUTER, abi: ROUTER_ABI, from: 8, block: 23_001_175 },
  {
    network: "base",
    name: "NorthwindUSD",
    address: "0x5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80",
    abi: TOKEN_ABI,
    from: 8,
    block: 33_912_440,
  },
  { network: "base", name: "PaymentRouter", address: ROUTER, abi: ROUTER_ABI, from: 8, block: 33_912_512 },
  {
    network: "base",
    name: "Settlement",
    address: "0x6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091",
    abi: SETTLEMENT_ABI,
    from: 9,
    block: 35_104_007,
  },
  {
    network: "base",
    name: "MerchantReceipt",
    address: "0x8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3",
    abi: RECEIPT_ABI,
    from: 10,
    block: 36_402_215,
  },
];

/** One registry snapshot: its files (paths within the folder) and when it was taken. */
export interface RegistrySnapshot {
  /** The folder's name: `deployments-2026-08`. */
  name: string;
  /** `--scanned-at`: the month's last day, 23:30 UTC (the folder says no time of its own). */
  scanned_at: string;
  files: { path: string; text: string }[];
}

/** A transaction hash that is stable and distinct per contract: its block and address, hex. */
function transactionHash(contract: PlannedContract): string {
  const block = contract.block.toString(16).padStart(24, "0");
  return `0x${block}${contract.address.slice(2)}`;
}

export function registrySnapshots(): RegistrySnapshot[] {
  return [8, 9, 10].map((month) => {
    const mm = String(month).padStart(2, "0");
    const lastDay = new Date(Date.UTC(YEAR, month, 0)).getUTCDate();
    const files = (Object.keys(CHAIN_IDS) as Network[]).flatMap((network) => [
      { path: `${network}/.chainId`, text: `${CHAIN_IDS[network]}` },
      ...PLAN.filter((c) => c.network === network && c.from <= month).map((contract) => ({
        path: `${network}/${contract.name}.json`,
        text: `${JSON.stringify(deploymentFile(contract), null, 2)}\n`,
      })),
    ]);
    return { name: `deployments-${YEAR}-${mm}`, scanned_at: `${YEAR}-${mm}-${lastDay}T23:30:00Z`, files };
  });
}

function deploymentFile(contract: PlannedContract) {
  const hash = transactionHash(contract);
  return {
    address: contract.address,
    abi: contract.abi,
    transactionHash: hash,
    receipt: { transactionHash: hash, blockNumber: contract.block, status: 1 },
    ...(contract.implementation ? { implementation: contract.implementation } : {}),
    ...deploymentMetadata(contract.name),
  };
}

/**
 * The OpenZeppelin Monitor configuration watching the registry, one folder
 * snapshot at the end of September and of October (`config/networks/` and
 * `config/monitors/`). Monitoring started at the end of September for the
 * contracts of August; the settlement monitor was never extended to Base,
 * so the settlement contract deployed there in September stays unwatched;
 * October's MerchantReceipt is watched from the snapshot that lists it.
 */
interface PlannedMonitor {
  name: string;
  networks: Network[];
  addresses: string[];
  functions: string[];
  events: string[];
  /** First month (9–10) in the configuration. */
  from: number;
}

const address = (network: Network, name: string) =>
  (PLAN.find((c) => c.network === network && c.name === name) as PlannedContract).address;

const MONITORS: readonly PlannedMonitor[] = [
  {
    name: "nUSD supply and transfers",
    networks: ["mainnet", "base"],
    addresses: [address("mainnet", "NorthwindUSD"), address("base", "NorthwindUSD")],
    functions: ["mint(address,uint256)"],
    events: ["Transfer(address,address,uint256)"],
    from: 9,
  },
  {
    name: "Treasury vault",
    networks: ["mainnet"],
    addresses: [VAULT_PROXY],
    functions: ["upgradeTo(address)", "withdraw(uint256)"],
    events: ["Upgraded(address)", "Withdrawn(address,uint256)"],
    from: 9,
  },
  {
    name: "Settlement batches",
    networks: ["mainnet"],
    addresses: [address("mainnet", "Settlement")],
    functions: [],
    events: ["BatchSettled(bytes32,address,uint256)"],
    from: 9,
  },
  {
    name: "Payment routing",
    networks: ["mainnet", "base"],
    addresses: [ROUTER],
    functions: ["pay(address,uint256,bytes32)"],
    events: ["PaymentRouted(address,address,uint256,bytes32)"],
    from: 9,
  },
  {
    name: "Merchant receipts",
    networks: ["base"],
    addresses: [address("base", "MerchantReceipt")],
    functions: ["mintReceipt(address,bytes32)"],
    events: ["Transfer(address,address,uint256)"],
    from: 10,
  },
];

const NETWORK_SLUGS: Record<Network, string> = { mainnet: "ethereum_mainnet", base: "base_mainnet" };

export function monitorSnapshots(): RegistrySnapshot[] {
  return [9, 10].map((month) => {
    const mm = String(month).padStart(2, "0");
    const lastDay = new Date(Date.UTC(YEAR, month, 0)).getUTCDate();
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const files = [
      ...(Object.keys(CHAIN_IDS) as Network[]).map((network) => ({
        path: `config/networks/${NETWORK_SLUGS[network]}.json`,
        text: json({ network_type: "EVM", slug: NETWORK_SLUGS[network], chain_id: CHAIN_IDS[network] }),
      })),
      ...MONITORS.filter((m) => m.from <= month).map((monitor) => ({
        path: `config/monitors/${monitor.name.toLowerCase().replaceAll(" ", "_")}.json`,
        text: json({
          name: monitor.name,
          paused: false,
          networks: monitor.networks.map((network) => NETWORK_SLUGS[network]),
          addresses: monitor.addresses.map((a) => ({ address: a })),
          match_conditions: {
            functions: monitor.functions.map((signature) => ({ signature, expression: null })),
            events: monitor.events.map((signature) => ({ signature, expression: null })),
            transactions: [],
          },
          trigger_conditions: [],
          triggers: ["smart_contract_security_slack"],
        }),
      })),
    ];
    return { name: `monitors-${YEAR}-${mm}`, scanned_at: `${YEAR}-${mm}-${lastDay}T23:30:00Z`, files };
  });
}

/** An alert a monitor's notification became in the alert pipeline: the monitor's name is its rule. */
export interface MonitorAlert {
  created_at: number;
  severity: "critical" | "high" | "medium" | "low";
  source: string;
  rule: string;
  disposition: "open" | "true_positive" | "false_positive" | "benign";
  triaged_at: number | null;
  incident_id: null;
}

/**
 * October's alerts from the monitors, as triaged: the supply monitor fires
 * on every large transfer (mostly market makers: false positives), the
 * treasury monitor on a planned upgrade and a scheduled withdrawal (benign)
 * and one withdrawal nobody scheduled, the settlement monitor on batches
 * over the size limit, the routing monitor on every refund, the receipts
 * monitor on its first mints. Per monitor, [day, hour, severity, disposition].
 */
const MONITOR_ALERTS: Record<
  string,
  readonly [number, number, MonitorAlert["severity"], MonitorAlert["disposition"]][]
> = {
  "nUSD supply and transfers": [
    [1, 9, "medium", "false_positive"],
    [2, 14, "medium", "false_positive"],
    [4, 3, "high", "true_positive"],
    [6, 11, "medium", "false_positive"],
    [8, 16, "medium", "benign"],
    [10, 10, "medium", "false_positive"],
    [13, 8, "medium", "false_positive"],
    [15, 19, "medium", "benign"],
    [17, 12, "medium", "false_positive"],
    [20, 7, "high", "true_positive"],
    [22, 15, "medium", "false_positive"],
    [24, 13, "medium", "false_positive"],
    [27, 10, "medium", "benign"],
    [29, 18, "medium", "false_positive"],
  ],
  "Treasury vault": [
    [7, 10, "high", "benign"],
    [14, 2, "critical", "true_positive"],
    [28, 9, "high", "benign"],
  ],
  "Settlement batches": [
    [3, 6, "medium", "false_positive"],
    [9, 22, "high", "true_positive"],
    [16, 4, "medium", "false_positive"],
    [23, 5, "medium", "false_positive"],
    [30, 6, "medium", "false_positive"],
  ],
  "Payment routing": [
    [5, 12, "low", "false_positive"],
    [11, 17, "low", "false_positive"],
    [18, 9, "low", "false_positive"],
    [21, 13, "low", "false_positive"],
    [26, 11, "low", "false_positive"],
    [31, 20, "low", "open"],
  ],
  "Merchant receipts": [
    [31, 21, "low", "benign"],
    [31, 22, "low", "benign"],
  ],
};

/** The monitors' October alerts (triaged within the hour), for the alerts export of the demo. */
export function monitorAlerts(): MonitorAlert[] {
  return Object.entries(MONITOR_ALERTS).flatMap(([monitor, alerts]) =>
    alerts.map(([day, hour, severity, disposition]) => {
      const created = Date.UTC(YEAR, 9, day, hour, 17);
      return {
        created_at: created,
        severity,
        source: "OpenZeppelin Monitor",
        rule: monitor,
        disposition,
        triaged_at: disposition === "open" ? null : created + 40 * 60_000,
        incident_id: null,
      };
    }),
  );
}
