import type { Command } from "commander";
import { type ImportAudit, importedAudit, rejectedAudit } from "../../app/import-audit.ts";
import { configuredImport, importFile, inputsOf } from "../../app/import-file.ts";
import { cliActor } from "../../auth/accounts.ts";
import { parseInstantOption } from "../../model/time.ts";
import { terminalProblems, terminalText } from "../../report/terminal-text.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import type { Store } from "../../store/store.ts";
import { cliContext, withStore } from "../context.ts";

interface ImportOptions {
  format: string;
  feed?: string;
  skipInvalid?: boolean;
  strict?: boolean;
  allowEmpty?: boolean;
  target?: string;
  scannedAt?: string;
  coversUntil?: string;
  year?: string;
  logFormat?: string;
  progress: boolean;
}

/** The first lines shown of those left out (unreadable, or not imported): they tend to repeat. */
const SHOWN_LINES = 5;

export async function runImport(files: string[], options: ImportOptions, command: Command): Promise<void> {
  const ctx = cliContext(command, "writes");
  const scannedAt = parseInstantOption("--scanned-at", options.scannedAt, ctx.config.timezone);
  const coversUntil = parseInstantOption("--covers-until", options.coversUntil, ctx.config.timezone);
  const sources = files.flatMap((file) => inputsOf(file, options.format));
  const configured = configuredImport(ctx.config);
  await withStore(ctx, async (store) => {
    const audit = auditTo(store);
    for (const source of sources) {
      // A directory read whole has no one size to measure progress against.
      const size = "size" in source ? source.size : undefined;
      // cli-progress loads only when a bar is drawn: not for scripts, pipes or --no-progress.
      const bar =
        options.progress && process.stderr.isTTY && size !== undefined
          ? new (await import("cli-progress")).SingleBar({ stream: process.stderr })
          : null;
      bar?.start(size ?? 0, 0);
      try {
        const outcome = await importFile(store, {
          source,
          format: options.format,
          feed: options.feed,
          skipInvalid: options.skipInvalid,
          strict: options.strict,
          allowEmpty: options.allowEmpty,
          coversUntil,
          options: {
            ...configured.options,
            target: options.target,
            scannedAt,
            year: options.year === undefined ? undefined : Number(options.year),
            logFormat: options.logFormat,
          },
          now: Date.now(),
          sla: configured.sla,
          onProgress: bar ? (bytes) => bar.update(bytes) : undefined,
        });
        bar?.stop();
        await audit(importedAudit(source.name, outcome, size));
        const { import: record } = outcome;
        const name = terminalText(source.name);
        if (outcome.status === "unchanged") {
          process.stdout.write(
            `${name}: already imported as import #${record.id} (${outcome.format}); nothing changed\n`,
          );
        } else {
          process.stdout.write(
            `${name}: imported ${record.records} records as import #${record.id} (${outcome.format}, sha256 ${record.sha256.slice(0, 12)})\n`,
          );
        }
        const { unreadable, skipped, leftOut } = outcome;
        if (leftOut.total > 0) {
          // Not a problem with the file: each reason says what kind of entry it is.
          process.stderr.write(
            `left out ${leftOut.total} ${leftOut.total === 1 ? "entry" : "entries"} that ${outcome.format} does not import:\n${terminalProblems(source.name, leftOut, SHOWN_LINES)}\n`,
          );
        }
        if (unreadable.total > 0) {
          // The first few say what kind of line it is; a log's odd lines tend to repeat.
          process.stderr.write(
            `skipped ${unreadable.total} unreadable ${unreadable.total === 1 ? "line" : "lines"}:\n${terminalProblems(source.name, unreadable, SHOWN_LINES)}\n`,
          );
        }
        if (skipped.total > 0) {
          process.stderr.write(
            `skipped ${skipped.total} invalid ${skipped.total === 1 ? "row" : "rows"}:\n${terminalProblems(source.name, skipped)}\n`,
          );
        }
      } catch (error) {
        bar?.stop();
        const rejected = rejectedAudit(source.name, error, size);
        if (rejected) await audit(rejected);
        throw error;
      } finally {
        bar?.stop();
      }
    }
  });
}

/** Imports from the CLI are audited like uploads, with the operator's login as the actor. */
function auditTo(store: Store): (entry: ImportAudit) => Promise<void> {
  const auth = createAuthStore(store);
  const actor = cliActor();
  return (entry) => auth.audit({ ...entry, actor, at: Date.now(), ip: null });
}
