import { z } from "zod";

/** Learning from other projects' incidents: how soon each must be triaged, and which concern us. */
export const externalIncidentsSchema = z
  .object({
    triage_days: z
      .number()
      .int()
      .positive()
      .default(7)
      .describe(
        "external_incidents_triaged: an external incident counts when triaged within this many days of its date.",
      ),
    chains: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "The chains we deploy on (`ethereum`, `bsc`, `base` …): incidents on other chains are not relevant. Empty: every chain; an incident of unknown chain is always relevant.",
      ),
  })
  .strict()
  .default({ triage_days: 7, chains: [] })
  .describe("Public incidents of other projects: which are relevant, and how soon each is triaged.");
