/** XCCDF's rule severities ("unknown" is stored as no severity): what check tiers can be assigned by. */
export const CHECK_SEVERITIES = ["info", "low", "medium", "high"] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];
