import { CronExpressionParser } from "cron-parser";

/** A cron schedule read once: the instants it fires at, in its zone. */
export interface CronSchedule {
  /** The first instant strictly after `after` (epoch ms). */
  next(after: number): number;
}

/**
 * Five fields (minute, hour, day of month, month, day of week), as crontab
 * writes them: cron-parser would also take a leading seconds field, which
 * would make "0 6 * * 1 *" mean something other than what a crontab means.
 */
const CRON_FIELDS = 5;

/** Why the expression is not a five-field cron schedule, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean).length;
  if (fields !== CRON_FIELDS)
    return `"${expression}" has ${fields} field${fields === 1 ? "" : "s"}; a cron schedule has 5 (minute hour day-of-month month day-of-week)`;
  try {
    CronExpressionParser.parse(expression, { tz: "UTC" });
    return undefined;
  } catch (error) {
    return `"${expression}" is not a cron schedule: ${(error as Error).message}`;
  }
}

/** The schedule of a valid expression (see `cronProblem`) in an IANA zone. */
export function cronSchedule(expression: string, timezone: string): CronSchedule {
  const problem = cronProblem(expression);
  if (problem) throw new Error(problem);
  return {
    next(after) {
      // cron-parser starts from the next whole minute after currentDate, so an instant on a
      // due minute gives the following one: strictly after.
      const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(after), tz: timezone });
      return parsed.next().getTime();
    },
  };
}
