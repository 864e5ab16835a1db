import { existsSync } from "node:fs";
import type { Command } from "commander";
import { computeKpis } from "../../app/compute-kpis.ts";
import { configuredImport, importFile } from "../../app/import-file.ts";
import { trustCenterView } from "../../app/trust-center.ts";
import { findMetric } from "../../catalog/metrics.ts";
import { findTrust, type LoadedTrust } from "../../config/trust-load.ts";
import { fileSource } from "../../importers/file-source.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { checkSecurityTxtExpiry, securityTxtExpiresSoon } from "../../report/security-txt.ts";
import { documentPath, trustSiteFiles, writeSiteFiles } from "../../server/trust-site.ts";
import { cliContext, defaultPeriod, type GlobalOptions, withStore } from "../context.ts";

/** The trust file of a command: `--trust`, else trust.yaml beside the config; an error when there is none. */
function requireTrust(named: string | undefined, command: Command): LoadedTrust {
  const loaded = findTrust(
    named,
    command.optsWithGlobals<GlobalOptions>().config,
    (id) => findMetric(id) !== undefined,
  );
  if (!loaded)
    throw new SecmetricsError(
      "invalid_config",
      "no trust.yaml beside the config",
      "write one (the README's trust.yaml reference has an example) or name it with --trust",
    );
  return loaded;
}

/**
 * Builds the static trust center. The trust file is imported first (its
 * security.txt becomes a snapshot, so `security_txt_days_left` keeps the
 * history of what was published), then the figures are computed by the
 * same code as the dashboard's. Every input is checked before the first
 * file is written: a bad build leaves the folder as it was.
 */
export async function runTrustBuild(
  options: { out: string; trust?: string; period?: string },
  command: Command,
): Promise<void> {
  const ctx = cliContext(command, "writes");
  const loaded = requireTrust(options.trust, command);
  checkSecurityTxtExpiry(loaded.trust, ctx.now);
  for (const document of loaded.trust.documents.filter((d) => d.visibility === "public"))
    if (!existsSync(documentPath(loaded, document)))
      throw new SecmetricsError(
        "invalid_config",
        `${loaded.file}: documents.${document.id}: no file ${documentPath(loaded, document)}`,
      );
  const period = options.period ?? defaultPeriod(ctx);
  const report = await withStore(ctx, async (store) => {
    await importFile(store, {
      source: fileSource(loaded.file),
      format: "trust-yaml",
      options: configuredImport(ctx.config).options,
      now: ctx.now,
    });
    return computeKpis(store, period, ctx);
  });
  const files = trustSiteFiles(trustCenterView(loaded.trust, report, ctx.now), loaded, ctx.config.timezone);
  writeSiteFiles(files, options.out);
  const daysLeft = securityTxtExpiresSoon(loaded.trust, ctx.now);
  if (daysLeft !== null)
    process.stderr.write(
      `warning: ${loaded.file}: security_txt.expires is ${daysLeft} day${daysLeft === 1 ? "" : "s"} away: renew it and build again before readers stop trusting the file\n`,
    );
  process.stdout.write(
    `${options.out}: wrote the trust center of ${loaded.trust.company} (${files.length} files, figures for ${report.period.id})\n`,
  );
}
