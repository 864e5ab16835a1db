import type { Logger } from "pino";
import { LoginLimiter, type LoginLimiterOptions } from "../auth/rate-limit.ts";
import type { Config } from "../config/schema.ts";
import type { LoadedTrust } from "../config/trust-load.ts";
import type { AuthStore, NewAuditEntry } from "../store/auth-store.ts";
import { POSTGRES_POOL_SIZE } from "../store/dialect.ts";
import type { Store } from "../store/store.ts";
import { type AppContext, actorName } from "./context.ts";
import { KpiService } from "./kpi-service.ts";
import type { Notifier } from "./notifier.ts";
import { chromiumPrinter } from "./pdf.ts";
import { PdfQueue, type PdfQueueOptions } from "./pdf-queue.ts";

export interface ServerDeps {
  store: Store;
  auth: AuthStore;
  config: Config;
  logger: Logger;
  /** The clock (tests pin it). */
  now?: () => number;
  /** The server itself terminates TLS. */
  tls?: boolean;
  /**
   * Behind a reverse proxy: the client address is the last X-Forwarded-For
   * hop and X-Forwarded-Proto says whether the client used https.
   */
  trustProxy?: boolean;
  /** Largest import body; default 50 MiB. */
  maxImportBytes?: number;
  /** Chromium for PDF export; null: none; undefined: SECMETRICS_CHROMIUM or /usr/bin/chromium. */
  chromium?: string | null;
  /** PDF export: the printer (default: `chromium`), how many may wait, each print's time limit. */
  pdf?: Partial<PdfQueueOptions>;
  loginLimits?: LoginLimiterOptions;
  /** Reuse of computed KPIs while no import commits; default 60 s, 0 turns it off. */
  kpiCacheMs?: number;
  /** Per-request time limit; default 30 s (PDF export: twice that). */
  requestTimeoutMs?: number;
  /** Sends the webhooks after each import; none when no webhook is configured. */
  notifier?: Notifier;
  /** The public trust center at /trust and its security.txt; none when no trust file is configured. */
  trust?: LoadedTrust;
}

export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** What route modules share: the deps, resolved, and the services built from them. */
export interface Services {
  deps: ServerDeps;
  store: Store;
  auth: AuthStore;
  config: Config;
  logger: Logger;
  now: () => number;
  kpis: KpiService;
  limiter: LoginLimiter;
  maxImportBytes: number;
  pdf: PdfQueue;
  /** The audit entry of an action of this request: by its principal unless another actor is named. */
  auditEntry(c: AppContext, entry: AuditedAction): NewAuditEntry;
  /**
   * Records an audited action. An entry the store cannot take (still busy
   * after the wait) fails the request it belongs to, with the entry in the
   * server log: an action must not go unaudited.
   */
  audit(c: AppContext, entry: AuditedAction): Promise<void>;
}

export type AuditedAction = Omit<NewAuditEntry, "at" | "actor" | "ip"> & { actor?: string };

export function createServices(deps: ServerDeps): Services {
  const now = deps.now ?? Date.now;
  const auditEntry = (c: AppContext, entry: AuditedAction): NewAuditEntry => ({
    at: now(),
    actor: entry.actor ?? actorName(c.get("principal")),
    action: entry.action,
    target: entry.target,
    detail: entry.detail,
    ip: c.get("clientIp"),
  });
  return {
    deps,
    store: deps.store,
    auth: deps.auth,
    config: deps.config,
    logger: deps.logger,
    now,
    kpis: new KpiService({
      store: deps.store,
      config: deps.config,
      now,
      cacheMs: deps.kpiCacheMs ?? 60_000,
      // One computation per connection: SQLite's one runs a statement at a time, so more would only interleave.
      maxComputations: deps.store.engine === "postgres" ? POSTGRES_POOL_SIZE : 1,
    }),
    limiter: new LoginLimiter(deps.loginLimits),
    maxImportBytes: deps.maxImportBytes ?? DEFAULT_MAX_IMPORT_BYTES,
    pdf: new PdfQueue({ print: chromiumPrinter(deps.chromium), ...deps.pdf }),
    auditEntry,
    async audit(c, entry) {
      const record = auditEntry(c, entry);
      try {
        await deps.auth.audit(record);
      } catch (error) {
        c.get("log").error({ err: error, audit: record }, "audit log write failed");
        throw error;
      }
    },
  };
}
