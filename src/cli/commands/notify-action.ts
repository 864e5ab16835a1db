import type { Command } from "commander";
import { type DeliveryReport, type NotifyReport, sendNotifications } from "../../app/send-notifications.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { terminalText } from "../../report/terminal-text.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runNotify(
  options: { period?: string; dryRun?: boolean; format: string },
  command: Command,
): Promise<void> {
  const dryRun = options.dryRun === true;
  // Nothing to notify of without data: a store that does not exist is a typo in --db, not a new one.
  const ctx = cliContext(command);
  if (ctx.config.notifications.webhooks.length === 0)
    throw new SecmetricsError(
      "invalid_config",
      "no webhook configured",
      "add notifications.webhooks to secmetrics.yaml (see the README's Notifications section)",
    );
  const report = await withStore(ctx, (store) =>
    sendNotifications(store, ctx.config, {
      periodId: options.period ?? defaultPeriod(ctx),
      now: ctx.now,
      dryRun,
      env: process.env,
    }),
  );
  emit(options.format === "json" ? json(report) : notifyText(report), undefined);
  const failed = report.deliveries.filter((d) => d.outcome === "failed").length;
  if (failed > 0)
    throw new SecmetricsError(
      "unavailable",
      `${failed} ${failed === 1 ? "delivery" : "deliveries"} failed`,
      "each is tried again on the next run (`secmetrics notify`, or the server's schedule)",
    );
}

function notifyText(report: NotifyReport): string {
  if (report.busy) return "another sender of this store is running: nothing sent by this one";
  const found = `${report.events} event${report.events === 1 ? "" : "s"} found for ${report.period}`;
  if (report.deliveries.length === 0)
    return `${found}; nothing to send: each was sent before, or no webhook takes it`;
  const rows = report.deliveries.map((d) => [
    d.webhook,
    d.event.kind,
    d.event.severity,
    terminalText(d.event.title),
    outcomeText(d),
  ]);
  const table = terminalTable(
    ["Webhook", "Event", "Severity", "Title", report.dry_run ? "Would" : "Outcome"],
    rows,
  );
  return `${table}\n${found}${report.dry_run ? " (dry run: nothing sent or recorded)" : ""}`;
}

function outcomeText(d: DeliveryReport): string {
  const again = d.retry
    ? ` (retry: ${d.retry.attempts} earlier attempts, last ${d.retry.last_error ?? "unknown"})`
    : "";
  switch (d.outcome) {
    case "planned":
      return `send${again}`;
    case "sent":
      return `sent, ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}${again}`;
    case "failed":
      return `failed after ${d.attempts} attempts: ${d.error}; tried again next run`;
    case "taken":
      return "sent by another sender";
    case "no_secret":
      return `not sent: ${d.error}`;
  }
}
