import { DAY_SECONDS, defineMetrics } from "../../model/metric-definition.ts";

export const PREVENTION_METRICS = defineMetrics("prevention_controls", [
  {
    id: "failed_login_rate",
    name: "Failed login rate",
    description:
      "Failed authentications per day in the period (days elapsed for a running period); details: count, top 10 source IPs.",
    unit: "per_day",
    direction: "stable",
    chart: "u",
    sources: ["sshd", "ocsf"],
  },
  {
    id: "rate_limit_triggers",
    name: "Rate limit triggers",
    description:
      "Rate-limit rejections in the period: HTTP 429 and error-log limiting lines, one rejection logged in both counted once.",
    unit: "count",
    direction: "tracked",
    chart: "c",
    sources: ["nginx", "ocsf"],
  },
  {
    id: "blocked_ips",
    name: "Blocked IPs",
    description: "Distinct IPs banned in the period (fail2ban Ban, Restore Ban, Reban).",
    unit: "count",
    direction: "tracked",
    chart: "c",
    sources: ["fail2ban"],
  },
  {
    id: "security_header_drift",
    name: "Security header drift",
    description:
      "(url, header) pairs missing or deviating from the security header baseline, at each URL's latest probe.",
    unit: "count",
    direction: "zero",
    chart: "xmr",
    target: { op: "==", value: 0 },
    sources: ["probe-headers"],
    cadence_seconds: 7 * DAY_SECONDS,
  },
  {
    id: "tls_downgrade_attempts",
    name: "TLS downgrade attempts",
    description:
      "Endpoints accepting a TLS version below the minimum at each endpoint's latest probe, plus handshakes below the minimum found in imported logs in the period.",
    unit: "count",
    direction: "zero",
    chart: "c",
    target: { op: "==", value: 0 },
    sources: ["probe-tls", "nginx", "ocsf"],
    cadence_seconds: 7 * DAY_SECONDS,
  },
]);

/** Denials logged beside the other HTTP events: an identity and access signal, counted from the same logs. */
export const ACCESS_DENIAL_METRICS = defineMetrics("identity_access", [
  {
    id: "unauthorized_access_attempts",
    name: "Unauthorized access attempts",
    description: "Requests denied with HTTP 401 or 403 in the period (failed logins are failed_login_rate).",
    unit: "count",
    direction: "down",
    chart: "c",
    sources: ["nginx", "ocsf"],
  },
]);
