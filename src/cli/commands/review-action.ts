import type { Command } from "commander";
import { parseQuarter, recordQuarterlyReview } from "../../app/quarterly-review.ts";
import { parseInstantOption, toIso } from "../../model/time.ts";
import { terminalTable } from "../../report/terminal-table.ts";
import { createQuarterlyReviewStore } from "../../store/quarterly-review-store.ts";
import { cliContext, withStore } from "../context.ts";
import { emit, json } from "../output.ts";

export async function runReviewRecord(
  options: { quarter: string; reviewedBy: string; decision: string[]; date?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command, "writes");
  const reviewedAt = parseInstantOption("--date", options.date, ctx.config.timezone);
  const { review, created } = await withStore(ctx, (store) =>
    recordQuarterlyReview(
      store,
      {
        quarter: options.quarter,
        reviewedBy: options.reviewedBy,
        decisions: options.decision,
        ...(reviewedAt === undefined ? {} : { reviewedAt }),
      },
      ctx,
    ),
  );
  const decisions = `${review.decisions.length} decision${review.decisions.length === 1 ? "" : "s"}`;
  emit(
    `${created ? "recorded" : "updated"} the ${review.quarter} review by ${review.reviewed_by} on ${toIso(review.reviewed_at)}: ${decisions}`,
    undefined,
  );
}

export async function runReviewList(
  options: { quarter?: string; format: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command);
  const quarter = options.quarter === undefined ? undefined : parseQuarter(options.quarter, ctx.config).id;
  const reviews = await withStore(ctx, (store) => createQuarterlyReviewStore(store).reviews(quarter));
  if (options.format === "json")
    return emit(
      json(
        reviews.map((review) => ({
          ...review,
          reviewed_at: toIso(review.reviewed_at),
          recorded_at: toIso(review.recorded_at),
        })),
      ),
      undefined,
    );
  if (reviews.length === 0)
    return emit(
      `no review recorded${quarter ? ` for ${quarter}` : ""}: secmetrics review record --quarter … --reviewed-by … --decision …`,
      undefined,
    );
  const rows = reviews.map((review) => [
    review.quarter,
    toIso(review.reviewed_at).slice(0, 10),
    review.reviewed_by,
    review.decisions.join("; "),
  ]);
  emit(terminalTable(["Quarter", "Reviewed", "By", "Decisions"], rows), undefined);
}
