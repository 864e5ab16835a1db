import type { ActionItem } from "../domains/action-items/records.ts";
import type { Assessment } from "../domains/assessments/records.ts";
import type { ManagedAsset } from "../domains/assets/records.ts";
import type { AuditFinding } from "../domains/audit-findings/records.ts";
import type { CheckResult } from "../domains/compliance-checks/records.ts";
import type { Alert, Incident } from "../domains/detection-response/records.ts";
import type { RiskException } from "../domains/exceptions/records.ts";
import type { ChangeEvent, Deployment } from "../domains/hygiene/records.ts";
import type { Account, Token } from "../domains/identity-access/records.ts";
import type { IrRole, Runbook } from "../domains/ir-readiness/records.ts";
import type { Person } from "../domains/people/records.ts";
import type {
  AuthEvent,
  BanEvent,
  HttpEvent,
  ProbeResult,
  TlsHandshake,
} from "../domains/prevention/records.ts";
import type { SecretAlert } from "../domains/secrets/records.ts";
import type { Tabletop } from "../domains/tabletops/records.ts";
import type { ContractDeployment } from "../domains/web3/records.ts";
import type { NewImport } from "../store/store.ts";

/**
 * Records for tests: each builder fills every field with a neutral value
 * (null, false, empty), so a test states only what it is about.
 */
type Build<R, Required extends keyof R> = Pick<R, Required> & Partial<R>;

/** An import of `<sha256>.csv`, its feed the format's family (`alerts-csv` → `alerts`). */
export function buildImport(sha256: string, format: string, importedAt: number): NewImport {
  return {
    format,
    feed: format.split("-")[0] as string,
    file_name: `${sha256}.csv`,
    sha256,
    imported_at: importedAt,
  };
}

export function buildIncident(fields: Build<Incident, "external_id" | "detected_at">): Incident {
  return {
    kind: "incident",
    feed: "incidents",
    title: null,
    severity: null,
    status: null,
    started_at: null,
    reported_at: null,
    acknowledged_at: null,
    responded_at: null,
    recovered_at: null,
    closed_at: null,
    event_kind: "incident",
    synthetic: false,
    reported_by: null,
    root_cause: null,
    root_cause_category: null,
    service: null,
    owner: null,
    attributes: {},
    ...fields,
  };
}

export function buildAlert(fields: Build<Alert, "external_id" | "created_at">): Alert {
  return {
    kind: "alert",
    feed: "alerts",
    severity: null,
    source: null,
    rule: null,
    disposition: "open",
    triaged_at: null,
    incident_id: null,
    attributes: {},
    ...fields,
  };
}

export function buildAuthEvent(fields: Build<AuthEvent, "external_id" | "at" | "outcome">): AuthEvent {
  return {
    kind: "auth_event",
    feed: "sshd",
    method: "password",
    user: null,
    invalid_user: false,
    source_ip: null,
    host: null,
    service: "sshd",
    ...fields,
  };
}

export function buildHttpEvent(fields: Build<HttpEvent, "external_id" | "at">): HttpEvent {
  return {
    kind: "http_event",
    feed: "nginx",
    status: null,
    method: null,
    path: null,
    client_ip: null,
    host: null,
    user: null,
    rate_limited: false,
    source: "access",
    ...fields,
  };
}

export function buildBanEvent(fields: Build<BanEvent, "external_id" | "at" | "action" | "ip">): BanEvent {
  return { kind: "ban_event", feed: "fail2ban", jail: "sshd", host: null, ...fields };
}

export function buildTlsHandshake(fields: Build<TlsHandshake, "external_id" | "at">): TlsHandshake {
  return {
    kind: "tls_handshake",
    feed: "nginx",
    protocol: null,
    refused: false,
    client_ip: null,
    host: null,
    source: "access",
    ...fields,
  };
}

export function buildAccount(fields: Build<Account, "external_id" | "snapshot_at">): Account {
  return {
    kind: "account",
    feed: "accounts",
    name: fields.external_id,
    privileged: null,
    owner: null,
    owner_status: null,
    status: "active",
    created_at: null,
    last_used_at: null,
    mfa_active: null,
    attributes: {},
    ...fields,
  };
}

export function buildToken(fields: Build<Token, "external_id" | "snapshot_at">): Token {
  return {
    kind: "token",
    feed: "tokens",
    account_id: "a",
    token_type: "token",
    active: true,
    created_at: null,
    expires_at: null,
    last_rotated_at: null,
    last_used_at: null,
    attributes: {},
    ...fields,
  };
}

export function buildProbeResult(
  fields: Build<ProbeResult, "external_id" | "target" | "checked_at" | "drift">,
): ProbeResult {
  return {
    kind: "probe_result",
    feed: "probe-headers",
    probe: "headers",
    status: fields.drift === null ? "failed" : "ok",
    result: { findings: [] },
    ...fields,
  };
}

export function buildChangeEvent(
  fields: Build<ChangeEvent, "external_id" | "at" | "change_type">,
): ChangeEvent {
  return {
    kind: "change_event",
    feed: "terraform",
    address: fields.external_id,
    resource_type: null,
    provider: null,
    action: "update",
    actions: ["update"],
    replacement: false,
    attributes: {},
    ...fields,
  };
}

export function buildDeployment(fields: Build<Deployment, "external_id" | "started_at">): Deployment {
  return {
    kind: "deployment",
    feed: "deployments",
    service: "api",
    environment: "production",
    finished_at: null,
    status: "success",
    rollback_of: null,
    version: null,
    change_ticket: null,
    via_pipeline: null,
    attributes: {},
    ...fields,
  };
}

/** A check result with the identity the xccdf importer gives it: asset|check|checked_at. */
export function buildCheckResult(
  fields: Build<CheckResult, "asset" | "check_id" | "result" | "checked_at">,
): CheckResult {
  return {
    kind: "check_result",
    feed: "xccdf",
    external_id: `${fields.asset}|${fields.check_id}|${fields.checked_at}`,
    benchmark: null,
    profile: null,
    severity: null,
    title: null,
    controls: null,
    suppressed: false,
    ...fields,
  };
}

/** An approved exception in force from the start of time, expiring as given. */
export function buildException(
  fields: Build<RiskException, "external_id" | "snapshot_at" | "expires_at">,
): RiskException {
  return {
    kind: "exception",
    feed: "exceptions",
    type: "risk",
    status: "approved",
    decision: null,
    title: null,
    scope: { controls: [], checks: [], assets: [], findings: [] },
    owner: null,
    requested_by: null,
    approved_by: "ciso",
    approved_at: null,
    compensating_controls: [],
    ticket: null,
    attributes: {},
    ...fields,
  };
}

/** An open internal audit finding of medium severity, opened as given. */
export function buildAuditFinding(
  fields: Build<AuditFinding, "external_id" | "snapshot_at" | "opened_at">,
): AuditFinding {
  return {
    kind: "audit_finding",
    feed: "audit-findings",
    source: "internal",
    control: null,
    title: null,
    severity: "medium",
    status: "open",
    due_at: null,
    closed_at: null,
    owner: null,
    attributes: {},
    ...fields,
  };
}

export function buildActionItem(
  fields: Build<ActionItem, "external_id" | "snapshot_at" | "created_at">,
): ActionItem {
  return {
    kind: "action_item",
    feed: "action-items",
    title: "Action item",
    type: "other",
    priority: null,
    owner: null,
    due_at: null,
    status: "open",
    completed_at: null,
    verified_at: null,
    verified_by: null,
    evidence: null,
    ticket: null,
    origin: "other",
    origin_ref: null,
    attributes: {},
    ...fields,
  };
}

/** An inventory entry with nothing but its id, at the start of time. */
export function buildManagedAsset(asset_id: string, fields: Partial<ManagedAsset> = {}): ManagedAsset {
  return {
    kind: "managed_asset",
    feed: "assets",
    external_id: asset_id,
    snapshot_at: 0,
    asset_id,
    hostname: null,
    ips: [],
    aliases: [],
    asset_type: null,
    owner: null,
    tier: null,
    environment: null,
    attributes: {},
    ...fields,
  };
}

/** A tabletop with every output (a report, a runbook, an action), unless the test takes one away. */
export function buildTabletop(fields: Build<Tabletop, "external_id" | "quarter" | "date">): Tabletop {
  return {
    kind: "tabletop",
    feed: "tabletops",
    snapshot_at: 0,
    file: `${fields.external_id}.md`,
    scenario: "ransomware",
    facilitator: null,
    participants: [],
    objectives: [],
    strengths: [],
    improvements: [],
    postmortem: "aar.md",
    runbooks_updated: ["runbooks/ransomware.md"],
    runbooks_exercised: [],
    actions: 1,
    attributes: {},
    ...fields,
  };
}

export function buildPerson(fields: Build<Person, "external_id">): Person {
  return {
    kind: "person",
    feed: "people",
    snapshot_at: 0,
    email: null,
    team: null,
    department: null,
    active: true,
    security_champion: false,
    in_scope: true,
    ...fields,
  };
}

export function buildIrRole(fields: Build<IrRole, "external_id">): IrRole {
  return {
    kind: "ir_role",
    feed: "ir-plan",
    snapshot_at: 0,
    name: fields.external_id,
    holder: null,
    deputy: null,
    ...fields,
  };
}

export function buildRunbook(fields: Build<Runbook, "external_id">): Runbook {
  return {
    kind: "runbook",
    feed: "ir-plan",
    snapshot_at: 0,
    title: fields.external_id,
    owner: null,
    review_every: "P1Y",
    last_reviewed_at: null,
    link: null,
    ...fields,
  };
}

export function buildSecretAlert(fields: Build<SecretAlert, "number" | "created_at">): SecretAlert {
  return {
    kind: "secret_alert",
    feed: "github-secret-scanning",
    external_id: `o/r|${fields.number}`,
    repository: "o/r",
    state: fields.resolved_at ? "resolved" : "open",
    resolution: null,
    updated_at: null,
    resolved_at: null,
    secret_type: "github_personal_access_token",
    secret_type_display_name: null,
    validity: null,
    publicly_leaked: null,
    push_protection_bypassed: null,
    html_url: null,
    ...fields,
  };
}

/** A plain contract of a hardhat-deploy registry on chain 1, nothing known of its code. */
export function buildContractDeployment(
  fields: Build<ContractDeployment, "address" | "snapshot_at">,
): ContractDeployment {
  const chain = fields.chain_id ?? 1;
  return {
    kind: "contract_deployment",
    feed: "web3-deployments",
    external_id: `${chain}:${fields.address}`,
    chain_id: chain,
    name: null,
    version: null,
    role: "contract",
    implementation: null,
    deployed_at: null,
    block_number: null,
    transaction_hash: null,
    source: "hardhat-deploy",
    source_file: "x.json",
    contract_file: null,
    abi: [],
    functions: null,
    analysis: null,
    code_hash: null,
    source_hash: null,
    ...fields,
  };
}

/** A red team exercise of production started at the Unix epoch, still running, in the register's feed. */
export function buildAssessment(fields: Build<Assessment, "external_id" | "snapshot_at">): Assessment {
  return {
    kind: "assessment",
    feed: "assessments",
    type: "red_team",
    scope: "production",
    assessor: null,
    started_at: 0,
    completed_at: null,
    report_url: null,
    attributes: {},
    contracts: null,
    ...fields,
  };
}
