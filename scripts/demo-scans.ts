/**
 * Northwind Payments' container image scans for the demo: one Trivy JSON
 * report (SchemaVersion 2, the shape of Trivy's own golden files) per image
 * per week, 2026-01-05 → 2026-10-26, with fixes, SLA misses, a failed scan,
 * one reintroduced finding, and two images whose scans stop mid-year. Deterministic: randomness comes from the
 * caller's seeded streams, the rest is the plan below.
 */

/** The seeded randomness of demo-data.ts. */
export interface DemoRandom {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  poisson(lambda: number): number;
  weighted<T extends { weight: number }>(items: readonly T[]): T;
}

const YEAR = 2026;
const DAY = 86_400_000;

/** Every Monday at 03:00 UTC from 2026-01-05: weeks 0–42 (2026-10-26 is the last before the export). */
const SCAN_WEEKS = 43;
const FIRST_SCAN = Date.UTC(YEAR, 0, 5, 3);
const REGISTRY = "registry.northwind.example";

interface DemoImage {
  name: string;
  os: { family: string; name: string };
  /** The application's lock file, for language-package findings. */
  lockfile: { target: string; type: string };
  /** The last week it is scanned, when its scans stop before the export. */
  lastWeek?: number;
}

const IMAGES: readonly DemoImage[] = [
  {
    name: "payments-api",
    os: { family: "alpine", name: "3.19.1" },
    lockfile: { target: "app/pom.xml", type: "pom" },
  },
  {
    name: "merchant-portal",
    os: { family: "debian", name: "12.5" },
    lockfile: { target: "usr/src/app/package-lock.json", type: "npm" },
  },
  {
    name: "ledger",
    os: { family: "alpine", name: "3.19.1" },
    lockfile: { target: "app/go.mod", type: "gomod" },
  },
  // Dropped from the scan schedule when its pipeline was rewritten (2026-07-27), though it still runs.
  {
    name: "fraud-scoring",
    os: { family: "alpine", name: "3.19.1" },
    lockfile: { target: "app/requirements.txt", type: "pip" },
    lastWeek: 29,
  },
  // Decommissioned after 2026-09-07: the demo retires it (`secmetrics targets retire`).
  {
    name: "statements-batch",
    os: { family: "debian", name: "12.5" },
    lockfile: { target: "app/pom.xml", type: "pom" },
    lastWeek: 35,
  },
];

interface PlannedVuln {
  image: string;
  id: string;
  pkg: string;
  installed: string;
  fixed: string;
  severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";
  /** Language package (lock file) rather than an OS package; `direct` when the app depends on it itself. */
  lang?: { direct: boolean };
  /** Week of the first scan that has it, and of the first scan without it (null: still there). */
  weeks: readonly (readonly [from: number, until: number | null])[];
}

/**
 * The storyline (weeks count from 2026-01-05; week 39 is 2026-10-05). The
 * October figures the demo test asserts follow from these rows alone: the
 * background findings below are all gone by week 38 (2026-09-28).
 */
const PLANNED: readonly PlannedVuln[] = [
  // payments-api
  {
    image: "payments-api",
    id: "CVE-2026-0101",
    pkg: "libssl3",
    installed: "3.1.4-r5",
    fixed: "3.1.4-r6",
    severity: "CRITICAL",
    weeks: [[2, 3]],
  },
  {
    image: "payments-api",
    id: "CVE-2026-0102",
    pkg: "zlib",
    installed: "1.3.1-r0",
    fixed: "1.3.1-r1",
    severity: "HIGH",
    weeks: [[5, 8]],
  },
  {
    image: "payments-api",
    id: "CVE-2026-0103",
    pkg: "busybox",
    installed: "1.36.1-r15",
    fixed: "1.36.1-r16",
    severity: "MEDIUM",
    weeks: [[0, null]],
  },
  // Fixed 70 days after it appeared: 40 days past its 30-day SLA, closed in October.
  {
    image: "payments-api",
    id: "CVE-2026-0104",
    pkg: "libexpat",
    installed: "2.6.0-r0",
    fixed: "2.6.2-r0",
    severity: "HIGH",
    weeks: [[30, 40]],
  },
  {
    image: "payments-api",
    id: "CVE-2026-0105",
    pkg: "curl",
    installed: "8.5.0-r0",
    fixed: "8.7.1-r0",
    severity: "CRITICAL",
    weeks: [[41, null]],
  },
  {
    image: "payments-api",
    id: "GHSA-57j2-w4cx-62h2",
    pkg: "com.fasterxml.jackson.core:jackson-databind",
    installed: "2.15.2",
    fixed: "2.15.4",
    severity: "HIGH",
    lang: { direct: true },
    weeks: [[39, 42]],
  },
  // Fixed in April, back in October when a base-image rollback brought the old libxml2 back.
  {
    image: "payments-api",
    id: "CVE-2026-0107",
    pkg: "libxml2",
    installed: "2.11.6-r0",
    fixed: "2.11.7-r0",
    severity: "MEDIUM",
    weeks: [
      [10, 14],
      [40, null],
    ],
  },
  // merchant-portal
  {
    image: "merchant-portal",
    id: "CVE-2026-0201",
    pkg: "lodash",
    installed: "4.17.20",
    fixed: "4.17.21",
    severity: "HIGH",
    lang: { direct: true },
    weeks: [[20, null]],
  },
  {
    image: "merchant-portal",
    id: "CVE-2026-0202",
    pkg: "minimist",
    installed: "1.2.5",
    fixed: "1.2.6",
    severity: "MEDIUM",
    lang: { direct: false },
    weeks: [[38, null]],
  },
  {
    image: "merchant-portal",
    id: "CVE-2026-0203",
    pkg: "openssl",
    installed: "3.0.11-1~deb12u2",
    fixed: "3.0.13-1~deb12u1",
    severity: "CRITICAL",
    weeks: [[39, 40]],
  },
  {
    image: "merchant-portal",
    id: "CVE-2026-0204",
    pkg: "ncurses-base",
    installed: "6.4-4",
    fixed: "6.4-4+deb12u1",
    severity: "LOW",
    weeks: [[0, null]],
  },
  // ledger
  {
    image: "ledger",
    id: "CVE-2026-0301",
    pkg: "musl",
    installed: "1.2.4_git20230717-r4",
    fixed: "1.2.4_git20230717-r5",
    severity: "HIGH",
    weeks: [[33, 39]],
  },
  {
    image: "ledger",
    id: "CVE-2026-0302",
    pkg: "pcre2",
    installed: "10.42-r1",
    fixed: "10.43-r0",
    severity: "MEDIUM",
    weeks: [[36, 41]],
  },
  {
    image: "ledger",
    id: "CVE-2026-0303",
    pkg: "sqlite-libs",
    installed: "3.44.2-r0",
    fixed: "3.44.2-r1",
    severity: "CRITICAL",
    weeks: [[12, 13]],
  },
  // fraud-scoring and statements-batch: still there at their last scans, so never fixed.
  {
    image: "fraud-scoring",
    id: "CVE-2026-0401",
    pkg: "openssl",
    installed: "3.1.4-r5",
    fixed: "3.1.5-r0",
    severity: "HIGH",
    weeks: [[10, null]],
  },
  {
    image: "fraud-scoring",
    id: "CVE-2026-0402",
    pkg: "sqlite-libs",
    installed: "3.44.2-r0",
    fixed: "3.44.2-r1",
    severity: "MEDIUM",
    weeks: [[25, null]],
  },
  {
    image: "statements-batch",
    id: "CVE-2026-0501",
    pkg: "libtasn1-6",
    installed: "4.19.0-2",
    fixed: "4.19.0-2+deb12u1",
    severity: "MEDIUM",
    weeks: [[20, null]],
  },
];

/** The ledger scan of this week failed (the registry timed out): Trivy wrote no Results, so it closes nothing. */
const FAILED_SCAN = { image: "ledger", week: 37 } as const;

const BACKGROUND_PACKAGES = [
  "expat",
  "libcurl",
  "openldap",
  "krb5-libs",
  "libpng",
  "tiff",
  "libx11",
  "gnutls",
];

/** Routine findings, Jan–Sep, each fixed within weeks (a few highs late): the history behind the trends. */
function backgroundVulns(randomFor: (label: string) => DemoRandom): PlannedVuln[] {
  const vulns: PlannedVuln[] = [];
  let sequence = 0;
  for (const image of IMAGES.filter((i) => i.lastWeek === undefined)) {
    const random = randomFor(`scans ${image.name}`);
    for (let week = 0; week < 34; week++) {
      for (let n = random.poisson(0.6); n > 0; n--) {
        const severity = random.weighted([
          { value: "HIGH", weight: 2 },
          { value: "MEDIUM", weight: 5 },
          { value: "LOW", weight: 3 },
        ] as const).value;
        const until = Math.min(38, week + random.int(1, severity === "HIGH" ? 7 : 10));
        const pkg = random.pick(BACKGROUND_PACKAGES);
        vulns.push({
          image: image.name,
          id: `CVE-2025-${String(41_000 + ++sequence)}`,
          pkg,
          installed: `${random.int(1, 9)}.${random.int(0, 20)}.${random.int(0, 9)}-r0`,
          fixed: "",
          severity,
          weeks: [[week, until]],
        });
      }
    }
  }
  return vulns;
}

function present(vuln: PlannedVuln, week: number): boolean {
  return vuln.weeks.some(([from, until]) => week >= from && (until === null || week < until));
}

function trivyReport(
  image: DemoImage,
  week: number,
  vulns: readonly PlannedVuln[],
  iso: (ms: number) => string,
): string {
  const artifact = `${REGISTRY}/${image.name}:main`;
  const createdAt = iso(FIRST_SCAN + week * 7 * DAY);
  const report: Record<string, unknown> = {
    SchemaVersion: 2,
    Trivy: { Version: "0.56.2" },
    CreatedAt: createdAt,
    ArtifactName: artifact,
    ArtifactType: "container_image",
    Metadata: {
      OS: { Family: image.os.family, Name: image.os.name },
      RepoTags: [artifact],
    },
  };
  if (image.name === FAILED_SCAN.image && week === FAILED_SCAN.week)
    return `${JSON.stringify(report, null, 2)}\n`;
  const mine = vulns.filter((v) => v.image === image.name && present(v, week));
  const entry = (v: PlannedVuln) => ({
    VulnerabilityID: v.id,
    PkgID: `${v.pkg}@${v.installed}`,
    PkgName: v.pkg,
    InstalledVersion: v.installed,
    ...(v.fixed ? { FixedVersion: v.fixed } : {}),
    Status: v.fixed ? "fixed" : "affected",
    ...(v.lang ? { Relationship: v.lang.direct ? "direct" : "indirect" } : {}),
    SeveritySource: v.lang ? "ghsa" : image.os.family,
    PrimaryURL: v.id.startsWith("GHSA")
      ? `https://github.com/advisories/${v.id}`
      : `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
    Title: `${v.pkg}: demo vulnerability ${v.id}`,
    Severity: v.severity,
  });
  report.Results = [
    {
      Target: `${artifact} (${image.os.family} ${image.os.name})`,
      Class: "os-pkgs",
      Type: image.os.family,
      Vulnerabilities: mine.filter((v) => !v.lang).map(entry),
    },
    {
      Target: image.lockfile.target,
      Class: "lang-pkgs",
      Type: image.lockfile.type,
      Vulnerabilities: mine.filter((v) => v.lang).map(entry),
    },
  ];
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One Trivy report per image per week, named so that a directory listing is in scan order. */
export function trivyScans(
  randomFor: (label: string) => DemoRandom,
  iso: (ms: number) => string,
): { name: string; text: string }[] {
  const vulns = [...PLANNED, ...backgroundVulns(randomFor)];
  const scans: { name: string; text: string }[] = [];
  for (let week = 0; week < SCAN_WEEKS; week++) {
    const day = iso(FIRST_SCAN + week * 7 * DAY).slice(0, 10);
    for (const image of IMAGES.filter((i) => week <= (i.lastWeek ?? SCAN_WEEKS))) {
      scans.push({ name: `trivy-${image.name}-${day}.json`, text: trivyReport(image, week, vulns, iso) });
    }
  }
  return scans;
}
