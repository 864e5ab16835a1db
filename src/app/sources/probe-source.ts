import { probeHeaders } from "../../probes/security-headers/headers.ts";
import { probeTls } from "../../probes/tls/tls.ts";
import { type ProbeRun, recordProbe } from "../record-probe.ts";
import type { SourceReader } from "./source-reader.ts";

/**
 * Runs the probe (or both) as `secmetrics probe` does and stores each run
 * like an import. A target that does not answer is a result of the probe
 * (its drift unknown), not a failed run; nothing to probe is one.
 */
export const readProbeSource: SourceReader<"probe"> = async (store, config, source, now) => {
  const { probes } = config;
  const urls = source.probe === "headers" ? (source.targets ?? probes.urls) : source.probe ? [] : probes.urls;
  const endpoints =
    source.probe === "tls" ? (source.targets ?? probes.endpoints) : source.probe ? [] : probes.endpoints;
  const runs: (() => Promise<ProbeRun>)[] = [
    ...(urls.length > 0 ? [() => probeHeaders(urls, { overrides: probes.headers })] : []),
    ...(endpoints.length > 0 ? [() => probeTls(endpoints, { minimum: probes.minimum_tls })] : []),
  ];
  if (runs.length === 0)
    return {
      imported: 0,
      unchanged: 0,
      records: 0,
      errors: [
        "nothing to probe: the source names no targets and probes.urls and probes.endpoints are empty",
      ],
    };
  let records = 0;
  for (const run of runs) records += (await recordProbe(store, await run(), now)).records;
  return { imported: runs.length, unchanged: 0, records, errors: [] };
};
