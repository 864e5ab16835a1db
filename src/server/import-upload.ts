import { basename } from "node:path";
import { importedAudit, rejectedAudit } from "../app/import-audit.ts";
import { configuredImport, type ImportOutcome, importFile } from "../app/import-file.ts";
import { bufferSource } from "../importers/file-source.ts";
import { problemLines } from "../model/errors.ts";
import { parseInstantOption } from "../model/time.ts";
import type { AppContext } from "./context.ts";
import type { Services } from "./services.ts";

export interface Upload {
  name: string;
  content: Buffer;
  format: string;
  feed?: string;
  skipInvalid?: boolean;
  allowEmpty?: boolean;
  strict?: boolean;
  target?: string;
  scannedAt?: string;
  coversUntil?: string;
  year?: number;
}

/** A file name kept as provenance: no directories, no control characters, bounded. */
export function cleanFileName(name: string | undefined): string {
  const base = basename((name ?? "").replace(/\\/g, "/"))
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(0, 200);
  return base === "" || base === "." || base === ".." ? "upload" : base;
}

/**
 * The same import as `secmetrics import`: one file, one transaction, any
 * invalid row rejects the file (unless skipInvalid) and nothing is written;
 * the same content again changes nothing. Every outcome is audited.
 */
export async function importUpload(
  services: Services,
  c: AppContext,
  upload: Upload,
): Promise<ImportOutcome> {
  const { config, store } = services;
  const scannedAt = parseInstantOption("scanned_at", upload.scannedAt, config.timezone);
  const coversUntil = parseInstantOption("covers_until", upload.coversUntil, config.timezone);
  const source = bufferSource(upload.name, upload.content);
  const configured = configuredImport(config);
  const started = services.now();
  try {
    const outcome = await importFile(store, {
      source,
      format: upload.format,
      feed: upload.feed,
      skipInvalid: upload.skipInvalid,
      allowEmpty: upload.allowEmpty,
      strict: upload.strict,
      coversUntil,
      options: { ...configured.options, target: upload.target, scannedAt, year: upload.year },
      now: started,
      sla: configured.sla,
    });
    await services.audit(c, importedAudit(upload.name, outcome, upload.content.length));
    if (outcome.status === "imported") services.deps.notifier?.request("import");
    return outcome;
  } catch (error) {
    const rejected = rejectedAudit(upload.name, error, upload.content.length);
    if (rejected) await services.audit(c, rejected);
    throw error;
  }
}

export function outcomeJson(outcome: ImportOutcome) {
  return {
    status: outcome.status,
    format: outcome.format,
    import: {
      id: outcome.import.id,
      file_name: outcome.import.file_name,
      sha256: outcome.import.sha256,
      imported_at: new Date(outcome.import.imported_at).toISOString(),
      records: outcome.import.records,
      skipped: outcome.import.skipped,
    },
    skipped_rows: problemLines(outcome.import.file_name, outcome.skipped.first),
    skipped_count: outcome.skipped.total,
    unreadable_lines: problemLines(outcome.import.file_name, outcome.unreadable.first),
    unreadable_count: outcome.unreadable.total,
    left_out: problemLines(outcome.import.file_name, outcome.leftOut.first),
    left_out_count: outcome.leftOut.total,
  };
}
