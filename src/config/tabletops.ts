import { z } from "zod";

/** The roles a tabletop brings together by default: who decides in a real incident. */
export const DEFAULT_TABLETOP_ROLES = ["security", "devops", "legal", "comms", "exec_sponsor"];

/** One scenario a quarter, the year round: the four ways a company's worst week tends to begin. */
export const DEFAULT_TABLETOP_SCHEDULE = {
  Q1: { scenario: "data breach / exfiltration", roles: DEFAULT_TABLETOP_ROLES },
  Q2: { scenario: "ransomware / destructive attack", roles: DEFAULT_TABLETOP_ROLES },
  Q3: { scenario: "insider threat", roles: DEFAULT_TABLETOP_ROLES },
  Q4: { scenario: "supply-chain compromise", roles: DEFAULT_TABLETOP_ROLES },
};

const quarter = (name: keyof typeof DEFAULT_TABLETOP_SCHEDULE) =>
  z
    .object({
      scenario: z.string().min(1).describe("What the exercise rehearses."),
      owner: z
        .string()
        .min(1)
        .optional()
        .describe("The incident commander who runs it (default: the metric's owner)."),
      roles: z
        .array(z.string().min(1))
        .min(1)
        .default(DEFAULT_TABLETOP_ROLES)
        .describe("The participant roles expected at the table."),
    })
    .strict()
    .default(DEFAULT_TABLETOP_SCHEDULE[name]);

/** The annual tabletop schedule: `tabletops_on_schedule` judges each quarter against it. */
export const tabletopsSchema = z
  .object({
    schedule: z
      .object({ Q1: quarter("Q1"), Q2: quarter("Q2"), Q3: quarter("Q3"), Q4: quarter("Q4") })
      .strict()
      .default(DEFAULT_TABLETOP_SCHEDULE),
    grace_days: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        "Days after a quarter's end its tabletop may still be held on time (default 0: due by the quarter's end).",
      ),
  })
  .strict()
  .default({ schedule: DEFAULT_TABLETOP_SCHEDULE, grace_days: 0 })
  .describe("Quarterly tabletop exercises: the scenario, incident commander and roles of each quarter.");

export type TabletopsConfig = z.output<typeof tabletopsSchema>;
