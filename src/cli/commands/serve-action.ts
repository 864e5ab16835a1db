import type { Command } from "commander";
import { findMetric } from "../../catalog/metrics.ts";
import { findTrust } from "../../config/trust-load.ts";
import { SecmetricsError } from "../../model/errors.ts";
import { createLogger } from "../../server/logger.ts";
import { createNotifier } from "../../server/notifier.ts";
import { createSourceScheduler } from "../../server/source-scheduler.ts";
import { startServer } from "../../server/start.ts";
import { createAuthStore } from "../../store/auth-store.ts";
import { DEFAULT_LOCK_WAIT } from "../../store/lock-wait.ts";
import { cliContext, defaultPeriod, type GlobalOptions } from "../context.ts";

interface ServeOptions {
  port: string;
  host: string;
  trustProxy?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  maxImportMb: string;
  trust?: string;
}

export async function runServe(options: ServeOptions, command: Command): Promise<void> {
  const ctx = cliContext(command);
  const trust = findTrust(
    options.trust,
    command.optsWithGlobals<GlobalOptions>().config,
    (id) => findMetric(id) !== undefined,
  );
  const port = Number(options.port);
  const maxMb = Number(options.maxImportMb);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SecmetricsError("invalid_argument", `--port must be 0-65535 (got "${options.port}")`);
  if (!(maxMb > 0)) throw new SecmetricsError("invalid_argument", "--max-import-mb must be positive");
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new SecmetricsError("invalid_argument", "--tls-cert and --tls-key go together");
  // People wait on the server's writes: a login behind a long import is refused with 503 in time.
  const store = await ctx.openStore(DEFAULT_LOCK_WAIT);
  const auth = createAuthStore(store);
  const logger = createLogger();
  const notifier =
    ctx.config.notifications.webhooks.length > 0
      ? createNotifier({
          store,
          config: ctx.config,
          logger,
          period: () => defaultPeriod({ ...ctx, now: Date.now() }),
        })
      : undefined;
  // A port in use must not leave the store's connections holding the process open.
  const server = await startServer(
    {
      store,
      auth,
      config: ctx.config,
      logger,
      trustProxy: options.trustProxy === true,
      maxImportBytes: Math.round(maxMb * 1024 * 1024),
      notifier,
      trust,
    },
    {
      port,
      host: options.host,
      tls: options.tlsCert && options.tlsKey ? { cert: options.tlsCert, key: options.tlsKey } : undefined,
    },
  ).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  notifier?.start();
  const scheduler =
    ctx.config.sources.length > 0
      ? createSourceScheduler({
          store,
          config: ctx.config,
          logger,
          onImported: () => notifier?.request("import"),
        })
      : undefined;
  scheduler?.start();
  const users = await auth.listUsers();
  process.stderr.write(`secmetrics dashboard on ${server.url}/ (API ${server.url}/api/v1/openapi.json)\n`);
  if (users.length === 0)
    process.stderr.write(
      "no users yet: secmetrics users add <name> --role admin prints a one-time password\n",
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stderr.write("stopping\n");
  await server.close();
  await scheduler?.stop();
  await notifier?.stop();
  await store.close();
}
