import type { Generated } from "kysely";
import type { FindingOccurrencesTable, FindingSightingsTable, ScansTable } from "./findings-tables.ts";

/**
 * Table shapes. Instants are epoch milliseconds in 64-bit integer columns and
 * booleans are 0/1 integers, so SQLite and PostgreSQL store and compare them
 * the same way and aggregation stays in SQL.
 */
export interface ImportsTable {
  id: Generated<number>;
  format: string;
  feed: string;
  file_name: string;
  sha256: string;
  imported_at: number;
  records: number;
  skipped: number;
}

interface RecordColumns {
  id: Generated<number>;
  feed: string;
  external_id: string;
  attributes: string;
  import_id: number;
  line: number;
}

export interface IncidentsTable extends RecordColumns {
  title: string | null;
  severity: string | null;
  status: string | null;
  started_at: number | null;
  detected_at: number;
  reported_at: number | null;
  acknowledged_at: number | null;
  responded_at: number | null;
  recovered_at: number | null;
  closed_at: number | null;
  synthetic: number;
  root_cause: string | null;
  root_cause_category: string | null;
  service: string | null;
  owner: string | null;
}

export interface AlertsTable extends RecordColumns {
  created_at: number;
  severity: string | null;
  source: string | null;
  rule: string | null;
  disposition: string;
  triaged_at: number | null;
  incident_id: string | null;
}

/** Issue 4: log events, snapshots, change records and probe results (migration 0003). */
interface EventColumns {
  id: Generated<number>;
  feed: string;
  external_id: string;
  import_id: number;
  line: number;
}

export interface AuthEventsTable extends EventColumns {
  at: number;
  outcome: string;
  method: string;
  user: string | null;
  invalid_user: number;
  source_ip: string | null;
  host: string | null;
  service: string;
}

export interface BanEventsTable extends EventColumns {
  at: number;
  action: string;
  jail: string;
  ip: string;
  host: string | null;
}

export interface HttpEventsTable extends EventColumns {
  at: number;
  status: number | null;
  method: string | null;
  path: string | null;
  client_ip: string | null;
  host: string | null;
  user: string | null;
  rate_limited: number;
  source: string;
}

export interface TlsHandshakesTable extends EventColumns {
  at: number;
  protocol: string | null;
  refused: number;
  client_ip: string | null;
  host: string | null;
  source: string;
}

/** Snapshot rows: the identity includes `snapshot_at`, so each snapshot is kept. */
export interface AccountsTable extends EventColumns {
  snapshot_at: number;
  name: string;
  privileged: number | null;
  owner: string | null;
  owner_status: string | null;
  status: string;
  created_at: number | null;
  last_used_at: number | null;
  mfa_active: number | null;
  attributes: string;
}

export interface TokensTable extends EventColumns {
  snapshot_at: number;
  account_id: string;
  token_type: string;
  active: number;
  created_at: number | null;
  expires_at: number | null;
  last_rotated_at: number | null;
  last_used_at: number | null;
  attributes: string;
}

export interface ChangeEventsTable extends EventColumns {
  at: number;
  change_type: string;
  address: string;
  resource_type: string | null;
  provider: string | null;
  action: string;
  /** JSON array. */
  actions: string;
  replacement: number;
  attributes: string;
}

export interface DeploymentsTable extends EventColumns {
  service: string;
  environment: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  rollback_of: string | null;
  change_ticket: string | null;
  via_pipeline: number | null;
  attributes: string;
}

export interface ProbeResultsTable extends EventColumns {
  probe: string;
  target: string;
  checked_at: number;
  status: string;
  drift: number | null;
  /** JSON object. */
  result: string;
}

export interface Database {
  imports: ImportsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  scans: ScansTable;
  finding_sightings: FindingSightingsTable;
  finding_occurrences: FindingOccurrencesTable;
  auth_events: AuthEventsTable;
  ban_events: BanEventsTable;
  http_events: HttpEventsTable;
  tls_handshakes: TlsHandshakesTable;
  accounts: AccountsTable;
  tokens: TokensTable;
  change_events: ChangeEventsTable;
  deployments: DeploymentsTable;
  probe_results: ProbeResultsTable;
}
