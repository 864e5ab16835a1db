/**
 * Northwind Payments' operations data for the demo, 2026-01-01 → 2026-10-31:
 * the bastion's sshd auth log and fail2ban log, the merchant portal's nginx
 * access log, monthly account and token inventories, the production
 * deployment log and two nightly Terraform drift-check plans. They feed
 * Prevention & Controls, Identity & Access and Operational Hygiene.
 *
 * Deterministic: randomness comes from the caller's seeded streams (one per
 * purpose), the rest is the plan below. The October figures the demo test
 * asserts follow from the plan alone, not from the random draws:
 * - sshd: FAILED_LOGINS failed attempts per month exactly; every attacker
 *   active in a month has at least one full burst of 5 attempts, which trips
 *   the fail2ban jail (5 failures in 10 minutes), and no shorter connection
 *   ever does (an attacker's connections are at least 80 minutes apart, past
 *   the 10-minute findtime and the 1-hour ban): the month's banned IPs are
 *   exactly its active attackers;
 * - nginx: STATUS_401 / STATUS_403 / STATUS_429 responses per month exactly;
 * - accounts, tokens, deployments and plans: the tables below, row by row.
 */

/** The seeded randomness of demo-data.ts. */
export interface OpsRandom {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T extends { weight: number }>(items: readonly T[]): T;
}

export interface DemoFile {
  name: string;
  text: string;
}

const YEAR = 2026;
const MONTHS = 10;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The exports were taken at this instant: nothing later is written. */
const EXPORTED_AT = Date.UTC(YEAR, MONTHS, 1);

const monthStart = (month: number) => Date.UTC(YEAR, month, 1);
const daysIn = (month: number) => (monthStart(month + 1) - monthStart(month)) / DAY;
/** Inventories are exported on the last day of each month at 23:00 UTC. */
const snapshotOf = (month: number) => monthStart(month + 1) - HOUR;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const at = (text: string) => Date.parse(text);
const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

// ---------------------------------------------------------------------------
// People and their accounts (the same people log in to the bastion)

interface Person {
  id: string;
  user: string;
  privileged: boolean;
  created: string;
  /** The owner left the company then (HR's owner_status turns `departed`). */
  left?: string;
  /** Offboarding disabled the account and revoked its tokens; false: it was forgotten. */
  offboarded?: boolean;
  /** Internal address of their VPN client, for bastion logins. */
  vpnIp: string;
}

const PEOPLE: readonly Person[] = [
  { id: "u-1001", user: "aokafor", privileged: true, created: "2023-03-06T09:00:00Z", vpnIp: "10.40.0.11" },
  {
    id: "u-1002",
    user: "jlindqvist",
    privileged: false,
    created: "2022-11-14T09:00:00Z",
    vpnIp: "10.40.0.12",
  },
  // The DBA who leaves on Aug 7: the account stays active and privileged (orphaned from the August export).
  {
    id: "u-1003",
    user: "rmensah",
    privileged: true,
    created: "2021-09-01T09:00:00Z",
    left: "2026-08-07T16:20:00Z",
    offboarded: false,
    vpnIp: "10.40.0.13",
  },
  { id: "u-1004", user: "spatel", privileged: false, created: "2024-01-08T09:00:00Z", vpnIp: "10.40.0.14" },
  { id: "u-1005", user: "lmoreau", privileged: false, created: "2023-06-19T09:00:00Z", vpnIp: "10.40.0.15" },
  {
    id: "u-1006",
    user: "dnakamura",
    privileged: false,
    created: "2025-02-03T09:00:00Z",
    vpnIp: "10.40.0.16",
  },
  // Leaves on Mar 13 and is offboarded properly: account disabled, token revoked.
  {
    id: "u-1007",
    user: "tbrennan",
    privileged: false,
    created: "2024-09-02T09:00:00Z",
    left: "2026-03-13T17:05:00Z",
    offboarded: true,
    vpnIp: "10.40.0.17",
  },
  // Joins on May 11.
  { id: "u-1008", user: "cfischer", privileged: false, created: "2026-05-11T09:00:00Z", vpnIp: "10.40.0.18" },
  { id: "u-1009", user: "hsantos", privileged: false, created: "2025-09-15T09:00:00Z", vpnIp: "10.40.0.19" },
];

const SERVICE_ACCOUNTS: readonly { id: string; privileged: boolean; owner: string; created: string }[] = [
  {
    id: "svc-terraform",
    privileged: true,
    owner: "platform-team@northwind.example",
    created: "2025-11-03T10:12:00Z",
  },
  {
    id: "svc-deploy",
    privileged: false,
    owner: "platform-team@northwind.example",
    created: "2024-04-02T08:00:00Z",
  },
  { id: "svc-backup", privileged: false, owner: "sre@northwind.example", created: "2023-01-10T08:00:00Z" },
];

function accountsCsv(month: number, random: OpsRandom): string {
  const snapshot = snapshotOf(month);
  const rows = [
    "id,name,privileged,owner,owner_status,status,created_at,last_used_at,mfa_active,snapshot_at",
  ];
  for (const person of PEOPLE) {
    const created = at(person.created);
    if (created > snapshot) continue;
    const left = person.left === undefined ? undefined : at(person.left);
    const gone = left !== undefined && left <= snapshot;
    const lastUsed = gone ? (left as number) : Math.max(created, snapshot - random.int(1, 96) * HOUR);
    rows.push(
      [
        person.id,
        person.user,
        person.privileged,
        `${person.user}@northwind.example`,
        gone ? "departed" : "active",
        gone && person.offboarded ? "disabled" : "active",
        isoSeconds(created),
        isoSeconds(lastUsed),
        true,
        isoSeconds(snapshot),
      ].join(","),
    );
  }
  for (const service of SERVICE_ACCOUNTS) {
    rows.push(
      [
        service.id,
        service.id,
        service.privileged,
        service.owner,
        "active",
        "active",
        isoSeconds(at(service.created)),
        isoSeconds(snapshot - random.int(1, 20) * HOUR),
        false,
        isoSeconds(snapshot),
      ].join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}

/** Personal access tokens live 60 days and are renewed on expiry (a new token each time). */
const PAT_DAYS = 60;
const PATS: readonly { user: string; first: string }[] = [
  { user: "aokafor", first: "2025-12-08T09:30:00Z" },
  { user: "jlindqvist", first: "2025-12-15T10:00:00Z" },
  { user: "rmensah", first: "2025-11-21T08:45:00Z" },
  { user: "spatel", first: "2025-12-01T11:15:00Z" },
  { user: "tbrennan", first: "2025-12-10T14:00:00Z" },
  { user: "hsantos", first: "2025-12-22T09:00:00Z" },
];

function tokensCsv(month: number, random: OpsRandom): string {
  const snapshot = snapshotOf(month);
  const rows = ["id,account_id,type,status,created_at,expires_at,last_rotated_at,last_used_at,snapshot_at"];
  const row = (cells: readonly (string | number | null)[]) =>
    rows.push(cells.map((c) => (c === null ? "" : typeof c === "number" ? isoSeconds(c) : c)).join(","));
  // The deploy pipeline rotates its own API token on the 1st of every month at 02:00.
  row([
    "tok-deploy-ci",
    "svc-deploy",
    "api_token",
    "active",
    at("2024-04-02T08:05:00Z"),
    null,
    monthStart(month) + 2 * HOUR,
    snapshot - random.int(1, 12) * HOUR,
    isoSeconds(snapshot),
  ]);
  // Terraform's AWS access key: created 2025-11-03, never rotated, no expiry (past 90 days from Feb 1).
  row([
    "key-terraform-ci",
    "svc-terraform",
    "aws_access_key",
    "active",
    at("2025-11-03T10:12:00Z"),
    null,
    null,
    snapshot - random.int(1, 24) * HOUR,
    isoSeconds(snapshot),
  ]);
  // The backup job's SSH key, rotated on the first Monday of each quarter.
  const rotations = ["2026-01-05", "2026-04-06", "2026-07-06", "2026-10-05"]
    .map((day) => at(`${day}T06:00:00Z`))
    .filter((t) => t <= snapshot);
  row([
    "key-backup",
    "svc-backup",
    "ssh_key",
    "active",
    at("2023-01-10T08:30:00Z"),
    null,
    rotations[rotations.length - 1] ?? null,
    snapshot - random.int(1, 24) * HOUR,
    isoSeconds(snapshot),
  ]);
  for (const pat of PATS) {
    const person = PEOPLE.find((p) => p.user === pat.user) as Person;
    const left = person.left === undefined ? Number.POSITIVE_INFINITY : at(person.left);
    // Renewed every 60 days while the owner is there; the one current at the snapshot is listed.
    let created = at(pat.first);
    while (created + PAT_DAYS * DAY <= Math.min(snapshot, left)) created += PAT_DAYS * DAY;
    const expires = created + PAT_DAYS * DAY;
    const revoked = person.offboarded === true && left <= snapshot;
    const status = revoked ? "revoked" : expires <= snapshot ? "expired" : "active";
    const lastUsed = Math.max(created, Math.min(left, snapshot) - random.int(1, 48) * HOUR);
    row([
      `pat-${pat.user}-${isoSeconds(created).slice(0, 10).replaceAll("-", "")}`,
      person.id,
      "personal_access_token",
      status,
      created,
      expires,
      null,
      lastUsed,
      isoSeconds(snapshot),
    ]);
  }
  return `${rows.join("\n")}\n`;
}

// ---------------------------------------------------------------------------
// The bastion: sshd auth log (rsyslog's ISO timestamps, so no --year) and fail2ban

const BASTION = "nw-bastion-01";
/** Failed SSH attempts per month, Jan → Oct: noise around a stable level. */
const FAILED_LOGINS = [430, 470, 455, 440, 480, 450, 465, 445, 475, 465];
/** fail2ban's sshd jail: maxretry 5 within findtime 10 m, bantime 1 h. */
const MAX_RETRY = 5;
const BAN_TIME = HOUR;

interface Attacker {
  ip: string;
  /** Active months, 0-based, inclusive. */
  from: number;
  to: number;
  weight: number;
}

/** Documentation addresses (RFC 5737). In October: .45, .190, .142, .8 and .66 are active. */
const ATTACKERS: readonly Attacker[] = [
  { ip: "203.0.113.45", from: 0, to: 9, weight: 4 },
  { ip: "198.51.100.23", from: 0, to: 4, weight: 3 },
  { ip: "192.0.2.201", from: 0, to: 1, weight: 2 },
  { ip: "192.0.2.77", from: 2, to: 6, weight: 2 },
  { ip: "203.0.113.190", from: 3, to: 9, weight: 3 },
  { ip: "198.51.100.142", from: 5, to: 9, weight: 2 },
  { ip: "192.0.2.14", from: 6, to: 8, weight: 2 },
  { ip: "203.0.113.8", from: 7, to: 9, weight: 1 },
  { ip: "198.51.100.66", from: 8, to: 9, weight: 2 },
];

const GUESSED_USERS = [
  "admin",
  "test",
  "user",
  "ubuntu",
  "oracle",
  "postgres",
  "guest",
  "ftpuser",
  "pi",
  "git",
  "support",
  "hadoop",
];

/** Attempts in one connection: 5 is a full burst (the jail's maxretry). */
const ATTEMPTS = [
  { n: 1, weight: 30 },
  { n: 2, weight: 20 },
  { n: 3, weight: 18 },
  { n: 4, weight: 14 },
  { n: 5, weight: 18 },
];

/** Log lines collected out of order, written sorted by time (ties in the order added). */
class LineSink {
  private readonly lines: { at: number; seq: number; text: string }[] = [];

  add(time: number, text: string): void {
    if (time < EXPORTED_AT) this.lines.push({ at: time, seq: this.lines.length, text });
  }

  text(): string {
    return this.lines
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map((line) => `${line.text}\n`)
      .join("");
  }
}

/** `2026-10-03T04:12:09.482113+00:00`: rsyslog's RSYSLOG_FileFormat. */
function rsyslogTime(ms: number, random: OpsRandom): string {
  const micro = (ms % 1000) * 1000 + random.int(0, 999);
  return `${new Date(ms).toISOString().slice(0, 19)}.${pad(micro, 6)}+00:00`;
}

/** `2026-10-03 04:12:09,482`: fail2ban's own log time. */
function fail2banTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function fingerprint(random: OpsRandom): string {
  let text = "";
  for (let i = 0; i < 43; i++) text += BASE64[random.int(0, 63)];
  return text;
}

function bastionLogs(random: (label: string) => OpsRandom): { auth: string; fail2ban: string } {
  const auth = new LineSink();
  const f2b = new LineSink();
  const f2bPid = 812;
  const f2bLine = (time: number, logger: string, level: string, message: string) =>
    f2b.add(time, `${fail2banTime(time)} ${logger.padEnd(24)}[${f2bPid}]: ${level.padEnd(8)}${message}`);
  const start = monthStart(0) + 3 * SECOND;
  f2bLine(start, "fail2ban.server", "INFO", "--------------------------------------------------");
  f2bLine(start + 1, "fail2ban.server", "INFO", "Starting Fail2ban v1.0.2");
  f2bLine(start + 40, "fail2ban.jail", "INFO", "Creating new jail 'sshd'");
  f2bLine(start + 52, "fail2ban.filter", "INFO", "  maxRetry: 5");
  f2bLine(start + 53, "fail2ban.filter", "INFO", "  findtime: 600");
  f2bLine(start + 54, "fail2ban.actions", "INFO", "banTime: 3600");
  f2bLine(start + 310, "fail2ban.jail", "INFO", "Jail 'sshd' started");
  const keys = new Map(PEOPLE.map((p) => [p.user, fingerprint(random(`ssh key ${p.user}`))]));

  for (let month = 0; month < MONTHS; month++) {
    const r = random(`bastion attacks ${month}`);
    const active = ATTACKERS.filter((a) => a.from <= month && month <= a.to);
    // Each attacker connects at most once per two-hour slot, at minute 0–39 of it:
    // its connections are at least 80 minutes apart, so only a full burst trips the jail.
    const used = new Set<string>();
    const slot = (attacker: Attacker): number => {
      for (;;) {
        const day = r.int(0, daysIn(month) - 1);
        const index = r.int(0, 11);
        const key = `${attacker.ip}|${day}|${index}`;
        if (used.has(key)) continue;
        used.add(key);
        return (
          monthStart(month) + day * DAY + index * 2 * HOUR + r.int(0, 40 * 60 - 1) * SECOND + r.int(0, 999)
        );
      }
    };
    // One full burst per active attacker, then connections of 1–5 attempts until the month's total.
    const connections = active.map((attacker) => ({ attacker, attempts: MAX_RETRY }));
    for (let left = (FAILED_LOGINS[month] as number) - MAX_RETRY * active.length; left > 0; ) {
      const attempts = Math.min(left, r.weighted(ATTEMPTS).n);
      connections.push({ attacker: r.weighted(active), attempts });
      left -= attempts;
    }
    for (const { attacker, attempts } of connections) {
      const begin = slot(attacker);
      const pid = r.int(10_000, 65_000);
      const port = r.int(1_024, 65_535);
      const user = r.chance(0.4) ? "root" : r.pick(GUESSED_USERS);
      const sshd = (time: number, message: string) =>
        auth.add(time, `${rsyslogTime(time, r)} ${BASTION} sshd[${pid}]: ${message}`);
      if (user !== "root")
        sshd(begin + r.int(150, 500), `Invalid user ${user} from ${attacker.ip} port ${port}`);
      const who = user === "root" ? "root" : `invalid user ${user}`;
      let time = begin + r.int(600, 1_500);
      for (let i = 1; i <= attempts; i++) {
        if (i > 1) time += r.int(1_800, 4_200);
        sshd(time, `Failed password for ${who} from ${attacker.ip} port ${port} ssh2`);
        if (attempts === MAX_RETRY)
          f2bLine(
            time + r.int(5, 60),
            "fail2ban.filter",
            "INFO",
            `[sshd] Found ${attacker.ip} - ${fail2banTime(time).slice(0, 19)}`,
          );
      }
      const closedBy = user === "root" ? "authenticating user root" : `invalid user ${user}`;
      sshd(time + r.int(200, 900), `Connection closed by ${closedBy} ${attacker.ip} port ${port} [preauth]`);
      if (attempts === MAX_RETRY) {
        const ban = time + r.int(150, 700);
        f2bLine(ban, "fail2ban.actions", "NOTICE", `[sshd] Ban ${attacker.ip}`);
        f2bLine(ban + BAN_TIME + r.int(5, 80), "fail2ban.actions", "NOTICE", `[sshd] Unban ${attacker.ip}`);
      }
    }

    // Engineers over the VPN on working days: public-key logins, never a failure.
    const logins = random(`bastion logins ${month}`);
    for (let day = 0; day < daysIn(month); day++) {
      const dayStart = monthStart(month) + day * DAY;
      const weekday = new Date(dayStart).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const present = PEOPLE.filter(
        (p) => at(p.created) <= dayStart && (p.left === undefined || dayStart + DAY <= at(p.left)),
      );
      for (let n = logins.int(2, 5); n > 0; n--) {
        const person = logins.pick(present);
        const time = dayStart + logins.int(7 * 60, 18 * 60) * MINUTE + logins.int(0, 59_999);
        const pid = logins.int(10_000, 65_000);
        const port = logins.int(40_000, 60_999);
        const sshd = (t: number, message: string) =>
          auth.add(t, `${rsyslogTime(t, logins)} ${BASTION} sshd[${pid}]: ${message}`);
        sshd(
          time,
          `Accepted publickey for ${person.user} from ${person.vpnIp} port ${port} ssh2: ED25519 SHA256:${keys.get(person.user)}`,
        );
        sshd(
          time + logins.int(3, 30),
          `pam_unix(sshd:session): session opened for user ${person.user}(uid=${1001 + PEOPLE.indexOf(person)}) by (uid=0)`,
        );
      }
    }
  }
  return { auth: auth.text(), fail2ban: f2b.text() };
}

// ---------------------------------------------------------------------------
// The merchant portal's nginx access log (combined format)

/** Responses per month, Jan → Oct; August has a credential-stuffing wave. */
const STATUS_401 = [88, 92, 85, 97, 90, 94, 86, 131, 102, 96];
const STATUS_403 = [27, 31, 24, 29, 33, 26, 30, 35, 28, 31];
const STATUS_429 = [40, 36, 44, 39, 42, 38, 41, 120, 55, 48];

const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
  "NorthwindMerchant/4.12.0 (iPhone; iOS 17.6; Scale/3.00)",
];
const SCANNERS = ["Mozilla/5.0 zgrab/0.x", "python-requests/2.32.3", "curl/8.5.0", "Go-http-client/1.1"];
const PAGES = [
  "/",
  "/dashboard",
  "/v1/payouts",
  "/v1/transactions?page=1",
  "/static/app.js",
  "/v1/merchant/profile",
];
const PROBED = ["/.env", "/wp-login.php", "/admin/", "/actuator/env", "/.git/config", "/server-status"];
const MISSING = ["/favicon.ico", "/robots.txt", "/apple-touch-icon.png"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `03/Oct/2026:04:12:09 +0000`: nginx's `$time_local`. */
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${pad(d.getUTCDate())}/${MONTH_NAMES[d.getUTCMonth()]}/${d.getUTCFullYear()}:${clock} +0000`;
}

function clientIp(random: OpsRandom): string {
  return `${random.pick(["198.51.100", "203.0.113", "192.0.2"])}.${random.int(1, 254)}`;
}

function nginxAccessLog(random: (label: string) => OpsRandom): string {
  const log = new LineSink();
  for (let month = 0; month < MONTHS; month++) {
    const r = random(`nginx ${month}`);
    const anyTime = () => monthStart(month) + r.int(0, daysIn(month) * 86_400 - 1) * SECOND;
    const line = (time: number, ip: string, request: string, status: number, bytes: number, agent: string) =>
      log.add(time, `${ip} - - [${timeLocal(time)}] "${request} HTTP/1.1" ${status} ${bytes} "-" "${agent}"`);
    for (let i = 0; i < (STATUS_401[month] as number); i++)
      line(anyTime(), clientIp(r), "POST /v1/auth/login", 401, 58, r.pick(BROWSERS));
    for (let i = 0; i < (STATUS_403[month] as number); i++)
      line(anyTime(), clientIp(r), `GET ${r.pick(PROBED)}`, 403, 153, r.pick(SCANNERS));
    // Rate limiting comes in bursts: one client, a few requests within a second or two.
    for (let left = STATUS_429[month] as number; left > 0; ) {
      const burst = Math.min(left, r.int(2, 8));
      const time = anyTime();
      const ip = clientIp(r);
      for (let i = 0; i < burst; i++)
        line(time + Math.floor(i / 4) * SECOND, ip, "POST /v1/auth/login", 429, 0, "python-requests/2.32.3");
      left -= burst;
    }
    // A thin background of ordinary traffic (the importer keeps only status >= 400).
    for (let day = 0; day < daysIn(month); day++) {
      for (let n = r.int(1, 3); n > 0; n--)
        line(anyTime(), clientIp(r), `GET ${r.pick(PAGES)}`, 200, r.int(600, 48_000), r.pick(BROWSERS));
      if (r.chance(0.5)) line(anyTime(), clientIp(r), `GET ${r.pick(MISSING)}`, 404, 153, r.pick(BROWSERS));
    }
  }
  return log.text();
}

// ---------------------------------------------------------------------------
// Production deployments

/** Weekly production deploys through the pipeline, each with a change ticket (weekday: days after Monday). */
const SERVICES: readonly { name: string; weekday: number; hour: number }[] = [
  { name: "payments-api", weekday: 1, hour: 10 },
  { name: "merchant-portal", weekday: 2, hour: 14 },
  { name: "ledger", weekday: 3, hour: 10.5 },
];
/** The weekly deploys that failed: service and day. */
const FAILURES = new Set([
  "payments-api 2026-02-17",
  "merchant-portal 2026-05-20",
  "ledger 2026-07-16",
  "ledger 2026-10-15",
]);
/** The failed ledger deploy of Oct 15 is rolled back through the pipeline 35 minutes later. */
const ROLLED_BACK = "ledger 2026-10-15";
/** A hotfix copied onto the merchant portal's hosts by hand, outside the pipeline and without a ticket. */
const MANUAL_CHANGE = { service: "merchant-portal", started_at: "2026-10-22T22:40:00Z", minutes: 6 };

interface Deploy {
  started: number;
  service: string;
  minutes: number;
  status: "success" | "failure";
  rollsBack: Deploy | null;
  ticket: string | null;
  pipeline: boolean;
  commit: string;
}

function deploymentsCsv(random: OpsRandom): string {
  const sha = () => {
    let text = "";
    for (let i = 0; i < 7; i++) text += "0123456789abcdef"[random.int(0, 15)];
    return text;
  };
  const planned: Deploy[] = [];
  let ticket = 4100;
  // Every week from Monday 2026-01-05 (Thursday 2026-10-29 is the last deploy day).
  for (let monday = Date.UTC(YEAR, 0, 5); monday < EXPORTED_AT; monday += 7 * DAY) {
    for (const service of SERVICES) {
      const started = monday + service.weekday * DAY + service.hour * HOUR;
      if (started >= EXPORTED_AT) continue;
      const key = `${service.name} ${isoSeconds(started).slice(0, 10)}`;
      const deploy: Deploy = {
        started,
        service: service.name,
        minutes: random.int(4, 12),
        status: FAILURES.has(key) ? "failure" : "success",
        rollsBack: null,
        ticket: `CHG-${ticket++}`,
        pipeline: true,
        commit: sha(),
      };
      planned.push(deploy);
      if (key === ROLLED_BACK) {
        planned.push({
          ...deploy,
          started: started + 35 * MINUTE,
          minutes: 5,
          status: "success",
          rollsBack: deploy,
          commit: sha(),
        });
      }
    }
  }
  planned.push({
    started: at(MANUAL_CHANGE.started_at),
    service: MANUAL_CHANGE.service,
    minutes: MANUAL_CHANGE.minutes,
    status: "success",
    rollsBack: null,
    ticket: null,
    pipeline: false,
    commit: "manual",
  });
  planned.sort((a, b) => a.started - b.started);
  const ids = new Map(planned.map((deploy, index) => [deploy, `dep-${pad(index + 1, 4)}`]));
  const rows = [
    "id,service,environment,started_at,finished_at,status,rollback_of,change_ticket,via_pipeline,commit",
  ];
  for (const deploy of planned) {
    rows.push(
      [
        ids.get(deploy),
        deploy.service,
        "production",
        isoSeconds(deploy.started),
        isoSeconds(deploy.started + deploy.minutes * MINUTE),
        deploy.status,
        deploy.rollsBack ? ids.get(deploy.rollsBack) : "",
        deploy.ticket ?? "",
        deploy.pipeline,
        deploy.commit,
      ].join(","),
    );
  }
  return `${rows.join("\n")}\n`;
}

// ---------------------------------------------------------------------------
// Terraform: the nightly drift check of the production stack

interface Drift {
  address: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** What two nightly plans found changed by hand in the AWS console, and resources they left alone. */
const PLANS: readonly { timestamp: string; drift: readonly Drift[]; unchanged: readonly string[] }[] = [
  {
    timestamp: "2026-09-14T02:00:41Z",
    drift: [
      {
        address: "aws_security_group.bastion",
        before: { name: "bastion", ingress_cidr_blocks: ["10.40.0.0/24"] },
        after: { name: "bastion", ingress_cidr_blocks: ["0.0.0.0/0", "10.40.0.0/24"] },
      },
      {
        address: "aws_s3_bucket_versioning.audit_logs",
        before: { bucket: "nw-audit-logs", versioning_configuration: [{ status: "Enabled" }] },
        after: { bucket: "nw-audit-logs", versioning_configuration: [{ status: "Suspended" }] },
      },
    ],
    unchanged: ["aws_db_instance.ledger", "aws_iam_role.ledger_readonly", "aws_lb.merchant_portal"],
  },
  {
    timestamp: "2026-10-19T02:00:37Z",
    drift: [
      {
        address: "aws_iam_role_policy.ledger_readonly",
        before: { name: "ledger-readonly", policy_actions: ["s3:GetObject", "s3:ListBucket"] },
        after: { name: "ledger-readonly", policy_actions: ["s3:*"] },
      },
      {
        address: "aws_db_parameter_group.ledger",
        before: { name: "ledger-pg16", parameter: [{ name: "rds.force_ssl", value: "1" }] },
        after: { name: "ledger-pg16", parameter: [{ name: "rds.force_ssl", value: "0" }] },
      },
      {
        address: "aws_lb_listener.merchant_portal_https",
        before: { port: 443, ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
        after: { port: 443, ssl_policy: "ELBSecurityPolicy-TLS-1-0-2015-04" },
      },
    ],
    unchanged: ["aws_db_instance.ledger", "aws_lb.merchant_portal", "aws_security_group.bastion"],
  },
];

function resourceEntry(address: string, actions: string[], before: unknown, after: unknown) {
  const [type = "", name = ""] = address.split(".");
  return {
    address,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
}

/** `terraform show -json` of each plan (pretty-printed, as `| jq .` would). */
function terraformPlans(): DemoFile[] {
  return PLANS.map((plan) => {
    const drift = plan.drift.map((d) => resourceEntry(d.address, ["update"], d.before, d.after));
    // The plan puts the drifted resources back as configured; the rest is unchanged.
    const changes = [
      ...plan.drift.map((d) => resourceEntry(d.address, ["update"], d.after, d.before)),
      ...plan.unchanged.map((address) => resourceEntry(address, ["no-op"], { id: address }, { id: address })),
    ].sort((a, b) => (a.address < b.address ? -1 : 1));
    const document = {
      format_version: "1.2",
      terraform_version: "1.9.5",
      resource_drift: drift,
      resource_changes: changes,
      timestamp: plan.timestamp,
      applyable: true,
      complete: true,
      errored: false,
    };
    return {
      name: `terraform-plan-prod-${plan.timestamp.slice(0, 10)}.json`,
      text: `${JSON.stringify(document, null, 2)}\n`,
    };
  });
}

// ---------------------------------------------------------------------------

/** Every operations file, in import order. */
export function operationsFiles(random: (label: string) => OpsRandom): DemoFile[] {
  const bastion = bastionLogs(random);
  const files: DemoFile[] = [
    { name: "auth.log", text: bastion.auth },
    { name: "fail2ban.log", text: bastion.fail2ban },
    { name: "merchant-portal-access.log", text: nginxAccessLog(random) },
  ];
  for (let month = 0; month < MONTHS; month++) {
    const stamp = `${YEAR}-${pad(month + 1)}`;
    files.push({ name: `accounts-${stamp}.csv`, text: accountsCsv(month, random(`accounts ${month}`)) });
    files.push({ name: `tokens-${stamp}.csv`, text: tokensCsv(month, random(`tokens ${month}`)) });
  }
  files.push({ name: "deployments.csv", text: deploymentsCsv(random("deployments")) });
  files.push(...terraformPlans());
  return files;
}
