import { z } from "zod";
import { ASSESSMENT_TYPES } from "../model/assessment-type.ts";
import { type CalendarDuration, isEmptyDuration, parseCalendarDuration } from "../model/calendar-duration.ts";
import { parseTimestamp } from "../model/time.ts";

const calendarDuration = z
  .union([z.number().nonnegative(), z.string()])
  .describe('An ISO 8601 duration ("P3M", "P1Y", "P2W") or the config\'s own ("90d", "2w").')
  .transform((value, ctx): CalendarDuration => {
    const duration = parseCalendarDuration(value);
    if (duration === undefined) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a duration (e.g. P3M, P1Y, 90d)` });
      return z.NEVER;
    }
    return duration;
  });

/** A date (or timestamp) read later in the configured time zone, as iterations are. */
const date = z
  .string()
  .refine((text) => parseTimestamp(text, "UTC") !== undefined, { message: "not an ISO 8601 date" });

const scheduleEntry = z
  .object({
    type: z
      .enum(ASSESSMENT_TYPES)
      .describe("The kind of assessment; assessment records of this type hold it."),
    scope: z
      .string()
      .min(1)
      .describe("What is assessed; an assessment record of the same type and scope (any case) holds it."),
    cadence: calendarDuration
      .refine((duration) => !isEmptyDuration(duration), { message: "a cadence must span some time" })
      .describe("How often: the next one is due this long after the last one held."),
    first_due: date
      .optional()
      .describe("When the next one is due; default the last one held plus the cadence."),
    last_held: date.optional().describe("When it was last held before the assessment records begin."),
    grace: calendarDuration.optional().describe("How late it may be held and still count as on schedule."),
  })
  .strict()
  .refine((entry) => entry.first_due !== undefined || entry.last_held !== undefined, {
    message: "give first_due or last_held: a schedule needs a first due date",
  });

/** No grace: an assessment is late the moment its due date passes. */
const NO_GRACE: CalendarDuration = { text: "0", parts: { seconds: 0 } };

export type AssessmentScheduleEntry = z.output<typeof scheduleEntry>;

/** The assessments a programme commits to, and how late one may be. */
export const assessmentsSchema = z
  .object({
    grace: calendarDuration
      .default(NO_GRACE)
      .describe(
        "assessments_on_schedule: how late an assessment may be held and still be on schedule (default none).",
      ),
    schedule: z
      .array(scheduleEntry)
      .default([])
      .refine(
        (entries) =>
          new Set(entries.map((entry) => `${entry.type} ${entry.scope.toLowerCase()}`)).size ===
          entries.length,
        { message: "two entries share a type and scope: an assessment could hold either" },
      ),
  })
  .strict()
  .default({ grace: NO_GRACE, schedule: [] })
  .describe("Scheduled assessments: assessments_on_schedule judges each one's latest due date.");
