/**
 * Northwind Payments' web3 keys for the demo: the key inventory as a
 * monthly YAML snapshot, 2026-08 → 2026-10, exported on the month's last day
 * at 23:00 UTC like the other registers, and the two Safes pulled from the
 * Safe Transaction Service at 22:00 UTC the same days. No randomness.
 *
 * The storyline, under the default key policy: the payout treasury is an
 * MPC wallet of 2 of 3, below the 3-of-5 a treasury needs, all along; the
 * settlement bot's hot key was last rotated 06-15, due 09-13, overdue at
 * September's end until its rotation on 10-08; the price oracle's, rotated
 * 07-20, falls due 10-18; in October the DAO treasury Safe swapped an owner
 * and dropped to 2 of 5 on-chain while the inventory still says 3 of 5.
 */
import type { DemoFile } from "./demo-operations.ts";
import { dayStart, monthlyRegisters } from "./demo-registers.ts";

const DAO_TREASURY = "0x0e27A7477a53037cf4C9203C1a3ec964C874893B";
const VAULT_ADMIN = "0xe9A5EB9a1D380471ea49FA914309ecAd21ee02Ec";
const TREASURY_OWNERS = [
  "0x5beF0AB103C9392E3d0869D95710727b845ceFa7",
  "0xAF2437046c3CF53eB04453436403F245666d050f",
  "0x9FeDEc81A58b581FEBb527Af242418786848140a",
  "0x010EEb18Dd49391E9231DA759194681df35fCb97",
  "0x1d33d65d3e5b8ce6D7e43F7852eaA4E4962D2A4A",
];
/** The owner who replaced the fifth in October. */
const NEW_TREASURY_OWNER = "0x382fae7645e17BcFEcE9eBc897006D38d7AbA8c8";
const VAULT_OWNERS = [
  "0xEe91d7cf77061ddd8804957E86ab1354e5BEe0B5",
  "0x1152c6EA5dde38e268FeA98612a4907A8F33C824",
  "0x2FDc726FBf7e469499eaC1cf1611fc823f2D6778",
];

/** Each key's YAML fields; `rotated` gives its last rotation as of a snapshot. */
interface DemoKey {
  fields: Record<string, string | number>;
  rotated?: (snapshot: number) => string;
}

const KEYS: readonly DemoKey[] = [
  {
    fields: {
      key: "dao-treasury",
      purpose: "treasury",
      custody: "multisig",
      threshold: "3-of-5",
      chain_id: 1,
      address: DAO_TREASURY,
      owner: "finance",
      last_ceremony_at: "2026-02-10",
    },
  },
  {
    fields: {
      key: "vault-admin",
      purpose: "admin",
      custody: "multisig",
      threshold: "2-of-3",
      chain_id: 1,
      address: VAULT_ADMIN,
      owner: "protocol-team",
      last_ceremony_at: "2026-04-02",
    },
  },
  {
    fields: {
      key: "vault-upgrader",
      purpose: "upgrade",
      custody: "hardware",
      owner: "protocol-team",
      last_ceremony_at: "2025-11-20",
    },
  },
  {
    fields: {
      key: "settlement-operator",
      purpose: "operator",
      custody: "hot",
      owner: "sre",
      created_at: "2026-03-01",
    },
    rotated: (snapshot) => (snapshot >= dayStart("2026-10-08") ? "2026-10-08" : "2026-06-15"),
  },
  {
    fields: {
      key: "price-oracle",
      purpose: "oracle",
      custody: "hot",
      owner: "sre",
      created_at: "2026-01-12",
    },
    rotated: () => "2026-07-20",
  },
  {
    fields: {
      key: "payout-treasury",
      purpose: "treasury",
      custody: "mpc",
      threshold: "2-of-3",
      owner: "finance",
      last_ceremony_at: "2026-05-05",
    },
  },
];

/** The key inventory at the end of August, September and October 2026. */
export function keyInventories(): DemoFile[] {
  return monthlyRegisters({
    prefix: "keys",
    title: "web3 key inventory",
    listKey: "keys",
    months: { first: 7, last: 9 },
    entriesAt: (snapshot) =>
      KEYS.flatMap(({ fields, rotated }) => {
        const entries = Object.entries({
          ...fields,
          ...(rotated ? { last_rotated_at: rotated(snapshot) } : {}),
        });
        return entries.map(
          ([name, value], index) => `${index === 0 ? "  - " : "    "}${name}: ${JSON.stringify(value)}`,
        );
      }),
  });
}

/** One Safe as `GET /api/v1/safes/{address}/` answers, with the `chainId` the pulling script adds. */
function safeResponse(address: string, threshold: number, owners: readonly string[], nonce: number) {
  return {
    address,
    nonce: String(nonce),
    threshold,
    owners,
    masterCopy: "0x41675C099F32341bf84BFc5382aF534df5C7461a",
    modules: [],
    fallbackHandler: "0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99",
    guard: "0x0000000000000000000000000000000000000000",
    version: "1.4.1",
    chainId: 1,
  };
}

/** The Safes pulled at each month's end, each file imported with its own `--scanned-at`. */
export function safePulls(): (DemoFile & { scannedAt: string })[] {
  return ["08", "09", "10"].map((month, index) => {
    const swapped = month === "10";
    const treasury = swapped ? [...TREASURY_OWNERS.slice(0, 4), NEW_TREASURY_OWNER] : TREASURY_OWNERS;
    const safes = [
      safeResponse(DAO_TREASURY, swapped ? 2 : 3, treasury, 40 + 6 * index + (swapped ? 2 : 0)),
      safeResponse(VAULT_ADMIN, 2, VAULT_OWNERS, 11 + index),
    ];
    const day = month === "09" ? "30" : "31";
    return {
      name: `safes-2026-${month}.json`,
      text: `${JSON.stringify(safes, null, 2)}\n`,
      scannedAt: `2026-${month}-${day}T22:00:00Z`,
    };
  });
}
