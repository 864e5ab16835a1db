import {
  DEPENDENCY_LISTING,
  DEPENDENCY_VERSION,
  type DependencyListing,
  type DependencyVersion,
  type Ecosystem,
  type Listing,
} from "../../domains/appsec/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import type { ImportContext, RecordItem } from "../importer.ts";

/** One package as a package manager lists it, with the line it starts on. */
export type ListedPackage = Pick<
  DependencyVersion,
  "package" | "current" | "wanted" | "latest" | "direct" | "dependency_type" | "dependent"
> & { line: number };

export type ListingItem = RecordItem<DependencyListing | DependencyVersion>;

/** What every package manager importer yields, and the options that complete its output. */
export const LISTING_FAMILY = {
  kinds: [DEPENDENCY_LISTING.kind, DEPENDENCY_VERSION.kind],
  identityOptions: ["target", "scannedAt"],
} as const;

/**
 * The time of a listing: package managers print none, so `--scanned-at`,
 * else the file's modification time; without either the file is refused.
 */
function listedAt(ctx: ImportContext): number {
  const at = ctx.scannedAt ?? ctx.fileTime;
  if (at === undefined)
    throw new InvalidInputError(
      ctx.file,
      [{ line: 1, reason: "a package listing carries no time" }],
      "pass the time it was taken with --scanned-at",
    );
  return at;
}

/**
 * A package manager's listing as records: the listing itself (so a listing
 * of nothing still says it looked), then each package. The project is
 * `--target`, else what the output names, else the ecosystem. Identity:
 * (feed, ecosystem|project|listing|time[|package|dependent]), so the same
 * output imported again changes nothing.
 */
export function* listingItems(
  feed: string,
  ecosystem: Ecosystem,
  listing: Listing,
  named: string | null,
  packages: readonly ListedPackage[],
  ctx: ImportContext,
): Iterable<ListingItem> {
  const at = listedAt(ctx);
  const project = ctx.target ?? named ?? ecosystem;
  const key = `${ecosystem}|${project}|${listing}|${new Date(at).toISOString()}`;
  const common = { feed, listed_at: at, ecosystem, project, listing };
  yield {
    line: 1,
    record: { kind: DEPENDENCY_LISTING.kind, external_id: key, ...common, entries: packages.length },
  };
  const seen = new Map<string, number>();
  for (const { line, ...listed } of packages) {
    const id = `${key}|${listed.package}|${listed.dependent ?? ""}`;
    const repeat = (seen.get(id) ?? 0) + 1;
    seen.set(id, repeat);
    yield {
      line,
      record: {
        kind: DEPENDENCY_VERSION.kind,
        external_id: repeat === 1 ? id : `${id}#${repeat}`,
        ...common,
        ...listed,
      },
    };
  }
}
