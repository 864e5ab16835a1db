/**
 * Northwind Payments' application security sources for the demo: the
 * security controls register (one YAML snapshot, 2026-07-31 23:00 UTC) and
 * the JUnit reports of the month's last release build, 2026-08 → 2026-10:
 * payments-api's Maven Surefire report and the refunds service's pytest
 * report. No randomness: the figures follow from the tables below.
 *
 * The storyline: five high-risk controls, four of them mapped to tests. In
 * August the admin MFA test fails and the card-number masking test is
 * skipped (2 of 5 verified); September fixes MFA (3 of 5); October enables
 * the masking test (4 of 5). The CSRF control has no test at all, so the
 * target of 100% is still missed.
 *
 * The same builds list payments-api's npm dependencies (`npm ls`, `npm
 * outdated`) and the ledger's Go modules (`go list -m -u`): the team
 * catches up month by month, except Express 5, a major upgrade still
 * planned in October. Listings carry no time: each file's modification
 * time is set to the build's, as if written by it.
 */
import type { DemoFile } from "./demo-operations.ts";

const REGISTER = `# Northwind Payments security controls and the tests that verify them.
snapshot_at: 2026-07-31T23:00:00Z
controls:
  - id: SEC-AUTH-01
    title: Login attempts are rate limited
    risk: high
    owner: identity-team
    tests: ["com.northwind.auth.LoginRateLimitTest.*"]
  - id: SEC-AUTH-02
    title: Admin sign-in requires a second factor
    risk: high
    owner: identity-team
    tests: [com.northwind.auth.AdminMfaTest.requiresSecondFactor]
  - id: SEC-PAY-01
    title: Refunds above the limit need a second approver
    risk: high
    owner: payments-team
    tests: ["tests.test_refunds.*"]
  - id: SEC-PAY-02
    title: Card numbers are never written to logs
    risk: high
    owner: payments-team
    tests: [tests.test_logging.test_pan_is_masked]
  - id: SEC-WEB-01
    title: State-changing forms carry a CSRF token
    risk: high
    owner: merchant-portal-team
  - id: SEC-OPS-01
    title: Database backups are encrypted
    risk: medium
    owner: platform-team
    tests: [com.northwind.ops.BackupEncryptionTest.backupsAreEncrypted]
`;

type Outcome = "passed" | "failed" | "skipped";

interface Build {
  month: string;
  /** The release build's day and time, local to the CI runners (UTC). */
  at: string;
  adminMfa: Outcome;
  panMasking: Outcome;
}

const BUILDS: readonly Build[] = [
  { month: "2026-08", at: "2026-08-27T16:40:12", adminMfa: "failed", panMasking: "skipped" },
  { month: "2026-09", at: "2026-09-24T16:38:51", adminMfa: "passed", panMasking: "skipped" },
  { month: "2026-10", at: "2026-10-22T16:45:03", adminMfa: "passed", panMasking: "passed" },
];

function testcase(classname: string, name: string, time: string, outcome: Outcome, message: string): string {
  const open = `    <testcase name="${name}" classname="${classname}" time="${time}"`;
  if (outcome === "passed") return `${open}/>`;
  const verdict = outcome === "failed" ? "failure" : "skipped";
  return `${open}>\n      <${verdict} message="${message}"/>\n    </testcase>`;
}

function surefire(build: Build): DemoFile {
  const cases = [
    testcase("com.northwind.auth.LoginRateLimitTest", "blocksAfterFiveFailures", "0.412", "passed", ""),
    testcase("com.northwind.auth.LoginRateLimitTest", "resetsAfterWindow", "0.208", "passed", ""),
    testcase(
      "com.northwind.auth.AdminMfaTest",
      "requiresSecondFactor",
      "0.117",
      build.adminMfa,
      "expected: &lt;403&gt; but was: &lt;200&gt;",
    ),
    testcase("com.northwind.ops.BackupEncryptionTest", "backupsAreEncrypted", "1.030", "passed", ""),
  ];
  const failures = build.adminMfa === "failed" ? 1 : 0;
  return {
    name: `TEST-payments-api-${build.month}.xml`,
    text: `<?xml version="1.0" encoding="UTF-8"?>
<testsuite version="3.2.5" name="com.northwind.SecurityRegressionSuite" time="1.767" tests="4" errors="0" skipped="0" failures="${failures}" timestamp="${build.at}" hostname="ci-runner-3">
  <properties/>
${cases.join("\n")}
</testsuite>
`,
  };
}

function pytest(build: Build): DemoFile {
  const skipped = build.panMasking === "skipped" ? 1 : 0;
  const cases = [
    testcase("tests.test_refunds", "test_second_approver_required", "0.004", "passed", ""),
    testcase("tests.test_refunds", "test_small_refund_single_approver", "0.003", "passed", ""),
    testcase(
      "tests.test_logging",
      "test_pan_is_masked",
      "0.002",
      build.panMasking,
      "log redaction fixture not yet available",
    ),
  ];
  return {
    name: `pytest-refunds-${build.month}.xml`,
    text: `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="${skipped}" tests="3" time="0.061" timestamp="${build.at}.418202" hostname="ci-runner-5">
${cases.join("\n")}
</testsuite></testsuites>
`,
  };
}

/** A package listing, and when the build that printed it ran. */
export interface DemoListing extends DemoFile {
  listed_at: string;
}

/** payments-api's direct npm dependencies each month: [installed, latest release]. */
const NPM: Readonly<Record<string, Readonly<Record<string, readonly [string, string]>>>> = {
  "2026-08": {
    axios: ["1.7.9", "1.8.2"],
    dotenv: ["16.4.7", "16.4.7"],
    express: ["4.21.2", "5.1.0"],
    helmet: ["8.0.0", "8.0.0"],
    jsonwebtoken: ["9.0.2", "9.0.2"],
    pg: ["8.13.1", "8.13.3"],
    pino: ["9.6.0", "9.6.0"],
    zod: ["3.24.1", "3.24.1"],
  },
  "2026-09": {
    axios: ["1.8.2", "1.8.2"],
    dotenv: ["16.4.7", "16.4.7"],
    express: ["4.21.2", "5.1.0"],
    helmet: ["8.0.0", "8.0.0"],
    jsonwebtoken: ["9.0.2", "9.0.2"],
    pg: ["8.13.3", "8.13.3"],
    pino: ["9.6.0", "9.6.0"],
    zod: ["3.24.1", "3.24.2"],
  },
  "2026-10": {
    axios: ["1.8.2", "1.8.2"],
    dotenv: ["16.4.7", "16.4.7"],
    express: ["4.21.2", "5.1.0"],
    helmet: ["8.0.0", "8.0.0"],
    jsonwebtoken: ["9.0.2", "9.0.2"],
    pg: ["8.13.3", "8.13.3"],
    pino: ["9.6.0", "9.6.0"],
    zod: ["3.24.2", "3.24.2"],
  },
};

/** The ledger's Go modules each month: [version, update or null, indirect]. */
const GO: Readonly<Record<string, readonly (readonly [string, string, string | null, boolean])[]>> = {
  "2026-08": [
    ["github.com/jackc/pgx/v5", "v5.7.1", "v5.7.2", false],
    ["github.com/prometheus/client_golang", "v1.20.5", null, false],
    ["golang.org/x/crypto", "v0.31.0", "v0.35.0", false],
    ["golang.org/x/text", "v0.21.0", "v0.22.0", true],
  ],
  "2026-09": [
    ["github.com/jackc/pgx/v5", "v5.7.2", null, false],
    ["github.com/prometheus/client_golang", "v1.20.5", null, false],
    ["golang.org/x/crypto", "v0.31.0", "v0.35.0", false],
    ["golang.org/x/text", "v0.21.0", "v0.22.0", true],
  ],
  "2026-10": [
    ["github.com/jackc/pgx/v5", "v5.7.2", null, false],
    ["github.com/prometheus/client_golang", "v1.20.5", null, false],
    ["golang.org/x/crypto", "v0.35.0", null, false],
    ["golang.org/x/text", "v0.22.0", null, true],
  ],
};

function npmListings(build: Build): DemoListing[] {
  const packages = Object.entries(NPM[build.month] ?? {});
  const installed = Object.fromEntries(
    packages.map(([name, [version]]) => [name, { version, overridden: false }]),
  );
  const outdated = Object.fromEntries(
    packages
      .filter(([, [current, latest]]) => current !== latest)
      .map(([name, [current, latest]]) => [
        name,
        {
          current,
          wanted: latest.startsWith("5.") ? current : latest,
          latest,
          dependent: "payments-api",
          location: `/builds/payments-api/node_modules/${name}`,
          type: "dependencies",
        },
      ]),
  );
  const listed_at = `${build.at}Z`;
  return [
    {
      name: `npm-ls-payments-api-${build.month}.json`,
      text: `${JSON.stringify({ version: "3.4.0", name: "payments-api", dependencies: installed }, null, 2)}\n`,
      listed_at,
    },
    {
      name: `npm-outdated-payments-api-${build.month}.json`,
      text: `${JSON.stringify(outdated, null, 2)}\n`,
      listed_at,
    },
  ];
}

function goListing(build: Build): DemoListing {
  const main = {
    Path: "github.com/northwind/ledger",
    Main: true,
    Dir: "/builds/ledger",
    GoMod: "/builds/ledger/go.mod",
    GoVersion: "1.23",
  };
  const modules = (GO[build.month] ?? []).map(([Path, Version, update, indirect]) => ({
    Path,
    Version,
    ...(update ? { Update: { Path, Version: update } } : {}),
    ...(indirect ? { Indirect: true } : {}),
  }));
  return {
    name: `go-list-ledger-${build.month}.json`,
    text: [main, ...modules].map((module) => `${JSON.stringify(module, null, "\t")}\n`).join(""),
    listed_at: `${build.at}Z`,
  };
}

/** The controls register, then each month's two reports and its package listings. */
export function appsecFiles(): (DemoFile | DemoListing)[] {
  return [
    { name: "security-controls.yaml", text: REGISTER },
    ...BUILDS.flatMap((build) => [surefire(build), pytest(build), ...npmListings(build), goListing(build)]),
  ];
}
