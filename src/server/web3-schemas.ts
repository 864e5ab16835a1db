import { z } from "zod";
import { INTERFACE_RULES } from "../domains/web3/collisions.ts";
import { CONTRACT_ROLES, DEPLOYMENT_SOURCES } from "../domains/web3/records.ts";
import { periodParam } from "./api-schemas.ts";

/** The web3 registry's query and response: the handler validates with one, the OpenAPI document shows both. */

export const web3RegistryQuery = z.object({ period: periodParam });

const registryEntry = z.object({
  chain_id: z.number().int(),
  address: z.string().describe("Lowercased, 0x-prefixed"),
  name: z.string().nullable(),
  version: z.string().nullable(),
  role: z.enum(CONTRACT_ROLES),
  implementation: z.string().nullable().describe("A proxy's implementation address, when the file names it"),
  deployed_at: z.string().nullable(),
  block_number: z.number().int().nullable(),
  source: z.enum(DEPLOYMENT_SOURCES),
  source_file: z.string().describe("The deployment file within the imported folder"),
  monitored_by: z
    .array(z.string())
    .describe(
      "The active monitors of the latest monitor configuration watching it (an implementation: through its proxy)",
    ),
  abi: z.array(z.unknown()).nullable().describe("The ABI as the file gives it; null when it has none"),
});

const contractRef = z.object({
  contract: z.string(),
  location: z.string().describe("The deployment file the ABI was read from"),
  chain_id: z.number().int().nullable(),
  address: z.string().nullable(),
});

const interfaceFinding = z.object({
  rule: z.enum(INTERFACE_RULES),
  level: z.enum(["error", "warning", "note"]),
  key: z.string().describe("The shared selector or topic0, the event signature, or the name"),
  message: z.string(),
  members: z.array(
    z.object({
      kind: z.enum(["function", "event", "error"]),
      signature: z.string(),
      indexed: z.array(z.boolean()),
      contracts: z.array(contractRef),
    }),
  ),
});

export const web3RegistryResponse = z.object({
  period: z.object({ id: z.string(), start: z.string(), end: z.string() }),
  contracts: z.number().int().describe("Contracts in the registry at the period end, every chain"),
  new_deployments: z
    .number()
    .int()
    .describe("Those not in it at the period start: the new_deployments value"),
  removed: z.number().int().describe("Contracts in it at the period start and not at its end"),
  chains: z
    .array(
      z.object({
        chain_id: z.number().int(),
        contracts: z.array(
          registryEntry.extend({ new: z.boolean().describe("Not in it at the period start") }),
        ),
        removed: z.array(registryEntry).describe("As they were at the period start"),
      }),
    )
    .describe("Each feed's latest snapshot before the period end, one entry per (chain, address), by chain"),
  check: z
    .object({
      contracts_checked: z.number().int(),
      collisions: z
        .number()
        .int()
        .describe("Findings of level error or warning: the interface_collisions value"),
      findings: z.array(interfaceFinding),
      unreadable: z.array(z.object({ location: z.string(), contract: z.string(), reason: z.string() })),
    })
    .describe(
      "The ABIs of the registry at the period end checked against each other, as web3 check --registry",
    ),
});
