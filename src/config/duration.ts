import { z } from "zod";
import { parseDurationSeconds } from "../model/time.ts";

/** A duration in the config, read as seconds. */
export const duration = z
  .union([z.number().nonnegative(), z.string()])
  .describe('Seconds, or a number with a unit: "90s", "5m", "4h", "7d", "2w".')
  .transform((value, ctx) => {
    const seconds = parseDurationSeconds(value);
    if (seconds === undefined) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a duration (e.g. 4h, 7d)` });
      return z.NEVER;
    }
    return seconds;
  });
