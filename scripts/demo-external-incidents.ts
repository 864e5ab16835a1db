/**
 * What Northwind's protocol team learns from other projects, for the demo:
 * public incidents of September and October 2026 in the shape of
 * DeFiHackLabs' list (the projects are invented), and the team's triage
 * register. Northwind deploys on Ethereum, Arbitrum and Base: the BNB
 * Chain incidents are not relevant. No randomness.
 *
 * The storyline: the October bridge and governance attacks are triaged
 * within two days and open action items; the vault share inflation is
 * triaged late, after the Base deployment review; one September oracle
 * incident is never triaged.
 */
import type { DemoFile } from "./demo-operations.ts";

interface DemoExternalIncident {
  date: string;
  project: string;
  attack: string;
  lost: string;
  link: string;
}

const INCIDENTS: readonly DemoExternalIncident[] = [
  {
    date: "20261027",
    project: "HarborLend",
    attack: "Price Oracle Manipulation",
    lost: "~$1.2M",
    link: "https://etherscan.io/tx/0x1b3c5e7a9c1e3a5c7e9a1c3e5a7c9e1a3c5e7a9c1e3a5c7e9a1c3e5a7c9e1a3c",
  },
  {
    date: "20261021",
    project: "QuayBridge",
    attack: "Unverified message attestation",
    lost: "~$3.4M",
    link: "https://arbiscan.io/tx/0x2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e",
  },
  {
    date: "20261014",
    project: "PierSwap",
    attack: "Reentrancy",
    lost: "80 BNB (~$48K)",
    link: "https://bscscan.com/tx/0x3d5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f",
  },
  {
    date: "20261009",
    project: "DockVault",
    attack: "ERC-4626 share inflation",
    lost: "~$410K",
    link: "https://basescan.org/tx/0x4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a",
  },
  {
    date: "20261003",
    project: "WharfDAO",
    attack: "Governance takeover via flash-loaned votes",
    lost: "~$2.1M",
    link: "https://etherscan.io/tx/0x5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b",
  },
  {
    date: "20260922",
    project: "MooringFi",
    attack: "Access Control",
    lost: "$650K",
    link: "https://etherscan.io/tx/0x6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c",
  },
  {
    date: "20260915",
    project: "BuoyToken",
    attack: "Deflationary burn-from-pair price manipulation",
    lost: "12 BNB (~$7K)",
    link: "https://bscscan.com/tx/0x7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d1f3b5d7f9b1d3f5b7d9f1b3d5f7b9d",
  },
  {
    date: "20260904",
    project: "KeelPerps",
    attack: "Stale oracle price",
    lost: "~$900K",
    link: "https://arbiscan.io/tx/0x8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e0a2c4e6a8c0e",
  },
];

/** The list as DeFiHackLabs' README writes it: a heading, the loss, the PoC command, the links. */
export function externalIncidentsList(): DemoFile {
  const entries = INCIDENTS.flatMap((incident) => [
    `### ${incident.date} ${incident.project} - ${incident.attack}`,
    "",
    `### Lost: ${incident.lost}`,
    "",
    "```sh",
    `forge test --contracts ./src/test/${incident.date.slice(0, 4)}-${incident.date.slice(4, 6)}/${incident.project}_exp.sol -vvv`,
    "```",
    "",
    "### Link reference",
    "",
    incident.link,
    "",
    "---",
    "",
  ]);
  const text = [
    "# DeFi Hacks Reproduce - Foundry",
    "",
    `${INCIDENTS.length} incidents included.`,
    "",
    "### List of DeFi Hacks & POCs",
    "",
    ...entries,
  ].join("\n");
  return { name: "defihacklabs-README.md", text };
}

/** The protocol security team's triage register at October's end. */
export function externalTriageCsv(): DemoFile {
  const rows = [
    "incident,applies,triaged_at,triaged_by,action_item,notes",
    "20260922-mooringfi,no,2026-09-24T10:00:00Z,protocol-security,,Our admin functions are behind the timelock.",
    "20261003-wharfdao,yes,2026-10-05T09:00:00Z,protocol-security,SEC-510,Our Governor counts votes at the proposal block too; add a delay.",
    "20261009-dockvault,yes,2026-10-20T16:00:00Z,protocol-security,SEC-514,The Base vault had no virtual shares.",
    "20261021-quaybridge,yes,2026-10-23T11:00:00Z,protocol-security,SEC-517,Check the bridge's attestation verifier.",
    "20261027-harborlend,no,2026-10-29T14:00:00Z,protocol-security,,We read Chainlink and no spot price.",
  ];
  return { name: "external-triage.csv", text: `${rows.join("\n")}\n` };
}

export const EXTERNAL_INCIDENTS_CONFIG = `external_incidents:
  triage_days: 7
  chains: [ethereum, arbitrum, base]
`;
