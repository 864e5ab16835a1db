import {
  DEFAULT_MAX_TOKEN_AGE_DAYS,
  DEFAULT_ORPHAN_AFTER_DAYS,
  orphanedAccounts,
  privilegedAccounts,
  tokenExpiryCompliance,
  unauthorizedAccessAttempts,
} from "../kpi/identity-access.ts";
import { configDriftEvents, deploymentMetrics } from "../kpi/operational-hygiene.ts";
import {
  blockedIps,
  failedLoginRate,
  rateLimitTriggers,
  securityHeaderDrift,
  tlsDowngradeAttempts,
} from "../kpi/prevention-controls.ts";
import type { MetricFamily } from "./metric-families.ts";

/** Source IPs shown with `failed_login_rate`. */
const TOP_SOURCE_IPS = 10;

/**
 * Prevention & Controls, Identity & Access and Operational Hygiene (issue 4).
 * Log events are counted in SQL; snapshots and probe results are the latest
 * before the period end; change events and deployments are few and loaded.
 */
export const EVENT_METRIC_FAMILIES: readonly MetricFamily[] = [
  {
    kind: "auth_event",
    metrics: ["failed_login_rate"],
    async compute(store, { period, now }) {
      return {
        failed_login_rate: failedLoginRate(await store.authTally(period, TOP_SOURCE_IPS), period, now),
      };
    },
  },
  {
    kind: "http_event",
    metrics: ["rate_limit_triggers", "unauthorized_access_attempts"],
    async compute(store, { period }) {
      const tally = await store.httpTally(period);
      return {
        rate_limit_triggers: rateLimitTriggers(tally),
        unauthorized_access_attempts: unauthorizedAccessAttempts(tally),
      };
    },
  },
  {
    kind: "ban_event",
    metrics: ["blocked_ips"],
    async compute(store, { period }) {
      return { blocked_ips: blockedIps(await store.banTally(period)) };
    },
  },
  {
    kind: "probe_result",
    metrics: ["security_header_drift"],
    async compute(store, { period }) {
      return {
        security_header_drift: securityHeaderDrift(await store.latestProbeResults("headers", period.end)),
      };
    },
  },
  {
    // Probed endpoints and handshakes found in logs: either can be the first data.
    kind: ["probe_result", "tls_handshake"],
    metrics: ["tls_downgrade_attempts"],
    async compute(store, { period, config }) {
      return {
        tls_downgrade_attempts: tlsDowngradeAttempts(
          await store.latestProbeResults("tls", period.end),
          await store.tlsHandshakeTally(period),
          config.probes.minimum_tls,
        ),
      };
    },
  },
  {
    kind: "account",
    metrics: ["privileged_accounts", "orphaned_accounts"],
    async compute(store, { period, config }) {
      const accounts = await store.snapshot("account", period.end);
      return {
        privileged_accounts: privilegedAccounts(accounts),
        orphaned_accounts: orphanedAccounts(accounts, config.orphan_after_days ?? DEFAULT_ORPHAN_AFTER_DAYS),
      };
    },
  },
  {
    kind: "token",
    metrics: ["token_expiry_compliance"],
    async compute(store, { period, config }) {
      const tokens = await store.snapshot("token", period.end);
      return {
        token_expiry_compliance: tokenExpiryCompliance(
          tokens,
          config.max_token_age_days ?? DEFAULT_MAX_TOKEN_AGE_DAYS,
        ),
      };
    },
  },
  {
    kind: "change_event",
    metrics: ["config_drift_events"],
    async compute(store, { period }) {
      return { config_drift_events: configDriftEvents(await store.events("change_event", period)) };
    },
  },
  {
    kind: "deployment",
    metrics: ["manual_prod_changes", "failed_deployments", "rollbacks"],
    async compute(store, { period }) {
      return deploymentMetrics(await store.events("deployment", period));
    },
  },
];
