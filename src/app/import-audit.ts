import { InvalidInputError, SecmetricsError } from "../model/errors.ts";
import type { NewAuditEntry } from "../store/auth-store.ts";
import type { ImportOutcome } from "./import-file.ts";

/** What the audit log says of one import, whichever way it came in (CLI or upload). */
export type ImportAudit = Pick<NewAuditEntry, "action" | "target" | "detail">;

export function importedAudit(name: string, outcome: ImportOutcome, bytes?: number): ImportAudit {
  return {
    action: outcome.status === "imported" ? "import" : "import.unchanged",
    target: name,
    detail: {
      import_id: outcome.import.id,
      format: outcome.format,
      sha256: outcome.import.sha256,
      records: outcome.import.records,
      skipped: outcome.skipped.total,
      unreadable: outcome.unreadable.total,
      left_out: outcome.leftOut.total,
      bytes,
    },
  };
}

/** A refused import is audited too; only an expected error (bad data, usage) is, a bug is not. */
export function rejectedAudit(name: string, error: unknown, bytes?: number): ImportAudit | undefined {
  if (!(error instanceof SecmetricsError)) return undefined;
  return {
    action: "import.rejected",
    target: name,
    detail: {
      code: error.code,
      problems: error instanceof InvalidInputError ? error.problemCount : undefined,
      bytes,
    },
  };
}
