import type { Command } from "commander";
import { type HistoryKind, historyPeriods, kpiHistory } from "../../app/kpi-history.ts";
import { poamContents } from "../../app/poam-contents.ts";
import { openMetricsHistory } from "../../report/openmetrics.ts";
import { oscalPoamDocument } from "../../report/oscal-poam.ts";
import { cliContext, defaultPeriod, withStore } from "../context.ts";
import { emit, emitStream, json } from "../output.ts";

export async function runExportOpenMetrics(
  options: { from?: string; to?: string; kind: HistoryKind; out: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  await withStore(ctx, async (store) => {
    const periods = await historyPeriods(store, options, ctx);
    await emitStream(openMetricsHistory(kpiHistory(store, periods, ctx)), options.out);
    const first = periods[0]?.id;
    const last = periods.at(-1)?.id;
    process.stderr.write(`${periods.length} ${options.kind}s, ${first} to ${last}\n`);
  });
}

export async function runExportOscalPoam(
  options: { systemId: string; period?: string; out?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const period = options.period ?? defaultPeriod(ctx);
  const contents = await withStore(ctx, (store) => poamContents(store, period, options.systemId, ctx.config));
  emit(json(oscalPoamDocument(contents)), options.out);
  process.stderr.write(
    `${contents.exceptions.length} approved exceptions and ${contents.findings.length} open audit findings at the end of ${contents.period.id}\n`,
  );
}
