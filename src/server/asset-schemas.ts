import { z } from "zod";
import { periodParam } from "./api-schemas.ts";

/** The asset list's query and response: the handler validates with one, the OpenAPI document shows both. */

const inventoryValue = (column: string) =>
  z
    .string()
    .max(200)
    .optional()
    .describe(`Only the inventory's assets of this ${column} (exact value); empty or absent: all`);

export const assetsQuery = z.object({
  period: periodParam,
  owner: inventoryValue("owner"),
  tier: inventoryValue("tier"),
  environment: inventoryValue("environment"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1000)
    .describe("Most assets in each list (`truncated` says when one was cut)"),
});

const inventoryAsset = z.object({
  asset_id: z.string(),
  hostname: z.string().nullable(),
  ips: z.array(z.string()),
  aliases: z.array(z.string()),
  asset_type: z.string().nullable(),
  owner: z.string().nullable(),
  tier: z.string().nullable(),
  environment: z.string().nullable(),
  source: z
    .object({ feed: z.string(), file_name: z.string(), import_id: z.number().int(), snapshot_at: z.string() })
    .describe("The inventory feed and the file of its latest snapshot before the period end"),
  seen_by: z.array(z.string()).describe("The sources that saw it in the period; empty: none did"),
});

const shadowAsset = z.object({
  name: z.string(),
  names: z.array(z.string()).describe("Every name it was seen by, normalised"),
  asset_types: z.array(z.string()),
  sources: z.array(z.string()).describe("nmap, driftctl, scan target, log host, check result, deployment"),
  sightings: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  seen_in: z
    .object({ import_id: z.number().int(), file_name: z.string(), line: z.number().int() })
    .describe("The import it was last seen in, and a line of it"),
});

export const assetInventoryResponse = z.object({
  period: z.object({ id: z.string(), start: z.string(), end: z.string() }),
  filter: z.object({
    owner: z.string().optional(),
    tier: z.string().optional(),
    environment: z.string().optional(),
  }),
  inventory: z
    .object({
      total: z.number().int().describe("Assets in force at the period end, before the filter"),
      matching: z.number().int().describe("Those the filter keeps"),
      assets: z.array(inventoryAsset),
      truncated: z.boolean(),
      owners: z.array(z.string()),
      tiers: z.array(z.string()),
      environments: z.array(z.string()),
    })
    .describe("Each inventory feed's latest snapshot before the period end, by asset id"),
  shadow: z
    .object({
      count: z.number().int().nullable().describe("The shadow_assets value; null without an inventory"),
      reason: z.string().nullable(),
      by_source: z.record(z.string(), z.number().int()),
      observed: z.number().int().describe("Assets seen in the period, shadow or not"),
      assets: z.array(shadowAsset),
      truncated: z.boolean(),
    })
    .describe("The assets seen in the period that the inventory lacks, by name; the filter does not apply"),
});
