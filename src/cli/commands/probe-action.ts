import type { Command } from "commander";
import { type ProbeRun, recordProbe } from "../../app/record-probe.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { TLS_VERSIONS, type TlsVersion } from "../../model/tls-protocol.ts";
import { probeHeaders } from "../../probes/security-headers/headers.ts";
import { probeTls } from "../../probes/tls/tls.ts";
import { terminalLines } from "../../report/terminal-text.ts";
import { type CliContext, cliContext, withStore } from "../context.ts";
import { checkChoice, DATA_FORMATS, json } from "../output.ts";

interface ProbeOptions {
  format: string;
  timeout?: string;
}

interface TlsOptions extends ProbeOptions {
  minimum?: string;
}

/** Without a subcommand: every URL and endpoint of the config. */
export async function runProbe(options: ProbeOptions, command: Command): Promise<void> {
  const ctx = cliContext(command, "writes");
  const { urls, endpoints } = ctx.config.probes;
  const probes = [
    ...(urls.length > 0 ? [headersProbe(ctx, urls, options)] : []),
    ...(endpoints.length > 0 ? [tlsProbe(ctx, endpoints, options)] : []),
  ];
  await runAndStore(ctx, options.format, probes);
}

export async function runProbeHeaders(urls: string[], command: Command): Promise<void> {
  const ctx = cliContext(command, "writes");
  const options = command.optsWithGlobals<ProbeOptions>();
  const targets = urls.length > 0 ? urls : ctx.config.probes.urls;
  await runAndStore(ctx, options.format, targets.length > 0 ? [headersProbe(ctx, targets, options)] : []);
}

export async function runProbeTls(endpoints: string[], command: Command): Promise<void> {
  const ctx = cliContext(command, "writes");
  const options = command.optsWithGlobals<TlsOptions>();
  const targets = endpoints.length > 0 ? endpoints : ctx.config.probes.endpoints;
  await runAndStore(ctx, options.format, targets.length > 0 ? [tlsProbe(ctx, targets, options)] : []);
}

async function runAndStore(
  ctx: CliContext,
  format: string,
  probes: (() => Promise<ProbeRun>)[],
): Promise<void> {
  const output = checkChoice("format", format, DATA_FORMATS);
  if (probes.length === 0) {
    throw new SecmetricsError(
      "invalid_argument",
      "nothing to probe",
      "name URLs or HOST:PORT endpoints, or list them under probes: (urls, endpoints) in secmetrics.yaml",
    );
  }
  await withStore(ctx, async (store) => {
    const runs: { run: ProbeRun; import_id: number }[] = [];
    for (const probe of probes) {
      const run = await probe();
      const record = await recordProbe(store, run, Date.now());
      runs.push({ run, import_id: record.id });
    }
    if (output === "json") {
      const shown = runs.map(({ run, import_id }) => ({ run: probeJson(run), import_id }));
      process.stdout.write(json(shown.length === 1 ? shown[0] : shown));
      return;
    }
    for (const { run, import_id } of runs)
      process.stdout.write(`${terminalLines(summary(run))}stored as import #${import_id}\n`);
  });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A run as JSON: its instants (probe time, certificate validity) ISO 8601, as every JSON output writes them. */
function probeJson(run: ProbeRun) {
  if (run.probe === "headers")
    return {
      ...run,
      checked_at: iso(run.checked_at),
      results: run.results.map((r) => ({ ...r, checked_at: iso(r.checked_at) })),
    };
  return {
    ...run,
    checked_at: iso(run.checked_at),
    results: run.results.map((r) => ({
      ...r,
      checked_at: iso(r.checked_at),
      certificate: r.certificate && {
        ...r.certificate,
        valid_from: iso(r.certificate.valid_from),
        valid_to: iso(r.certificate.valid_to),
      },
    })),
  };
}

/** One line per target: what drifted, or why it could not be probed. */
function summary(run: ProbeRun): string {
  const lines: string[] = [];
  if (run.probe === "headers") {
    for (const r of run.results) {
      if (r.status === "failed") lines.push(`${r.url}: failed (${r.error.code}): drift unknown`);
      else {
        const drifting = r.findings
          .filter((f) => f.issue !== "should_be_removed")
          .map((f) => `${f.header} ${f.issue}`);
        const remove = r.findings.filter((f) => f.issue === "should_be_removed").map((f) => f.header);
        lines.push(
          `${r.url}: ${r.drift} drifting${drifting.length ? ` (${drifting.join(", ")})` : ""}${remove.length ? `; remove ${remove.join(", ")}` : ""}`,
        );
      }
    }
    lines.push(`security_header_drift: ${run.security_header_drift ?? "unknown (no URL answered)"}`);
  } else {
    for (const r of run.results) {
      if (r.status === "failed")
        lines.push(`${r.endpoint}: failed (${r.error?.code ?? "error"}): versions unknown`);
      else
        lines.push(
          `${r.endpoint}: accepts ${r.accepted.join(", ")}${r.below_minimum.length ? `; below ${run.minimum}: ${r.below_minimum.join(", ")}` : ""}`,
        );
    }
    lines.push(`tls_downgrade_attempts: ${run.tls_downgrade_attempts}`);
  }
  return `${lines.join("\n")}\n`;
}

function timeoutOf(options: ProbeOptions): number | undefined {
  if (options.timeout === undefined) return undefined;
  const ms = Number(options.timeout);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new SecmetricsError(
      "invalid_argument",
      `--timeout: "${options.timeout}" is not a number of milliseconds`,
    );
  return ms;
}

function headersProbe(ctx: CliContext, urls: string[], options: ProbeOptions) {
  const timeoutMs = timeoutOf(options);
  return () => probeHeaders(urls, { overrides: ctx.config.probes.headers, timeoutMs });
}

function tlsProbe(ctx: CliContext, endpoints: string[], options: TlsOptions) {
  const minimum = (options.minimum ?? ctx.config.probes.minimum_tls) as TlsVersion;
  if (!TLS_VERSIONS.includes(minimum))
    throw new SecmetricsError("invalid_argument", `--minimum must be one of ${TLS_VERSIONS.join(", ")}`);
  const timeoutMs = timeoutOf(options);
  return () => probeTls(endpoints, { minimum, timeoutMs });
}
