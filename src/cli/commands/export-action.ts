import type { Command } from "commander";
import { type HistoryKind, historyPeriods, kpiHistory } from "../../app/kpi-history.ts";
import { openMetricsHistory } from "../../report/openmetrics.ts";
import { cliContext, withStore } from "../context.ts";
import { emitStream } from "../output.ts";

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
