import type { Config } from "../../config/schema.ts";
import { createSourceRunStore } from "../../store/source-run-store.ts";
import type { Store } from "../../store/store.ts";
import type { Connector, ConnectorKind } from "./connector.ts";
import { CONNECTORS, isConnectorSource } from "./connectors.ts";

/**
 * When each format a configured connector feeds was last checked: the start
 * of its source's latest successful pull, which asked the API for every
 * change up to then, even when the answer was nothing new (a 304, an empty
 * page) and so imported nothing. A failed pull checked nothing: it never
 * counts, however recent. Formats fed by several sources take the latest.
 */
export async function checkedAtByFormat(store: Store, config: Config): Promise<Map<string, number>> {
  const sources = config.sources.filter(isConnectorSource);
  const checked = new Map<string, number>();
  const succeeded = await createSourceRunStore(store).latestSuccessful();
  for (const source of sources) {
    const run = succeeded.get(source.name);
    if (!run) continue;
    // The map's type ties each kind to its connector; TypeScript cannot follow that through an index.
    const connector = CONNECTORS[source.kind] as Connector<ConnectorKind>;
    for (const format of connector.formats(source))
      checked.set(format, Math.max(checked.get(format) ?? run.started_at, run.started_at));
  }
  return checked;
}
