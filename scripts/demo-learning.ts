/**
 * What Northwind Payments learns from its events, for the demo: a folder of
 * post-mortems of the significant production incidents of July → October
 * 2026 (ids, dates and titles as demo-data.ts generates them), read at each
 * month's end, and the near-misses its teams reported, an incidents CSV with
 * `kind: near_miss`. The post-mortems' front matter carries their action
 * items. No randomness: the figures follow from the tables below.
 *
 * The storyline: post-mortem coverage is 50 % in July (the phishing one was
 * published late), 100 % in August, 60 % in September (a SEV1's post-mortem
 * came late and another's is still in review) and 80 % in October.
 * Credential stuffing, phishing and laptop malware come back with the same
 * root causes; three action items are overdue when the third quarter ends
 * (one still is at October's end, with a new one), and three marked done in
 * October nobody has verified yet.
 */
import type { DemoFile } from "./demo-operations.ts";

const YEAR = 2026;
const SNAPSHOT_MONTHS = [7, 8, 9, 10];

interface DemoAction {
  id: string;
  title: string;
  type: "prevent" | "mitigate" | "detect" | "repair" | "process";
  owner: string;
  due: string;
  /** When it was marked done, if it was by October's end. */
  done?: string;
  verified?: { at: string; by: string };
  ticket: string;
}

interface DemoPostmortem {
  event: string;
  title: string;
  /** The incident's detection, as incidents.csv has it. */
  date: string;
  /** Null: still in review at October's end. */
  published: string | null;
  authors: string[];
  summary: string;
  trigger: string;
  detection: string;
  rootCauses: { category: string; description: string }[];
  controls: [control: string, result: "effective" | "partial" | "failed" | "absent"][];
  lessons: string;
  actions: DemoAction[];
}

/** Shapes after Google's SRE workbook (Summary, Impact, Root Causes…) and PagerDuty's template. */
const POSTMORTEMS: readonly DemoPostmortem[] = [
  {
    event: "INC-2026-0142",
    title: "Credential stuffing against consumer-app-api login",
    date: "2026-07-09T16:59:55Z",
    published: "2026-07-16T16:00:00Z",
    authors: ["identity-team"],
    summary:
      "A botnet replayed leaked passwords against the consumer login for six hours; 41 accounts were taken over.",
    trigger: "A combo list from an unrelated breach.",
    detection: "The login failure-rate alert.",
    rootCauses: [
      { category: "missing-rate-limit", description: "The login endpoint had no per-account rate limit." },
    ],
    controls: [
      ["rate-limiting", "absent"],
      ["login-alerting", "effective"],
    ],
    lessons: "Alerting caught it; nothing slowed it down.",
    actions: [
      {
        id: "PM-0142-1",
        title: "Rate-limit the consumer login per IP and per account",
        type: "prevent",
        owner: "identity-team",
        due: "2026-08-15",
        done: "2026-08-10",
        verified: { at: "2026-08-20", by: "appsec" },
        ticket: "IAM-210",
      },
    ],
  },
  {
    event: "INC-2026-0149",
    title: "Phishing campaign targeting finance staff",
    date: "2026-07-23T00:53:06Z",
    published: "2026-08-08T16:00:00Z",
    authors: ["it-security"],
    summary:
      "A lookalike-domain campaign reached 30 finance staff; two entered their passwords before the domain was blocked.",
    trigger: "Emails from a lookalike of the bank's domain.",
    detection: "Staff reports to the phishing mailbox.",
    rootCauses: [{ category: "phishing", description: "Lookalike domains were not quarantined." }],
    controls: [
      ["email-filtering", "partial"],
      ["security-awareness", "effective"],
    ],
    lessons: "Staff reports were fast; the filter let a lookalike domain through.",
    actions: [
      {
        id: "PM-0149-1",
        title: "Quarantine mail from newly registered lookalike domains",
        type: "prevent",
        owner: "it-security",
        due: "2026-09-15",
        done: "2026-09-10",
        verified: { at: "2026-09-25", by: "secops" },
        ticket: "IT-512",
      },
    ],
  },
  {
    event: "INC-2026-0156",
    title: "Phishing campaign targeting finance staff",
    date: "2026-08-06T07:03:07Z",
    published: "2026-08-13T16:00:00Z",
    authors: ["it-security"],
    summary:
      "The same crew came back from a new domain; one approval of a push prompt gave them a mailbox for an hour.",
    trigger: "A push-fatigue attack on a finance mailbox.",
    detection: "The impossible-travel alert.",
    rootCauses: [{ category: "phishing", description: "Push prompts can be approved without context." }],
    controls: [
      ["email-filtering", "failed"],
      ["mfa", "partial"],
    ],
    lessons: "Push MFA is not phishing-resistant.",
    actions: [
      {
        id: "PM-0156-1",
        title: "Phishing-resistant MFA (security keys) for finance",
        type: "prevent",
        owner: "it-security",
        due: "2026-09-30",
        done: "2026-10-20",
        ticket: "IT-530",
      },
    ],
  },
  {
    event: "INC-2026-0157",
    title: "Suspicious shell in ledger container",
    date: "2026-08-06T10:30:12Z",
    published: "2026-08-14T16:00:00Z",
    authors: ["platform-security"],
    summary:
      "A debug sidecar left in the ledger deployment exposed a shell; runtime detection flagged it within minutes.",
    trigger: "An interactive shell spawned in a production pod.",
    detection: "The runtime security alert.",
    rootCauses: [
      { category: "container-misconfiguration", description: "A debug sidecar was deployed to production." },
    ],
    controls: [
      ["runtime-detection", "effective"],
      ["pod-security", "failed"],
    ],
    lessons: "Admission control must refuse what runtime detection would later flag.",
    actions: [
      {
        id: "PM-0157-1",
        title: "Enforce the restricted pod security standard on the ledger namespace",
        type: "prevent",
        owner: "platform-security",
        due: "2026-09-01",
        done: "2026-08-28",
        verified: { at: "2026-09-03", by: "sre-payments" },
        ticket: "PLAT-88",
      },
      {
        id: "PM-0157-2",
        title: "Page on any shell spawned in a production container",
        type: "detect",
        owner: "platform-security",
        due: "2026-09-15",
        done: "2026-10-12",
        verified: { at: "2026-10-19", by: "secops" },
        ticket: "PLAT-89",
      },
    ],
  },
  {
    event: "INC-2026-0166",
    title: "Malware on an employee laptop",
    date: "2026-08-18T06:38:26Z",
    published: "2026-08-26T16:00:00Z",
    authors: ["it-security"],
    summary: "An infostealer on a laptop without EDR ran for a day before the proxy flagged its traffic.",
    trigger: "A cracked utility downloaded by the user.",
    detection: "The web proxy's command-and-control category.",
    rootCauses: [
      { category: "endpoint-protection-gap", description: "40 laptops were never enrolled in EDR." },
    ],
    controls: [
      ["edr", "absent"],
      ["web-proxy", "effective"],
    ],
    lessons: "Enrolment must be part of laptop hand-over, not a later project.",
    actions: [
      {
        id: "PM-0166-1",
        title: "Enrol the remaining 40 laptops in EDR",
        type: "mitigate",
        owner: "it-security",
        due: "2026-09-30",
        done: "2026-09-28",
        verified: { at: "2026-10-05", by: "secops" },
        ticket: "IT-541",
      },
    ],
  },
  {
    event: "INC-2026-0171",
    title: "Anomalous data access in kyc-service",
    date: "2026-08-28T02:09:31Z",
    published: "2026-09-05T16:00:00Z",
    authors: ["data-platform"],
    summary: "A support engineer's standing read access was used to bulk-download 1,200 KYC documents.",
    trigger: "A support account exporting documents at night.",
    detection: "The data-access anomaly alert.",
    rootCauses: [
      { category: "excessive-access", description: "Support kept standing read access to KYC documents." },
    ],
    controls: [
      ["access-review", "failed"],
      ["data-access-logging", "effective"],
    ],
    lessons: "Nobody reviewed who can read KYC documents since the service launched.",
    actions: [
      {
        id: "PM-0171-1",
        title: "Replace standing read access to KYC documents with just-in-time grants",
        type: "prevent",
        owner: "data-platform",
        due: "2026-09-20",
        ticket: "DATA-301",
      },
      {
        id: "PM-0171-2",
        title: "Quarterly access review of kyc-service",
        type: "process",
        owner: "data-platform",
        due: "2026-10-15",
        done: "2026-10-10",
        ticket: "DATA-302",
      },
    ],
  },
  {
    event: "INC-2026-0183",
    title: "Credential stuffing against merchant-portal login",
    date: "2026-09-16T03:59:29Z",
    published: "2026-09-23T16:00:00Z",
    authors: ["identity-team"],
    summary: "July's attack, this time on the merchant portal, which the new rate limit did not cover.",
    trigger: "The same combo list, against merchant accounts.",
    detection: "The login failure-rate alert.",
    rootCauses: [
      { category: "missing-rate-limit", description: "The July fix covered the consumer login only." },
    ],
    controls: [
      ["rate-limiting", "failed"],
      ["login-alerting", "effective"],
    ],
    lessons: "A fix to one login is a fix to every login.",
    actions: [
      {
        id: "PM-0183-1",
        title: "Extend the login rate limit to merchant-portal",
        type: "prevent",
        owner: "identity-team",
        due: "2026-10-10",
        done: "2026-10-08",
        verified: { at: "2026-10-15", by: "appsec" },
        ticket: "IAM-233",
      },
    ],
  },
  {
    event: "INC-2026-0191",
    title: "Credential stuffing against consumer-app-api login",
    date: "2026-09-20T05:33:43Z",
    published: "2026-09-29T16:00:00Z",
    authors: ["identity-team"],
    summary: "A slower attack stayed under the rate limit; 6 accounts with reused passwords were taken over.",
    trigger: "A low-and-slow botnet.",
    detection: "Customer complaints.",
    rootCauses: [
      { category: "credential-reuse", description: "Breached passwords are accepted at sign-up." },
    ],
    controls: [
      ["rate-limiting", "effective"],
      ["breached-password-check", "absent"],
    ],
    lessons: "The rate limit held; what gets through needs a different control.",
    actions: [
      {
        id: "PM-0191-1",
        title: "Refuse passwords found in breach corpora",
        type: "prevent",
        owner: "identity-team",
        due: "2026-11-15",
        ticket: "IAM-240",
      },
    ],
  },
  {
    event: "INC-2026-0198",
    title: "Leaked API key for merchant-api",
    date: "2026-09-28T08:12:13Z",
    published: "2026-10-06T16:00:00Z",
    authors: ["appsec"],
    summary:
      "A merchant-api key committed to a public fork was revoked 40 minutes after the provider's notice.",
    trigger: "A developer's public fork of an internal tool.",
    detection: "The provider's leaked-credential notice.",
    rootCauses: [{ category: "secret-in-code", description: "The key was a constant in a test helper." }],
    controls: [
      ["secret-scanning", "failed"],
      ["key-rotation", "effective"],
    ],
    lessons: "Rotation is fast; secret scanning must run before the push.",
    actions: [
      {
        id: "PM-0198-1",
        title: "Turn on push protection for every repository",
        type: "prevent",
        owner: "appsec",
        due: "2026-10-20",
        done: "2026-10-18",
        verified: { at: "2026-10-24", by: "platform-security" },
        ticket: "APPSEC-77",
      },
    ],
  },
  {
    event: "INC-2026-0201",
    title: "Malware on an employee laptop",
    date: "2026-09-29T16:52:06Z",
    published: "2026-10-16T16:00:00Z",
    authors: ["it-security"],
    summary: "Ransomware on a finance laptop was contained by EDR isolation; the laptop was re-imaged.",
    trigger: "A macro in a fake invoice.",
    detection: "EDR isolation.",
    rootCauses: [
      { category: "endpoint-protection-gap", description: "Finance laptops may run unsigned macros." },
    ],
    controls: [
      ["edr", "effective"],
      ["application-control", "absent"],
    ],
    lessons: "EDR now covers every laptop and it held; macros remain a way in.",
    actions: [
      {
        id: "PM-0201-1",
        title: "Block unsigned macros on finance laptops",
        type: "prevent",
        owner: "it-security",
        due: "2026-10-25",
        ticket: "IT-560",
      },
    ],
  },
  {
    event: "INC-2026-0202",
    title: "Credential stuffing against merchant-portal login",
    date: "2026-09-30T17:23:05Z",
    published: null,
    authors: ["identity-team"],
    summary: "Takeover of three merchant admin accounts through reused passwords.",
    trigger: "A new combo list.",
    detection: "Merchant reports.",
    rootCauses: [
      { category: "credential-reuse", description: "Merchant admins are not required to use MFA." },
    ],
    controls: [["mfa", "absent"]],
    lessons: "To be agreed in review.",
    actions: [],
  },
  {
    event: "INC-2026-0203",
    title: "Phishing campaign targeting finance staff",
    date: "2026-10-01T19:07:39Z",
    published: "2026-10-09T16:00:00Z",
    authors: ["it-security"],
    summary: "A third campaign: security keys held, no account was taken over.",
    trigger: "Emails from a lookalike domain.",
    detection: "Staff reports to the phishing mailbox.",
    rootCauses: [{ category: "phishing", description: "Lookalike domains keep getting registered." }],
    controls: [
      ["email-filtering", "partial"],
      ["mfa", "effective"],
    ],
    lessons: "Security keys turned a takeover into a non-event.",
    actions: [],
  },
  {
    event: "INC-2026-0205",
    title: "Credential stuffing against consumer-app-api login",
    date: "2026-10-02T13:22:35Z",
    published: "2026-10-11T16:00:00Z",
    authors: ["identity-team"],
    summary: "Rate limiting held the attack to 2 takeovers of accounts with reused passwords.",
    trigger: "A distributed botnet.",
    detection: "The login failure-rate alert.",
    rootCauses: [{ category: "credential-reuse", description: "Breached passwords still accepted." }],
    controls: [
      ["rate-limiting", "effective"],
      ["breached-password-check", "absent"],
    ],
    lessons: "The breached-password check is the remaining gap.",
    actions: [],
  },
  {
    event: "INC-2026-0208",
    title: "SSH brute force against the bastion host",
    date: "2026-10-04T13:19:33Z",
    published: "2026-10-13T16:00:00Z",
    authors: ["platform-security"],
    summary: "Password authentication was re-enabled on the bastion by a configuration rollback.",
    trigger: "A rollback of the bastion image.",
    detection: "fail2ban bans and the SSH failure alert.",
    rootCauses: [
      { category: "configuration-drift", description: "The rollback image predates the hardening." },
    ],
    controls: [
      ["configuration-baseline", "failed"],
      ["intrusion-prevention", "effective"],
    ],
    lessons: "Rollbacks need the same compliance scan as releases.",
    actions: [
      {
        id: "PM-0208-1",
        title: "Scan rollback images against the baseline before use",
        type: "process",
        owner: "platform-security",
        due: "2026-11-30",
        ticket: "PLAT-97",
      },
    ],
  },
  {
    event: "INC-2026-0211",
    title: "Expired TLS certificate on webhooks",
    date: "2026-10-11T13:11:46Z",
    published: "2026-10-20T16:00:00Z",
    authors: ["sre-payments"],
    summary: "Webhook deliveries failed for 9 hours after a manually renewed certificate expired.",
    trigger: "Certificate expiry.",
    detection: "Merchant reports of failed webhooks.",
    rootCauses: [
      { category: "certificate-expiry", description: "The webhooks certificate was renewed by hand." },
    ],
    controls: [["certificate-monitoring", "absent"]],
    lessons: "September's near-miss on the API certificate warned us.",
    actions: [
      {
        id: "PM-0211-1",
        title: "Automate renewal of every public certificate",
        type: "prevent",
        owner: "sre-payments",
        due: "2026-11-20",
        ticket: "SRE-140",
      },
    ],
  },
  {
    event: "INC-2026-0213",
    title: "Suspicious shell in payouts container",
    date: "2026-10-14T07:20:28Z",
    published: "2026-10-30T16:00:00Z",
    authors: ["platform-security"],
    summary:
      "A vulnerable image library was exploited for a shell; the new paging alert caught it in 4 minutes.",
    trigger: "An exploit of a known image-processing CVE.",
    detection: "The production shell alert.",
    rootCauses: [{ category: "vulnerable-dependency", description: "A critical CVE past its fix SLA." }],
    controls: [
      ["runtime-detection", "effective"],
      ["vulnerability-sla", "failed"],
    ],
    lessons: "The shell alert paid off; the SLA breach was known and accepted too long.",
    actions: [],
  },
  {
    event: "NM-2026-05",
    title: "Terraform plan would have opened the admin port to the internet",
    date: "2026-09-17T10:00:00Z",
    published: "2026-09-24T16:00:00Z",
    authors: ["sre-payments"],
    summary: "A security group change opening 22/tcp to 0.0.0.0/0 was stopped in review.",
    trigger: "A copy-pasted security group rule.",
    detection: "The plan reviewer.",
    rootCauses: [{ category: "configuration-drift", description: "No policy check on plans." }],
    controls: [["change-review", "effective"]],
    lessons: "Reviewers caught it; a policy check should catch it first.",
    actions: [
      {
        id: "PM-NM05-1",
        title: "Refuse plans that open admin ports to the internet (policy as code)",
        type: "prevent",
        owner: "sre-payments",
        due: "2026-10-31",
        done: "2026-10-22",
        ticket: "SRE-131",
      },
    ],
  },
];

/**
 * Reported by people of the demo roster (demo-program.ts) by id or e-mail:
 * Risk is the security team; P20 left in August.
 */
const NEAR_MISSES: readonly [
  id: string,
  title: string,
  detected: string,
  service: string,
  owner: string,
  reportedBy: string,
][] = [
  [
    "NM-2026-01",
    "Database snapshot shared publicly for 20 minutes",
    "2026-07-14T09:10:00Z",
    "ledger",
    "data-platform",
    "p05@northwind.example",
  ],
  [
    "NM-2026-02",
    "Payments API key pasted in a public chat and revoked before use",
    "2026-08-05T14:20:00Z",
    "payments-api",
    "appsec",
    "p03@northwind.example",
  ],
  [
    "NM-2026-03",
    "Phishing email reported by 12 staff before anyone clicked",
    "2026-08-21T08:45:00Z",
    "corporate-email",
    "it-security",
    "P14",
  ],
  [
    "NM-2026-04",
    "API certificate renewed by hand two days before expiry",
    "2026-09-03T07:30:00Z",
    "payments-api",
    "sre-payments",
    "P01",
  ],
  [
    "NM-2026-05",
    "Terraform plan would have opened the admin port to the internet",
    "2026-09-17T10:00:00Z",
    "bastion",
    "sre-payments",
    "P08",
  ],
  [
    "NM-2026-06",
    "Wrong IAM role attached to the CI runner and found in access review",
    "2026-09-25T13:00:00Z",
    "ci",
    "platform-security",
    "P20",
  ],
  [
    "NM-2026-07",
    "Merchant export job pointed at the production bucket from staging",
    "2026-10-08T11:15:00Z",
    "merchant-api",
    "data-platform",
    "P05",
  ],
  [
    "NM-2026-08",
    "Unreviewed dependency update caught by the lockfile check",
    "2026-10-22T16:40:00Z",
    "consumer-app-api",
    "appsec",
    "P17",
  ],
];

/** The near-misses, as an incidents export with `kind`. */
export function nearMissesCsv(): DemoFile {
  const rows = NEAR_MISSES.map(([id, title, detected, service, owner, reportedBy]) =>
    [id, title, "SEV4", "closed", detected, "near_miss", service, owner, reportedBy].join(","),
  );
  return {
    name: "near-misses.csv",
    text: ["id,title,severity,status,detected_at,kind,service,owner,reported_by", ...rows, ""].join("\n"),
  };
}

/** A post-mortems folder read at a month's end: `--scanned-at` its last day, 23:30 UTC. */
export interface PostmortemsSnapshot {
  name: string;
  scanned_at: string;
  files: DemoFile[];
}

/** The folder at each month's end from July: a post-mortem appears the day after its event, published later. */
export function postmortemSnapshots(): PostmortemsSnapshot[] {
  return SNAPSHOT_MONTHS.map((month) => {
    const mm = String(month).padStart(2, "0");
    const lastDay = new Date(Date.UTC(YEAR, month, 0)).getUTCDate();
    const scannedAt = `${YEAR}-${mm}-${lastDay}T23:30:00Z`;
    const at = Date.parse(scannedAt);
    const files = POSTMORTEMS.filter((postmortem) => Date.parse(postmortem.date) + DAY_MS <= at).map(
      (postmortem) => postmortemFile(postmortem, at),
    );
    return { name: `postmortems-${YEAR}-${mm}`, scanned_at: scannedAt, files };
  });
}

const DAY_MS = 86_400_000;

/** The file as it stood at `at`: in review until published, each action as far as it had gone. */
function postmortemFile(postmortem: DemoPostmortem, at: number): DemoFile {
  const published = postmortem.published !== null && Date.parse(postmortem.published) <= at;
  const lines = [
    "---",
    `event: ${postmortem.event}`,
    `title: ${yamlText(postmortem.title)}`,
    `status: ${published ? "published" : "in_review"}`,
    `date: ${postmortem.date}`,
    ...(published ? [`published_at: ${postmortem.published}`] : []),
    `authors: [${postmortem.authors.join(", ")}]`,
    `summary: ${yamlText(postmortem.summary)}`,
    `trigger: ${yamlText(postmortem.trigger)}`,
    `detection: ${yamlText(postmortem.detection)}`,
    "root_causes:",
    ...postmortem.rootCauses.flatMap(({ category, description }) => [
      `  - category: ${category}`,
      `    description: ${yamlText(description)}`,
    ]),
    "controls_reviewed:",
    ...postmortem.controls.map(([control, result]) => `  - { control: ${control}, result: ${result} }`),
    `lessons: ${yamlText(postmortem.lessons)}`,
    ...(postmortem.actions.length === 0
      ? []
      : ["actions:", ...postmortem.actions.flatMap((a) => actionLines(a, at))]),
    "---",
    "",
    `# ${postmortem.title}`,
    "",
    "## Summary",
    "",
    postmortem.summary,
    "",
    "## Root Causes",
    "",
    ...postmortem.rootCauses.map(({ description }) => `- ${description}`),
    "",
    "## Trigger",
    "",
    postmortem.trigger,
    "",
    "## Detection",
    "",
    postmortem.detection,
    "",
    "## Action Items",
    "",
    ...(postmortem.actions.length === 0
      ? ["None beyond those of earlier post-mortems."]
      : postmortem.actions.map((a) => `- ${a.ticket} ${a.title} (${a.type}, ${a.owner})`)),
    "",
    "## Lessons Learned",
    "",
    postmortem.lessons,
    "",
  ];
  return {
    name: `${postmortem.date.slice(0, 10)}-${postmortem.event.toLowerCase()}.md`,
    text: lines.join("\n"),
  };
}

/** Free text as a YAML double-quoted scalar (JSON's string syntax is one), whatever colons it holds. */
function yamlText(text: string): string {
  return JSON.stringify(text);
}

function actionLines(action: DemoAction, at: number): string[] {
  const done = action.done !== undefined && Date.parse(action.done) <= at;
  const verified = done && action.verified !== undefined && Date.parse(action.verified.at) <= at;
  return [
    `  - id: ${action.id}`,
    `    title: ${yamlText(action.title)}`,
    `    type: ${action.type}`,
    `    owner: ${action.owner}`,
    `    due_at: ${action.due}`,
    `    status: ${done ? "done" : "open"}`,
    ...(done ? [`    completed_at: ${action.done}`] : []),
    ...(verified && action.verified
      ? [`    verified_at: ${action.verified.at}`, `    verified_by: ${action.verified.by}`]
      : []),
    `    ticket: ${action.ticket}`,
  ];
}
