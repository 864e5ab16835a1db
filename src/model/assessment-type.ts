/**
 * The kinds of assessment a programme schedules and holds, the smart
 * contract ones among them: what a schedule entry and an assessment record
 * are typed by, so the two can be matched.
 */
export const ASSESSMENT_TYPES = [
  "self_assessment",
  "peer_review",
  "external_assessment",
  "red_team",
  "compliance_audit",
  "smart_contract_audit",
  "cryptographic_review",
  "governance_review",
  "cross_chain_review",
] as const;
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];
