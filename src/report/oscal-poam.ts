import type { PoamContents } from "../app/poam-contents.ts";
import type { AuditFinding, AuditStatus } from "../domains/audit-findings/records.ts";
import type { RiskException } from "../domains/exceptions/records.ts";
import { toIso } from "../model/time.ts";
import { uuidV5 } from "../model/uuid-v5.ts";

/** The OSCAL release whose POA&M JSON schema the document is checked against. */
export const OSCAL_VERSION = "1.1.1";
/** Namespace of every UUID in the document: fixed, so the same record always gets the same UUID. */
const UUID_NAMESPACE = "6f1c0d0e-3b7a-4f53-9a43-5d2c8e1b7a90";
/** Namespace of the props only secmetrics defines. */
export const SECMETRICS_NS = "urn:secmetrics:oscal";
/** FedRAMP's namespace, for its `POAM-ID` prop naming a POA&M item. */
const FEDRAMP_NS = "https://fedramp.gov/ns/oscal";

type Prop = { name: string; value: string; ns?: string };

const uuid = (...parts: string[]) => uuidV5(UUID_NAMESPACE, parts.join("\u0000"));

/** Our props with a value, in our namespace. */
function ownProps(values: Record<string, string | null | readonly string[]>): Prop[] {
  return Object.entries(values).flatMap(([name, value]) =>
    (typeof value === "string" ? [value] : (value ?? [])).map((v) => ({ name, value: v, ns: SECMETRICS_NS })),
  );
}

/** `AC-6(1)` → `ac-6.1`, OSCAL's control id. */
export function oscalControlId(control: string): string {
  return control
    .trim()
    .toLowerCase()
    .replace(/\((\w+)\)/g, ".$1");
}

const controlProps = (controls: readonly string[]): Prop[] =>
  controls.map((control) => ({ name: "impacted-control-id", value: oscalControlId(control) }));

/**
 * An approved exception: a risk whose deviation is approved until
 * `expires_at`, its response the exception's decision, its approval in
 * the risk log.
 */
function exceptionRisk(exception: RiskException) {
  const id = uuid("exception", exception.feed, exception.external_id);
  const title = exception.title ?? `Exception ${exception.external_id}`;
  return {
    uuid: id,
    title,
    description: `Approved ${exception.type} exception ${exception.external_id} from the ${exception.feed} register.`,
    statement:
      exception.compensating_controls.length > 0
        ? `Accepted with compensating controls: ${exception.compensating_controls.join("; ")}.`
        : "Accepted without compensating controls.",
    props: [
      ...controlProps(exception.scope.controls),
      ...ownProps({
        "exception-id": exception.external_id,
        register: exception.feed,
        "exception-type": exception.type,
        owner: exception.owner,
        "approved-by": exception.approved_by,
        ticket: exception.ticket,
        check: exception.scope.checks,
        asset: exception.scope.assets,
        finding: exception.scope.findings,
      }),
    ],
    status: "deviation-approved",
    ...(exception.compensating_controls.length > 0 && {
      "mitigating-factors": exception.compensating_controls.map((description, n) => ({
        uuid: uuid("exception", exception.feed, exception.external_id, "mitigating", String(n)),
        description,
      })),
    }),
    ...(exception.expires_at !== null && { deadline: toIso(exception.expires_at) }),
    ...(exception.decision !== null && {
      remediations: [
        {
          uuid: uuid("exception", exception.feed, exception.external_id, "response"),
          lifecycle: "planned",
          title: `${exception.decision[0]?.toUpperCase()}${exception.decision.slice(1)} the risk`,
          description: `The exception's decision: ${exception.decision}.`,
          props: [{ name: "type", value: exception.decision }],
        },
      ],
    }),
    ...(exception.approved_at !== null && {
      "risk-log": {
        entries: [
          {
            uuid: uuid("exception", exception.feed, exception.external_id, "approved"),
            title: "Deviation approved",
            start: toIso(exception.approved_at),
            "status-change": "deviation-approved",
          },
        ],
      },
    }),
  };
}

/** An audit finding's risk status: being fixed is `remediating`; accepted or not, it is still open. */
const RISK_STATUS: Record<AuditStatus, string> = {
  open: "open",
  in_progress: "remediating",
  risk_accepted: "open",
  closed: "closed",
};

function auditRisk(finding: AuditFinding) {
  const title = finding.title ?? `Audit finding ${finding.external_id}`;
  return {
    uuid: uuid("audit-finding", finding.feed, finding.external_id, "risk"),
    title,
    description: `Open ${finding.source} audit finding ${finding.external_id} from the ${finding.feed} register.`,
    statement: `${title} (severity ${finding.severity}).`,
    props: [
      ...controlProps(finding.control === null ? [] : [finding.control]),
      ...ownProps({
        "audit-finding-id": finding.external_id,
        register: finding.feed,
        source: finding.source,
        severity: finding.severity,
        "audit-status": finding.status,
        owner: finding.owner,
        opened: toIso(finding.opened_at),
      }),
    ],
    status: RISK_STATUS[finding.status],
    ...(finding.due_at !== null && { deadline: toIso(finding.due_at) }),
  };
}

/** The audit finding as an assessment finding on its control's objective, when it names a control. */
function auditFinding(finding: AuditFinding, riskUuid: string) {
  if (finding.control === null) return null;
  return {
    uuid: uuid("audit-finding", finding.feed, finding.external_id, "finding"),
    title: finding.title ?? `Audit finding ${finding.external_id}`,
    description: `Raised by a ${finding.source} audit on ${toIso(finding.opened_at)}.`,
    target: {
      type: "objective-id",
      "target-id": `${oscalControlId(finding.control)}_obj`,
      status: { state: "not-satisfied" },
    },
    "related-risks": [{ "risk-uuid": riskUuid }],
  };
}

const poamId = (id: string): Prop => ({ name: "POAM-ID", value: id, ns: FEDRAMP_NS });

/** The newest register snapshot the document is built from: its version, and so its `last-modified`. */
function dataVersion(contents: PoamContents): number {
  const times = [...contents.exceptions, ...contents.findings].map((record) => record.snapshot_at);
  return times.length === 0 ? contents.period.start : Math.max(...times);
}

/**
 * The approved exceptions in force and the open audit findings at the
 * period end as an OSCAL plan of action and milestones: each a risk with a
 * POA&M item naming it (an audit finding also an assessment finding on its
 * control). Every UUID is derived from the system id, the period and the
 * record's identity, and `last-modified` is the newest snapshot read, so
 * the same data always gives the same document.
 */
export function oscalPoamDocument(contents: PoamContents) {
  const byId = (a: { feed: string; external_id: string }, b: { feed: string; external_id: string }) =>
    a.feed.localeCompare(b.feed) || a.external_id.localeCompare(b.external_id);
  const exceptions = [...contents.exceptions].sort(byId);
  const audits = [...contents.findings].sort(byId);
  const exceptionRisks = exceptions.map(exceptionRisk);
  const auditRisks = audits.map(auditRisk);
  const auditFindings = audits.map((finding, n) => auditFinding(finding, auditRisks[n]?.uuid ?? ""));
  const items = [
    ...exceptions.map((exception, n) => ({
      uuid: uuid("exception", exception.feed, exception.external_id, "item"),
      title: exceptionRisks[n]?.title ?? "",
      description: `Deviation approved until ${exception.expires_at === null ? "further notice" : toIso(exception.expires_at)}.`,
      props: [poamId(exception.external_id)],
      "related-risks": [{ "risk-uuid": exceptionRisks[n]?.uuid ?? "" }],
    })),
    ...audits.map((finding, n) => {
      const related = auditFindings[n];
      return {
        uuid: uuid("audit-finding", finding.feed, finding.external_id, "item"),
        title: auditRisks[n]?.title ?? "",
        description: `Remediate by ${finding.due_at === null ? "no set date" : toIso(finding.due_at)}.`,
        props: [poamId(finding.external_id)],
        ...(related && { "related-findings": [{ "finding-uuid": related.uuid }] }),
        "related-risks": [{ "risk-uuid": auditRisks[n]?.uuid ?? "" }],
      };
    }),
  ];
  const risks = [...exceptionRisks, ...auditRisks];
  const findings = auditFindings.filter((finding) => finding !== null);
  return {
    "plan-of-action-and-milestones": {
      uuid: uuid("poam", contents.systemId, contents.period.id),
      metadata: {
        title: `Plan of action and milestones of ${contents.systemId}, ${contents.period.id}`,
        "last-modified": toIso(dataVersion(contents)),
        version: contents.period.id,
        "oscal-version": OSCAL_VERSION,
        props: ownProps({ "period-end": toIso(contents.period.end) }),
      },
      "system-id": { id: contents.systemId },
      ...(risks.length > 0 && { risks }),
      ...(findings.length > 0 && { findings }),
      "poam-items": items,
    },
  };
}
