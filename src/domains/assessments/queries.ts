import type { Config } from "../../config/schema.ts";
import type { Store } from "../../store/store.ts";
import type { AssessmentInputs } from "./compute.ts";
import { ASSESSMENT, ASSESSMENT_FINDING, type Assessment, type AssessmentFinding } from "./records.ts";
import type { SchedulePolicy } from "./schedule.ts";

export function schedulePolicy(config: Config): SchedulePolicy {
  return { grace: config.assessments.grace, timezone: config.timezone };
}

/** The register's latest snapshot before `end`, both kinds, with the config's schedule. */
export async function assessmentInputs(store: Store, config: Config, end: number): Promise<AssessmentInputs> {
  const [assessments, findings] = await Promise.all([
    store.snapshot<Assessment>(ASSESSMENT.kind, end),
    store.snapshot<AssessmentFinding>(ASSESSMENT_FINDING.kind, end),
  ]);
  return { schedule: config.assessments.schedule, policy: schedulePolicy(config), assessments, findings };
}
