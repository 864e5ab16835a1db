/**
 * The categories metrics are grouped in. Config names them (category owners)
 * and reports order by them, so the list sits below both.
 */
export const CATEGORIES = [
  "detection_response",
  "prevention_controls",
  "identity_access",
  "vulnerability_management",
  "application_security",
  "operational_hygiene",
  "compliance",
  "program",
] as const;
export type Category = (typeof CATEGORIES)[number];
