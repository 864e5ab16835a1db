import { defineMetrics } from "../../model/metric-definition.ts";

/** The importers of a managed inventory: without one, nothing can be told shadow. */
export const INVENTORY_SOURCES = ["assets-csv", "assets-json", "terraform-state"] as const;
/** The importers of discovery tools' sightings. */
export const SIGHTING_SOURCES = ["nmap", "driftctl"] as const;

/** Assets seen against the managed inventory. */
export const ASSETS_METRICS = defineMetrics("compliance", [
  {
    id: "shadow_assets",
    name: "Shadow assets",
    description: "Assets seen in telemetry but absent from the inventory.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: [...INVENTORY_SOURCES, ...SIGHTING_SOURCES],
  },
]);
