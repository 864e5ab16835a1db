import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * One asset of a managed inventory snapshot (a CMDB export, a Terraform
 * state). An inventory is a state, not a log: the store keeps one row per
 * `(feed, external_id, snapshot_at)` and the metrics read each feed's latest
 * snapshot before the period end, so a CSV inventory and a Terraform state
 * (two feeds) together make the inventory.
 */
export interface ManagedAsset extends RecordIdentity {
  kind: "managed_asset";
  snapshot_at: number;
  asset_id: string;
  hostname: string | null;
  ips: string[];
  /** Other names the asset is known by (a Terraform resource's address, ARN, provider id, DNS names). */
  aliases: string[];
  /** What it is, when the source says: a Terraform resource type (`aws_instance`). */
  asset_type: string | null;
  owner: string | null;
  tier: string | null;
  environment: string | null;
  attributes: Record<string, string>;
}

/**
 * One asset seen by a discovery tool at one time: a host nmap found up, a
 * cloud resource driftctl found unmanaged. `asset` is the name it was seen
 * by (nmap: its first IP address; driftctl: the provider id).
 */
export interface AssetSighting extends RecordIdentity {
  kind: "asset_sighting";
  seen_at: number;
  asset: string;
  /** `host` for a network scan, the resource type for a cloud one (`aws_s3_bucket`). */
  asset_type: string;
  hostnames: string[];
  ips: string[];
}

export const MANAGED_ASSET = defineRecordKind({
  kind: "managed_asset",
  table: "managed_assets",
  time: "snapshot_at",
  snapshot: true,
  json: ["ips", "aliases", "attributes"],
});

export const ASSET_SIGHTING = defineRecordKind({
  kind: "asset_sighting",
  table: "asset_sightings",
  time: "seen_at",
  json: ["hostnames", "ips"],
});

export interface ManagedAssetsTable extends RecordColumns {
  snapshot_at: number;
  asset_id: string;
  hostname: string | null;
  ips: string;
  aliases: string;
  asset_type: string | null;
  owner: string | null;
  tier: string | null;
  environment: string | null;
  attributes: string;
}

export interface AssetSightingsTable extends RecordColumns {
  seen_at: number;
  asset: string;
  asset_type: string;
  hostnames: string;
  ips: string;
}

export type AssetTables = { managed_assets: ManagedAssetsTable; asset_sightings: AssetSightingsTable };
