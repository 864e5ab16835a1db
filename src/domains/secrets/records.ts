import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/** How GitHub closes a secret scanning alert. */
export const SECRET_RESOLUTIONS = [
  "false_positive",
  "wont_fix",
  "revoked",
  "used_in_tests",
  "pattern_edited",
  "pattern_deleted",
] as const;
export type SecretResolution = (typeof SECRET_RESOLUTIONS)[number];

/** What GitHub's last validity check said of the secret. */
export const SECRET_VALIDITIES = ["active", "inactive", "unknown"] as const;
export type SecretValidity = (typeof SECRET_VALIDITIES)[number];

/**
 * One secret scanning alert, as its repository's listing last said: a later
 * import of the same alert replaces it, so its state is the latest known.
 * The secret itself is never part of it. An alert belongs to the period of
 * its `created_at`; its revocation to the period of its `resolved_at`.
 */
export interface SecretAlert extends RecordIdentity {
  kind: "secret_alert";
  /** OWNER/NAME. */
  repository: string;
  number: number;
  state: "open" | "resolved";
  /** Null while open. */
  resolution: SecretResolution | null;
  created_at: number;
  updated_at: number | null;
  /** Null while open. */
  resolved_at: number | null;
  /** GitHub's pattern id, e.g. `github_personal_access_token`. */
  secret_type: string;
  secret_type_display_name: string | null;
  /** Null when the listing predates validity checks. */
  validity: SecretValidity | null;
  /** Null when the listing does not say (older API versions). */
  publicly_leaked: boolean | null;
  push_protection_bypassed: boolean | null;
  html_url: string | null;
}

export const SECRET_ALERT = defineRecordKind({
  kind: "secret_alert",
  table: "secret_alerts",
  time: "created_at",
  booleans: ["publicly_leaked", "push_protection_bypassed"],
});

export type SecretsTables = {
  secret_alerts: RecordColumns & {
    repository: string;
    number: number;
    state: string;
    resolution: string | null;
    created_at: number;
    updated_at: number | null;
    resolved_at: number | null;
    secret_type: string;
    secret_type_display_name: string | null;
    validity: string | null;
    publicly_leaked: number | null;
    push_protection_bypassed: number | null;
    html_url: string | null;
  };
};
