import { z } from "zod";
import { REPORT_KINDS } from "../report-kinds.ts";

/** What an evidence pack holds, as written in `evidence-packs/<name>.yaml`. */
export const evidencePackSchema = z
  .object({
    name: z.string().min(1).describe('Shown on the pack\'s README, e.g. "SOC 2 readiness, 2026-Q3".'),
    period: z
      .string()
      .min(1)
      .describe("The period the pack evidences: 2026-09, 2026-Q3, 2026-W41 or an iteration."),
    contents: z
      .object({
        reports: z
          .array(z.enum(REPORT_KINDS))
          .default([])
          .describe("Reports of the period, each as Markdown and HTML."),
        metrics: z
          .array(z.string().min(1))
          .default([])
          .describe("Metric ids: each metric's value for the period with the records behind it."),
        documents: z
          .array(z.string().min(1))
          .default([])
          .describe("Files copied as they are, relative to the pack's YAML file."),
        oscal_poam: z
          .object({ system_id: z.string().min(1) })
          .strict()
          .optional()
          .describe("The period's plan of action and milestones for this system, as OSCAL JSON."),
      })
      .strict(),
  })
  .strict();

export type EvidencePack = z.infer<typeof evidencePackSchema>;

/** One file of a built pack: its path inside the zip and its bytes. */
export interface PackFile {
  path: string;
  bytes: Uint8Array;
}

/** An import the pack's figures were computed from, as the manifest names it. */
export interface PackImport {
  id: number;
  format: string;
  feed: string;
  file_name: string;
  sha256: string;
  /** When it was imported, ISO 8601 in UTC. */
  imported_at: string;
  records: number;
}

/** `manifest.json`: every other file of the pack with its size and hash, and where the figures came from. */
export interface PackManifest {
  name: string;
  period: { id: string; start: string; end: string };
  files: { path: string; size: number; sha256: string }[];
  imports: PackImport[];
}
