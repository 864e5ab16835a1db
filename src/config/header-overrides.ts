import { z } from "zod";

/**
 * How a config changes the security-headers probe's baseline, per header. The
 * config validates it and the probe applies it, so it lives here, below both.
 */

export const MATCH_MODES = ["rule", "exact", "present"] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

export const headerOverrideSchema = z
  .object({
    required: z.boolean().optional().describe("false: absence is not a finding; true: absence is one."),
    expected: z
      .string()
      .min(1)
      .optional()
      .describe("Replaces the baseline value the header is compared with."),
    match: z
      .enum(MATCH_MODES)
      .optional()
      .describe("rule: the header's built-in rule (default); exact: the value itself; present: any value."),
    ignore: z
      .boolean()
      .optional()
      .describe("Do not check this header at all (also lifts it off the removal list)."),
  })
  .strict();

export const headerOverridesSchema = z
  .record(z.string().min(1), headerOverrideSchema)
  .describe("Per-header changes to the OWASP baseline, by header name (case-insensitive).");

export type HeaderOverride = z.infer<typeof headerOverrideSchema>;
export type HeaderOverrides = z.infer<typeof headerOverridesSchema>;
