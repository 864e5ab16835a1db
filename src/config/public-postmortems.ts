import { z } from "zod";

/** Front-matter keys kept out of every public post-mortem: who wrote it, who owns which fix, which controls failed. */
export const DEFAULT_INTERNAL_FIELDS = ["authors", "actions", "controls_reviewed"];

/** What `secmetrics postmortem publish` leaves out of the public version of a post-mortem. */
export const publicPostmortemsSchema = z
  .object({
    internal_fields: z
      .array(z.string().min(1))
      .default(DEFAULT_INTERNAL_FIELDS)
      .describe(
        "Front-matter keys removed from every public post-mortem (besides keys named `internal_*` and those a file lists under `internal:`).",
      ),
    redact_names: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Names (people, vendors, customers) replaced by [redacted] wherever they appear in a public post-mortem, any case.",
      ),
  })
  .strict()
  .default({ internal_fields: DEFAULT_INTERNAL_FIELDS, redact_names: [] })
  .describe("Public post-mortems: what is internal, which names are redacted.");
