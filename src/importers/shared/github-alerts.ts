import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Finding, ScanImport, ScanType } from "../../domains/vulnerabilities/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { parseTimestamp } from "../../model/time.ts";
import type { ImportContext } from "../importer.ts";
import { type Json, obj, str } from "./fields.ts";
import { readJsonDocument } from "./json.ts";
import { identityOf, resolveScan } from "./scan-input.ts";

/** What one of GitHub's alert listings (Dependabot, code scanning) needs to say about each alert. */
export interface GithubAlertKind {
  /** The scans' tool, e.g. "dependabot". */
  tool: string;
  scanType: ScanType;
  /** For messages: "Dependabot alerts". */
  what: string;
  finding(alert: Json, read: AlertRead): Finding | undefined;
}

/** One alert being read: where it sits, its repository, and its timestamps parsed with problems noted. */
export interface AlertRead {
  number: string | null;
  /** "alert 18", or its position when it has no number. */
  where: string;
  target: string;
  problems: { line: number; reason: string }[];
  /** The named timestamp field in ms, null when absent; an unreadable one is a problem and null. */
  time(name: string): number | null;
}

/**
 * A GitHub alert listing: the REST list (an array of alerts, from a
 * repository or an organization) or one webhook payload (`action` +
 * `alert`). A listing is not a scan (it may be filtered or paginated), so
 * it is marked incomplete: an alert missing from it is not fixed. One scan
 * per repository; its time is `--scanned-at`, else the latest `updated_at`
 * (the listing is at least that recent), else the latest `created_at`
 * (older API versions send no `updated_at`). The scan's identity also
 * names the alerts it lists, so two pages of one pull updated at the same
 * second are two scans, never one replacing the other, while the same
 * listing imported again is the same scan. Read whole: listings are small.
 */
export async function readGithubAlerts(
  kind: GithubAlertKind,
  input: Readable | string,
  ctx: ImportContext,
): Promise<ScanImport[]> {
  const doc = await readJsonDocument(input, ctx.file);
  const alerts = Array.isArray(doc)
    ? doc.map((alert) => ({ alert: obj(alert), repository: obj(alert, "repository") }))
    : obj(doc, "alert")
      ? [{ alert: obj(doc, "alert"), repository: obj(doc, "repository") }]
      : undefined;
  if (!alerts)
    throw new InvalidInputError(ctx.file, [
      {
        line: 1,
        reason: `not ${kind.what}: expected an array of alerts or a webhook payload with an alert`,
      },
    ]);

  const byTarget = new Map<string, { alert: Json; index: number }[]>();
  for (const [index, { alert, repository }] of alerts.entries()) {
    if (!alert) continue;
    const target = ctx.target ?? str(repository, "full_name");
    if (target === null)
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: `alert ${index + 1} names no repository` }],
        "pass --target (a repository's alert list does not name the repository)",
      );
    const list = byTarget.get(target) ?? [];
    list.push({ alert, index });
    byTarget.set(target, list);
  }

  const scans: ScanImport[] = [];
  for (const [target, entries] of byTarget) {
    const scan = resolveScan(
      { ...ctx, target },
      {
        tool: kind.tool,
        scan_type: kind.scanType,
        target,
        time: latest(entries, "updated_at") ?? latest(entries, "created_at") ?? null,
        complete: false,
      },
    );
    const listed = entries.map(({ alert, index }) => str(alert, "number") ?? `#${index}`).sort();
    scan.external_id = identityOf(
      scan.external_id,
      createHash("sha256").update(listed.join(",")).digest("hex").slice(0, 16),
    );
    const problems: { line: number; reason: string }[] = [];
    const findings: Finding[] = [];
    for (const { alert, index } of entries) {
      const number = str(alert, "number");
      const where = `alert ${number ?? index + 1}`;
      const time = (name: string): number | null => {
        const text = str(alert, name);
        if (text === null) return null;
        const ms = parseTimestamp(text, ctx.timezone);
        if (ms === undefined)
          problems.push({ line: 1, reason: `${where}: ${name} "${text}" is not a timestamp` });
        return ms ?? null;
      };
      const parsed = kind.finding(alert, { number, where, target: scan.target, problems, time });
      if (parsed) findings.push(parsed);
    }
    scans.push({ scan, findings, suppressed: 0, problems });
  }
  return scans;
}

function latest(entries: { alert: Json }[], name: string): string | undefined {
  return entries
    .map(({ alert }) => str(alert, name))
    .filter((time): time is string => time !== null)
    .sort((a, b) => (parseTimestamp(a, "UTC") ?? 0) - (parseTimestamp(b, "UTC") ?? 0))
    .at(-1);
}
