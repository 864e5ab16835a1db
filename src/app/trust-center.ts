import type { Certification, TrustCenter, TrustDocument } from "../config/trust-schema.ts";
import { formatQuantity } from "../model/format.ts";
import type { KpiReport } from "./kpi-report.ts";

/** How a certification stands at an instant: an attestation past `valid_until` is expired, whatever the file says. */
export type CertificationState = "valid" | "expired" | "not_yet_valid" | "in_progress" | "started";

/** How a published metric stands: a stale or missing figure is shown as such, never as the last good value. */
export type PublishedState = "current" | "stale" | "no_data";

export interface PublishedMetric {
  id: string;
  wording: string;
  state: PublishedState;
  /** The value in its unit for people; null unless current. */
  value: string | null;
  /** Why there is no current value. */
  reason: string | null;
  /** Where the metric's data ends: its freshness. */
  data_end: number | null;
}

export interface CertificationView extends Certification {
  state: CertificationState;
  /** The report document, when it is public (an NDA report is reached through an access link). */
  public_report: TrustDocument | null;
}

/** Everything the public pages show: nothing here is NDA or private. */
export interface TrustCenterView {
  trust: TrustCenter;
  period: { id: string; start: number; end: number };
  generated_at: number;
  certifications: CertificationView[];
  metrics: PublishedMetric[];
  public_documents: TrustDocument[];
  /** How many documents an approved access request opens. */
  nda_documents: number;
}

export function certificationState(certification: Certification, now: number): CertificationState {
  if (certification.status !== "attested") return certification.status;
  if (certification.valid_until !== undefined && certification.valid_until <= now) return "expired";
  if (certification.valid_from !== undefined && certification.valid_from > now) return "not_yet_valid";
  return "valid";
}

/**
 * The public view of a trust center at `now`, its metrics from `report`
 * (the KPIs the dashboard computes for the same period). A metric the
 * report lacks is no data: the trust file names only catalog ids, checked
 * when it is loaded.
 */
export function trustCenterView(trust: TrustCenter, report: KpiReport, now: number): TrustCenterView {
  const byId = new Map(report.metrics.map((metric) => [metric.id, metric]));
  const documents = new Map(trust.documents.map((document) => [document.id, document]));
  return {
    trust,
    period: report.period,
    generated_at: now,
    certifications: trust.certifications.map((certification) => {
      const report = certification.report === undefined ? undefined : documents.get(certification.report);
      return {
        ...certification,
        state: certificationState(certification, now),
        public_report: report?.visibility === "public" ? report : null,
      };
    }),
    metrics: trust.metrics.map(({ id, wording }) => {
      const result = byId.get(id);
      if (!result)
        return { id, wording, state: "no_data", value: null, reason: "not computed", data_end: null };
      const state: PublishedState =
        result.status === "stale" ? "stale" : result.value === null ? "no_data" : "current";
      return {
        id,
        wording,
        state,
        value: state === "current" ? formatQuantity(result.value, result.unit) : null,
        reason: state === "current" ? null : (result.reason ?? (state === "stale" ? "stale" : "no data")),
        data_end: result.data_end,
      };
    }),
    public_documents: trust.documents.filter((document) => document.visibility === "public"),
    nda_documents: trust.documents.filter((document) => document.visibility === "nda").length,
  };
}
