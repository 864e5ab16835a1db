import { field, type Json, num, obj, objects, str } from "../shared/fields.ts";

/** A URI with a scheme (`file:`, `https:`, `C:`) or a rooted path: not relative to any base. */
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/)/i;
/** SARIF chains of `uriBaseId`s are short; the bound only stops a cycle. */
const MAX_BASE_HOPS = 8;

/**
 * The file of a result's first physical location, as a path from the
 * analysed root, so that one file has one name across runs and machines.
 * The location's `uri` (else that of the `artifacts[index]` it points to) is
 * relative to its `uriBaseId`; SARIF resolves that through the run's
 * `originalUriBaseIds`, which may chain. A base that is itself relative is
 * prefixed; an absolute base is the root on the machine that ran the tool
 * (a checkout directory) and is left out. An absolute `uri` under such a
 * root or under the run's working directory is made relative to it, as
 * GitHub code scanning does.
 */
export function artifactPath(run: Json, result: Json): string | null {
  const location = obj(result, "locations.0.physicalLocation.artifactLocation");
  const index = num(location, "index");
  const own = str(location, "uri");
  const artifact = own === null && index !== null ? obj(run, `artifacts.${index}.location`) : location;
  let uri = str(artifact, "uri");
  let base = str(artifact, "uriBaseId");
  if (uri === null) return null;
  const roots = new Map(Object.entries(obj(run, "originalUriBaseIds") ?? {}));
  for (let hop = 0; base !== null && !ABSOLUTE.test(uri) && hop < MAX_BASE_HOPS; hop++) {
    const root = roots.get(base);
    const rootUri = str(root, "uri");
    if (rootUri === null || ABSOLUTE.test(rootUri)) break;
    uri = withSlash(rootUri) + uri;
    base = str(root, "uriBaseId");
  }
  if (!ABSOLUTE.test(uri)) return uri;
  const absoluteRoots = [
    ...[...roots.values()].map((root) => str(root, "uri")),
    ...objects(run, "invocations").map((invocation) => str(invocation, "workingDirectory.uri")),
  ].filter((root): root is string => root !== null && ABSOLUTE.test(root));
  for (const root of absoluteRoots.map(withSlash))
    if (uri.startsWith(root) && uri.length > root.length) return uri.slice(root.length);
  return uri;
}

/**
 * The result's first region with SARIF's defaults filled in (a missing
 * start column is 1, a missing end line the start line), so that two
 * spellings of one region compare equal.
 */
export function regionOf(result: Json): string {
  const region = field(result, "locations.0.physicalLocation.region");
  const startLine = num(region, "startLine");
  const part = (value: number | null) => (value === null ? "" : String(value));
  return `${part(startLine)}:${part(num(region, "startColumn") ?? (startLine === null ? null : 1))}-${part(
    num(region, "endLine") ?? startLine,
  )}:${part(num(region, "endColumn"))}`;
}

function withSlash(uri: string): string {
  return uri.endsWith("/") ? uri : `${uri}/`;
}
