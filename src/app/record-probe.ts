import { createHash } from "node:crypto";
import { PROBE_RESULT, PROBES, type ProbeKind, type ProbeResult } from "../domains/prevention/records.ts";
import type { HeaderProbeRun } from "../probes/security-headers/headers.ts";
import type { TlsProbeRun } from "../probes/tls/tls.ts";
import type { ImportRecord, Store } from "../store/store.ts";

export type ProbeRun = HeaderProbeRun | TlsProbeRun;

/** The probes as sources of metrics, like importers: the format their runs are stored under and what they yield. */
export const PROBE_SOURCES = PROBES.map((probe) => ({ id: probeFormat(probe), kinds: [PROBE_RESULT.kind] }));

function probeFormat(probe: ProbeKind): string {
  return `probe-${probe}`;
}

/**
 * Stores a probe run like an import: an import row of format `probe-headers`
 * or `probe-tls`, named `probe:<probe>:<targets>`, with the SHA-256 of the
 * run's JSON, and one result row per target. Every run is kept, so drift is
 * a trend.
 */
export async function recordProbe(store: Store, run: ProbeRun, now: number): Promise<ImportRecord> {
  const text = JSON.stringify(run);
  const format = probeFormat(run.probe);
  const records = probeRecords(run);
  return store.importRecords(
    {
      format,
      feed: format,
      file_name: `probe:${run.probe}:${records.map((r) => r.target).join(",")}`,
      sha256: createHash("sha256").update(text).digest("hex"),
      imported_at: now,
    },
    async (writer) => {
      for (const [index, record] of records.entries()) await writer.write(record, index + 1);
      return { skipped: 0 };
    },
  );
}

/** One row per URL or endpoint; `drift` is null for a failed probe (unknown, not zero). */
export function probeRecords(run: ProbeRun): ProbeResult[] {
  const feed = probeFormat(run.probe);
  const record = (
    probe: ProbeKind,
    target: string,
    checkedAt: number,
    ok: boolean,
    drift: number,
    result: object,
  ): ProbeResult => ({
    kind: "probe_result",
    feed,
    external_id: `${probe}|${target}|${checkedAt}`,
    probe,
    target,
    checked_at: checkedAt,
    status: ok ? "ok" : "failed",
    drift: ok ? drift : null,
    result: { ...result },
  });
  if (run.probe === "headers") {
    return run.results.map((r) =>
      record("headers", r.url, r.checked_at, r.status === "ok", r.status === "ok" ? r.drift : 0, r),
    );
  }
  return run.results.map((r) =>
    record("tls", r.endpoint, r.checked_at, r.status === "ok", r.below_minimum.length > 0 ? 1 : 0, r),
  );
}
