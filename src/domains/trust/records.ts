import type { RecordIdentity } from "../../model/records.ts";
import { defineRecordKind } from "../../store/record-kind.ts";
import type { RecordColumns } from "../../store/schema.ts";

/**
 * The security.txt a trust file publishes, as it stood when the file was
 * imported (on its own, or by `trust build`). Kept as snapshots so that a
 * past period is judged by the file published then, not by today's.
 */
export interface SecurityTxtSnapshot extends RecordIdentity {
  kind: "security_txt";
  snapshot_at: number;
  expires_at: number;
  canonical: string;
  contacts: string[];
}

export const SECURITY_TXT = defineRecordKind({
  kind: "security_txt",
  table: "security_txt_snapshots",
  time: "snapshot_at",
  snapshot: true,
  json: ["contacts"],
});

export interface SecurityTxtSnapshotsTable extends RecordColumns {
  snapshot_at: number;
  expires_at: number;
  canonical: string;
  contacts: string;
}

export type TrustTables = { security_txt_snapshots: SecurityTxtSnapshotsTable };
