import type { Store } from "../../store/store.ts";
import { exceptionState } from "./compute.ts";
import { type SuppressedResult, suppressedResultsAt } from "./queries.ts";
import { EXCEPTION, type RiskException } from "./records.ts";

/**
 * What an exception waives of the things that are checked or found on an
 * asset: a finding (by its vulnerability or rule id) or a check result (by
 * its check id), on a scan target or checked asset. `ids` joins the
 * exception's `scope.findings` and `scope.checks` (both name what was
 * found or checked); `assets` is `scope.assets`. An empty part matches
 * anything, so `{ assets: [web-1] }` waives everything on web-1 and
 * `{ findings: [CVE-1] }` CVE-1 wherever it is; both given, only that id on
 * those assets. Ids are compared exactly. `scope.controls` waives no
 * finding or result: a control is evidenced by many checks, named
 * differently by each framework.
 */
export interface ExceptionCover {
  id: string;
  owner: string | null;
  /** The register (feed) it comes from. */
  feed: string;
  expires_at: number | null;
  ids: readonly string[];
  assets: readonly string[];
}

/** An exception that covered what it names but no longer does: past its expiry, revoked or closed. */
export interface LapsedCover extends ExceptionCover {
  state: "expired" | "revoked" | "closed";
}

/** The exceptions of the registers' latest snapshots at an instant, by whether they waive anything then. */
export interface Covers {
  /** Approved, started, not expired, closed or revoked: what they name is accepted risk. */
  inForce: ExceptionCover[];
  /** Expired, revoked or closed: what they name counts again, and names them. */
  lapsed: LapsedCover[];
}

const LAPSED_STATES: ReadonlySet<string> = new Set(["expired", "revoked", "closed"]);

/** The covers of `exceptions` (each register's latest snapshot) at `at`; an exception naming neither ids nor assets covers nothing. */
export function coversAt(exceptions: readonly RiskException[], at: number): Covers {
  const covers: Covers = { inForce: [], lapsed: [] };
  for (const exception of exceptions) {
    const ids = [...new Set([...exception.scope.findings, ...exception.scope.checks])];
    const assets = [...new Set(exception.scope.assets)];
    if (ids.length === 0 && assets.length === 0) continue;
    const cover: ExceptionCover = {
      id: exception.external_id,
      owner: exception.owner,
      feed: exception.feed,
      expires_at: exception.expires_at,
      ids,
      assets,
    };
    const state = exceptionState(exception, at);
    if (state === "open") covers.inForce.push(cover);
    else if (LAPSED_STATES.has(state)) covers.lapsed.push({ ...cover, state: state as LapsedCover["state"] });
  }
  // The most recently lapsed first: the one a finding names when several lapsed exceptions cover it.
  covers.lapsed.sort((a, b) => (b.expires_at ?? 0) - (a.expires_at ?? 0) || a.id.localeCompare(b.id));
  covers.inForce.sort((a, b) => a.id.localeCompare(b.id));
  return covers;
}

/**
 * The exceptions of each register's latest snapshot before `at`, as what
 * they cover then: the few scopes that findings and results are matched
 * against, loaded once per period.
 */
export async function exceptionCoversAt(store: Store, at: number): Promise<Covers> {
  return coversAt(await store.snapshot<RiskException>(EXCEPTION.kind, at), at);
}

export function coverMatches(cover: ExceptionCover, id: string, asset: string): boolean {
  return (
    (cover.ids.length === 0 || cover.ids.includes(id)) &&
    (cover.assets.length === 0 || cover.assets.includes(asset))
  );
}

/** Which exception covers (id, asset): one in force first, else the most recently lapsed, else none. */
export function coverOf(
  covers: Covers,
  id: string,
  asset: string,
): { cover: ExceptionCover; inForce: true } | { cover: LapsedCover; inForce: false } | null {
  const inForce = covers.inForce.find((cover) => coverMatches(cover, id, asset));
  if (inForce) return { cover: inForce, inForce: true };
  const lapsed = covers.lapsed.find((cover) => coverMatches(cover, id, asset));
  return lapsed ? { cover: lapsed, inForce: false } : null;
}

/** An exception named in a metric's details; instants are ISO 8601. */
export interface CoverDetail {
  id: string;
  owner: string | null;
  expires_at: string | null;
  /** The findings (or results) of the metric it covers. */
  count: number;
}

export interface LapsedCoverDetail extends CoverDetail {
  state: LapsedCover["state"];
}

export function coverDetail(cover: ExceptionCover, count: number): CoverDetail {
  return {
    id: cover.id,
    owner: cover.owner,
    expires_at: cover.expires_at === null ? null : new Date(cover.expires_at).toISOString(),
    count,
  };
}

/**
 * The suppressed check results that no exception in force covers (by check
 * id and asset): exceptions decided in a tool rather than through the
 * register's review, each itself a finding.
 */
export function unregisteredExceptions(
  suppressed: readonly SuppressedResult[],
  covers: Covers,
): SuppressedResult[] {
  return suppressed.filter((result) => coverOf(covers, result.check_id, result.asset)?.inForce !== true);
}

/**
 * The unregistered exceptions at `end` against `exceptions` (each register's
 * latest snapshot before it): what `open_exceptions` reports and drills
 * down to, read the one way.
 */
export async function unregisteredExceptionsAt(
  store: Store,
  exceptions: readonly RiskException[],
  end: number,
): Promise<SuppressedResult[]> {
  const suppressed = await store.read((q) => suppressedResultsAt(q, end));
  return unregisteredExceptions(suppressed, coversAt(exceptions, end));
}
