import { z } from "zod";
import { SEVERITIES } from "../model/severity.ts";

const statusNames = z.array(z.string().min(1)).min(1);

/**
 * How Jira issues read as incidents, for the `jira-issues` importer: a file
 * saved from the API and a `jira` source's pulls are read by this one mapping.
 */
export const jiraMappingSchema = z
  .object({
    incident_types: z
      .array(z.string().min(1))
      .min(1)
      .default(["Incident", "Security Incident"])
      .describe("Issue types read as incidents; an issue of another type is left out, and said so."),
    severity_field: z
      .string()
      .min(1)
      .default("priority")
      .describe("The field holding the severity: `priority` or a custom field id (customfield_10050)."),
    severity_map: z
      .record(z.string(), z.enum(SEVERITIES))
      .default({ Highest: "critical", High: "high", Medium: "medium", Low: "low", Lowest: "info" })
      .describe("The field's values (case-insensitive) → critical, high, medium, low, info."),
    acknowledged_statuses: statusNames
      .default(["In Progress"])
      .describe("acknowledged_at: the first transition into one of these statuses."),
    responded_statuses: statusNames
      .default(["Mitigated", "Contained"])
      .describe(
        "responded_at: the first transition into one of these statuses; an issue resolved without passing one was responded to when resolved.",
      ),
    resolved_statuses: statusNames
      .default(["Done", "Resolved", "Closed"])
      .describe(
        "recovered_at: the last transition into one of these statuses, when the issue is in one now (a reopened issue is not recovered).",
      ),
  })
  .strict()
  .prefault({})
  .describe("How the `jira-issues` importer and `jira` sources read Jira issues as incidents.");

export type JiraMapping = z.output<typeof jiraMappingSchema>;
