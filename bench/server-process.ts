/**
 * The server under load in `npm run bench:server`, in a process of its own so
 * that its peak resident set size is its own, not the load generator's.
 * Started by bench/server.ts with the store URL, the config file and the KPI
 * cache's TTL; sends `{ url }` once listening; on "stop" closes and sends
 * `{ maxRssBytes }` (the kernel's peak RSS of this process).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { openStore } from "../src/app/open-store.ts";
import { parseConfig } from "../src/config/load.ts";
import { createLogger } from "../src/server/logger.ts";
import { startServer } from "../src/server/start.ts";
import { createAuthStore } from "../src/store/auth-store.ts";

export interface ServerProcessMessage {
  url?: string;
  maxRssBytes?: number;
}

const [storeUrl, configPath, cacheMs] = process.argv.slice(2);
if (!storeUrl || !configPath || cacheMs === undefined)
  throw new Error("usage: server-process.ts <store url> <config file> <kpi cache ms>");
const config = parseConfig(parseYaml(readFileSync(configPath, "utf8")), configPath);
const store = await openStore(storeUrl);
const server = await startServer(
  {
    store,
    auth: createAuthStore(store),
    config,
    logger: createLogger({ level: "warn" }),
    kpiCacheMs: Number(cacheMs),
  },
  { port: 0, host: "127.0.0.1" },
);
process.send?.({ url: server.url } satisfies ServerProcessMessage);
process.on("message", (message) => {
  if (message !== "stop") return;
  const stats: ServerProcessMessage = { maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.send?.(stats, undefined, {}, () => process.exit(0));
});
