import { type Selectable, sql, type Transaction } from "kysely";
import { INSERT_BATCH_ROWS } from "../../store/engines.ts";
import type { CoreTables } from "../../store/schema.ts";
import {
  computeLifecycle,
  createSlaPolicy,
  type FindingOccurrence,
  type ScanWithFindings,
  type SlaPolicy,
} from "./lifecycle.ts";
import { describedFinding, nullable } from "./queries.ts";
import type { Finding, Scan, ScanType, VulnerabilityTables } from "./records.ts";

/**
 * Stages one import's scans and sightings, then re-derives the occurrences of
 * every (target, tool) the import touched. Deriving from all stored scans of
 * the group, not just the new one, is what makes out-of-order imports give
 * the same result as in-order ones.
 */
export class ScanWriter {
  written = 0;
  private current: { id: number; findings: number; suppressed: number } | undefined;
  private readonly pending = new Map<string, Record<string, unknown>>();
  private readonly groups = new Map<string, { target: string; tool: string }>();

  private readonly trx: Transaction<Tables>;

  /** `transaction` is the import's (see `RecordWriter.transaction`): scans commit with the records. */
  constructor(
    transaction: Transaction<CoreTables>,
    private readonly importId: number,
  ) {
    this.trx = transaction.withTables<VulnerabilityTables>();
  }

  async scan(scan: Scan, line: number): Promise<void> {
    await this.endScan();
    const row = {
      feed: scan.feed,
      external_id: scan.external_id,
      tool: scan.tool,
      scan_type: scan.scan_type,
      target: scan.target,
      scanned_at: scan.scanned_at,
      complete: scan.complete ? 1 : 0,
      findings: 0,
      suppressed: 0,
      import_id: this.importId,
      line,
    };
    const existing = await this.trx
      .selectFrom("scans")
      .select(["id", "target", "tool"])
      .where("feed", "=", scan.feed)
      .where("external_id", "=", scan.external_id)
      .executeTakeFirst();
    let id: number;
    if (existing) {
      // The same scan again (another file with the same content): it replaces the stored copy whole.
      id = existing.id;
      await this.trx.deleteFrom("finding_sightings").where("scan_id", "=", id).execute();
      await this.trx.updateTable("scans").set(row).where("id", "=", id).execute();
      this.touch(existing.target, existing.tool);
    } else {
      ({ id } = await this.trx.insertInto("scans").values(row).returning("id").executeTakeFirstOrThrow());
    }
    this.touch(scan.target, scan.tool);
    this.current = { id, findings: 0, suppressed: 0 };
  }

  async finding(finding: Finding, line: number): Promise<void> {
    const current = this.current;
    if (!current) throw new Error("a finding came before its scan");
    const own = finding.own_lifecycle;
    // Within one scan the last copy of an identity wins, as for records.
    if (!this.pending.delete(finding.identity)) current.findings++;
    this.pending.set(finding.identity, {
      scan_id: current.id,
      identity: finding.identity,
      vulnerability_id: finding.vulnerability_id,
      title: finding.title,
      severity: finding.severity,
      category: finding.category,
      package_name: finding.package_name,
      package_version: finding.package_version,
      fixed_version: finding.fixed_version,
      location: finding.location,
      direct: finding.direct === null ? null : finding.direct ? 1 : 0,
      status: finding.status,
      status_reason: finding.status_reason,
      own_created_at: own?.created_at ?? null,
      own_fixed_at: own?.fixed_at ?? null,
      own_dismissed_at: own?.dismissed_at ?? null,
      own_dismissed_reason: own?.dismissed_reason ?? null,
      attributes: JSON.stringify(finding.attributes),
      import_id: this.importId,
      line,
    });
    if (this.pending.size >= INSERT_BATCH_ROWS) await this.flushSightings();
  }

  suppressed(count: number): void {
    if (this.current) this.current.suppressed += count;
  }

  /** Ends the last scan and re-derives the occurrences of every group the import touched. */
  async finish(sla: SlaPolicy = createSlaPolicy()): Promise<void> {
    await this.endScan();
    for (const { target, tool } of this.groups.values()) await rederive(this.trx, target, tool, sla);
  }

  private touch(target: string, tool: string): void {
    this.groups.set(`${target}\u0000${tool}`, { target, tool });
  }

  private async endScan(): Promise<void> {
    await this.flushSightings();
    const current = this.current;
    if (!current) return;
    await this.trx
      .updateTable("scans")
      .set({ findings: current.findings, suppressed: current.suppressed })
      .where("id", "=", current.id)
      .execute();
    this.current = undefined;
  }

  private async flushSightings(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    // A duplicate identity split across two batches: the later copy wins here too.
    await this.trx
      .insertInto("finding_sightings")
      .values(rows as never)
      .onConflict((oc) =>
        oc.columns(["scan_id", "identity"]).doUpdateSet(
          Object.fromEntries(
            Object.keys(rows[0] as object)
              .filter((c) => c !== "scan_id" && c !== "identity")
              .map((c) => [c, sql.ref(`excluded.${c}`)]),
          ) as Record<string, never>,
        ),
      )
      .execute();
    this.written += rows.length;
  }
}

/** Identities re-derived at a time: bounds the memory of an import, whatever the size of a target. */
const IDENTITY_CHUNK = 5000;

type Tables = CoreTables & VulnerabilityTables;
type ScanRow = Selectable<VulnerabilityTables["scans"]>;

/**
 * Recomputes the occurrences of one (target, tool) from all its stored scans
 * with the pure lifecycle, and replaces the stored ones. One identity's
 * lifecycle depends only on its own sightings and the list of scans, so the
 * identities are taken in sorted chunks: memory holds the scans and one chunk.
 */
async function rederive(trx: Transaction<Tables>, target: string, tool: string, sla: SlaPolicy) {
  const scans = await trx
    .selectFrom("scans")
    .selectAll()
    .where("target", "=", target)
    .where("tool", "=", tool)
    .execute();
  let after: string | null = null;
  for (;;) {
    let query = trx
      .selectFrom("finding_sightings as f")
      .innerJoin("scans as s", "s.id", "f.scan_id")
      .select("f.identity")
      .distinct()
      .where("s.target", "=", target)
      .where("s.tool", "=", tool);
    if (after !== null) query = query.where("f.identity", ">", after);
    const identities = await query.orderBy("f.identity").limit(IDENTITY_CHUNK).execute();
    // The last chunk is open-ended, so occurrences of identities no scan has any more are removed too.
    const upTo = identities.length === IDENTITY_CHUNK ? (identities.at(-1)?.identity ?? null) : null;
    await rederiveRange(trx, { target, tool, sla, scans }, after, upTo);
    if (upTo === null) return;
    after = upTo;
  }
}

/**
 * Re-derives the identities in (after, upTo] (null: unbounded). A due date
 * already stored for the same occurrence (same identity, same first
 * sighting) is kept: due dates are frozen when first seen, so a policy edit
 * since then does not rewrite history.
 */
async function rederiveRange(
  trx: Transaction<Tables>,
  group: { target: string; tool: string; sla: SlaPolicy; scans: readonly ScanRow[] },
  after: string | null,
  upTo: string | null,
) {
  const { target, tool, sla, scans } = group;
  const byId = new Map<number, ScanWithFindings & { findings: Finding[]; row: ScanRow }>();
  for (const row of scans) {
    const scan: Scan = {
      kind: "scan",
      feed: row.feed,
      external_id: row.external_id,
      tool: row.tool,
      scan_type: row.scan_type as ScanType,
      target: row.target,
      scanned_at: Number(row.scanned_at),
      complete: Number(row.complete) === 1,
    };
    byId.set(row.id, { scan, findings: [], row });
  }
  let sightingQuery = trx
    .selectFrom("finding_sightings as f")
    .innerJoin("scans as s", "s.id", "f.scan_id")
    .select([
      "f.scan_id",
      "f.identity",
      "f.vulnerability_id",
      "f.title",
      "f.severity",
      "f.category",
      "f.package_name",
      "f.package_version",
      "f.fixed_version",
      "f.location",
      "f.direct",
      "f.status",
      "f.status_reason",
      "f.own_created_at",
      "f.own_fixed_at",
      "f.own_dismissed_at",
      "f.own_dismissed_reason",
      "f.line",
    ])
    .where("s.target", "=", target)
    .where("s.tool", "=", tool);
  if (after !== null) sightingQuery = sightingQuery.where("f.identity", ">", after);
  if (upTo !== null) sightingQuery = sightingQuery.where("f.identity", "<=", upTo);
  const sightings = await sightingQuery.orderBy("f.id").execute();
  for (const row of sightings) {
    byId.get(row.scan_id)?.findings.push({
      ...describedFinding(row),
      own_lifecycle:
        row.own_created_at === null
          ? null
          : {
              created_at: Number(row.own_created_at),
              fixed_at: nullable(row.own_fixed_at),
              dismissed_at: nullable(row.own_dismissed_at),
              dismissed_reason: row.own_dismissed_reason,
            },
      line: row.line,
      attributes: {},
    });
  }
  const entries = [...byId.values()];
  const occurrences = computeLifecycle(entries, { sla });

  let storedQuery = trx
    .selectFrom("finding_occurrences")
    .select(["identity", "first_seen_at", "due_at"])
    .where("target", "=", target)
    .where("tool", "=", tool)
    .where("due_at", "is not", null);
  let deletion = trx.deleteFrom("finding_occurrences").where("target", "=", target).where("tool", "=", tool);
  if (after !== null) {
    storedQuery = storedQuery.where("identity", ">", after);
    deletion = deletion.where("identity", ">", after);
  }
  if (upTo !== null) {
    storedQuery = storedQuery.where("identity", "<=", upTo);
    deletion = deletion.where("identity", "<=", upTo);
  }
  const frozen = new Map<string, number>();
  for (const row of await storedQuery.execute())
    frozen.set(`${row.identity}\u0000${row.first_seen_at}`, Number(row.due_at));
  await deletion.execute();

  const scanIds = new Map(entries.map((entry) => [entry.scan.external_id, entry.row.id]));
  const lastScan = lastScanOf(entries);
  const firstLines = firstSightingLines(entries, occurrences);
  let batch: Record<string, unknown>[] = [];
  for (const occurrence of occurrences) {
    const firstScanId = scanIds.get(occurrence.first_scan) as number;
    const first = byId.get(firstScanId)?.row;
    const { finding } = occurrence;
    batch.push({
      target,
      tool,
      identity: occurrence.identity,
      occurrence: occurrence.occurrence,
      reintroduced: occurrence.reintroduced ? 1 : 0,
      vulnerability_id: finding.vulnerability_id,
      title: finding.title,
      severity: occurrence.severity,
      category: occurrence.category,
      package_name: finding.package_name,
      package_version: finding.package_version,
      fixed_version: finding.fixed_version,
      location: finding.location,
      direct: finding.direct === null ? null : finding.direct ? 1 : 0,
      status: occurrence.status,
      status_reason: occurrence.status_reason,
      first_seen_at: occurrence.first_seen_at,
      last_seen_at: occurrence.last_seen_at,
      fixed_at: occurrence.fixed_at,
      due_at: frozen.get(`${occurrence.identity}\u0000${occurrence.first_seen_at}`) ?? occurrence.due_at,
      first_scan_id: firstScanId,
      last_scan_id: lastScan.get(`${occurrence.last_seen_at}`) ?? firstScanId,
      import_id: first?.import_id as number,
      line: firstLines.get(occurrence) ?? first?.line ?? 1,
    });
    if (batch.length >= INSERT_BATCH_ROWS) {
      await trx
        .insertInto("finding_occurrences")
        .values(batch as never)
        .execute();
      batch = [];
    }
  }
  if (batch.length > 0)
    await trx
      .insertInto("finding_occurrences")
      .values(batch as never)
      .execute();
}

/** Scan id by scanned_at (ms as text): within a (target, tool) the latest scan at an instant. */
function lastScanOf(entries: readonly { scan: Scan; row: { id: number } }[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const { scan, row } of [...entries].sort((a, b) => a.row.id - b.row.id))
    result.set(`${scan.scanned_at}`, row.id);
  return result;
}

/** The input line of each occurrence's first sighting (its provenance), looked up in its first scan. */
function firstSightingLines(
  entries: readonly { scan: Scan; findings: readonly Finding[] }[],
  occurrences: readonly FindingOccurrence[],
): Map<FindingOccurrence, number> {
  const wanted = new Map<string, FindingOccurrence[]>();
  for (const occurrence of occurrences) {
    const list = wanted.get(occurrence.first_scan);
    if (list) list.push(occurrence);
    else wanted.set(occurrence.first_scan, [occurrence]);
  }
  const result = new Map<FindingOccurrence, number>();
  for (const { scan, findings } of entries) {
    const list = wanted.get(scan.external_id);
    if (!list) continue;
    const lines = new Map(findings.map((finding) => [finding.identity, finding.line]));
    for (const occurrence of list) {
      const line = lines.get(occurrence.identity);
      if (line !== undefined) result.set(occurrence, line);
    }
  }
  return result;
}
