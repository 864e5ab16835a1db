import type { DomainPack } from "../domain-pack.ts";
import {
  blockedIps,
  failedLoginRate,
  rateLimitTriggers,
  securityHeaderDrift,
  tlsDowngradeAttempts,
  unauthorizedAccessAttempts,
} from "./compute.ts";
import { banDrill, failedLoginDrill, headerDrill, httpDrill, tlsDrill } from "./drill.ts";
import { ACCESS_DENIAL_METRICS, PREVENTION_METRICS } from "./metrics.ts";
import {
  authTally,
  banTally,
  httpTally,
  lastProbe,
  latestProbeResults,
  tlsHandshakeTally,
} from "./queries.ts";
import { AUTH_EVENT, BAN_EVENT, HTTP_EVENT, PROBE_RESULT, TLS_HANDSHAKE } from "./records.ts";

/** Source IPs shown with `failed_login_rate`. */
const TOP_SOURCE_IPS = 10;

/**
 * Authentication, HTTP, ban and TLS logs and the header and TLS probes:
 * the controls that keep attackers out, and the denials they log. Log
 * events are counted in SQL; probe results are each target's latest before
 * the period end.
 */
export const prevention: DomainPack = {
  id: "prevention",
  recordKinds: [AUTH_EVENT, BAN_EVENT, HTTP_EVENT, TLS_HANDSHAKE, PROBE_RESULT],
  migrations: [],
  metrics: [...PREVENTION_METRICS, ...ACCESS_DENIAL_METRICS],
  families: [
    {
      metrics: ["failed_login_rate"],
      kinds: [AUTH_EVENT.kind],
      async compute(store, { period, now }) {
        const tally = await store.read((q) => authTally(q, period, TOP_SOURCE_IPS));
        return { failed_login_rate: failedLoginRate(tally, period, now) };
      },
      drill: failedLoginDrill,
    },
    {
      metrics: ["rate_limit_triggers", "unauthorized_access_attempts"],
      kinds: [HTTP_EVENT.kind],
      async compute(store, { period }) {
        const tally = await store.read((q) => httpTally(q, period));
        return {
          rate_limit_triggers: rateLimitTriggers(tally),
          unauthorized_access_attempts: unauthorizedAccessAttempts(tally),
        };
      },
      drill: httpDrill,
    },
    {
      metrics: ["blocked_ips"],
      kinds: [BAN_EVENT.kind],
      async compute(store, { period }) {
        return { blocked_ips: blockedIps(await store.read((q) => banTally(q, period))) };
      },
      drill: banDrill,
    },
    {
      metrics: ["security_header_drift"],
      kinds: [PROBE_RESULT.kind],
      // Header probes only: TLS probes, stored beside them, say nothing of the headers.
      async dataEnd(store) {
        const at = await store.read((q) => lastProbe(q, "headers"));
        return at === null ? null : { at, record: "headers probe" };
      },
      async compute(store, { period }) {
        const results = await store.read((q) => latestProbeResults(q, "headers", period.end));
        return { security_header_drift: securityHeaderDrift(results) };
      },
      drill: headerDrill,
    },
    {
      // Probed endpoints and handshakes found in logs: either can be the first data.
      metrics: ["tls_downgrade_attempts"],
      kinds: [PROBE_RESULT.kind, TLS_HANDSHAKE.kind],
      async dataEnd(store) {
        const [probe, handshake] = await Promise.all([
          store.read((q) => lastProbe(q, "tls")),
          store.latestRecord(TLS_HANDSHAKE.kind),
        ]);
        if (probe !== null && (handshake === null || probe >= handshake))
          return { at: probe, record: "TLS probe" };
        return handshake === null ? null : { at: handshake, record: "TLS handshake" };
      },
      async compute(store, { period, config }) {
        const [results, handshakes] = await store.read((q) =>
          Promise.all([latestProbeResults(q, "tls", period.end), tlsHandshakeTally(q, period)]),
        );
        return {
          tls_downgrade_attempts: tlsDowngradeAttempts(results, handshakes, config.probes.minimum_tls),
        };
      },
      drill: tlsDrill,
    },
  ],
};
