import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load.ts";
import { bufferSource } from "../importers/file-source.ts";
import { buildScorecard } from "../report/build.ts";
import { reviewPeriod } from "../review/review-period.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { computeKpis } from "./compute-kpis.ts";
import { drillDown } from "./drill-down.ts";
import { importFile } from "./import-file.ts";

/*
 * Hand-made inputs for September 2026 (UTC), imported through format detection:
 *
 * auth.log (sshd, year from --year): 09-02 one Failed line and a "message repeated 2 times" line
 *   from 203.0.113.9 = 1 + 2 = 3 failures, 09-03 one from 198.51.100.7; one accepted login.
 *   failures = 3 + 1 = 4 over 30 days → 4 / 30 per day; top IP 203.0.113.9 (3).
 * access.log: 401, 403, 403, 429 (client 10.0.0.1 at 09-05 10:00:00) and a 200 (not kept).
 * error.log: one limiting line from 10.0.0.1 at 09-05 10:00:00 → same second as the 429: rate limits = max(1, 1) = 1.
 * fail2ban.log: Ban 1.2.3.4, Unban 1.2.3.4, Restore Ban 1.2.3.4, Ban 5.6.7.8 → 2 distinct IPs.
 * accounts.csv (snapshot 09-20): alice admin (owned, used), bob departed owner, carol unused since 2026-01 → orphans 2, privileged 1.
 * tokens.csv (snapshot 09-20): t1 created 09-01 (compliant), t2 created 2025-01-01 (not) → 50 %.
 * deployments.csv: d1 prod via pipeline ok; d2 prod manual, no ticket, failure; d3 prod rollback_of d2 with ticket → manual 1, failed 1, rollbacks 1.
 * plan.json: one resource_drift entry → config drift 1.
 */
const AUTH_LOG = `Sep  2 10:00:01 web sshd[100]: Failed password for root from 203.0.113.9 port 4000 ssh2
Sep  2 10:00:05 web sshd[100]: message repeated 2 times: [ Failed password for root from 203.0.113.9 port 4000 ssh2]
Sep  3 11:00:00 web sshd[200]: Failed password for invalid user admin from 198.51.100.7 port 5000 ssh2
Sep  3 12:00:00 web sshd[300]: Accepted publickey for deploy from 192.0.2.10 port 6000 ssh2
`;
const ACCESS_LOG = `10.0.0.9 - - [05/Sep/2026:09:00:00 +0000] "GET /admin HTTP/1.1" 401 12 "-" "curl/8"
10.0.0.9 - - [05/Sep/2026:09:00:01 +0000] "GET /admin HTTP/1.1" 403 12 "-" "curl/8"
10.0.0.9 - - [05/Sep/2026:09:00:02 +0000] "GET /.env HTTP/1.1" 403 12 "-" "curl/8"
10.0.0.1 - - [05/Sep/2026:10:00:00 +0000] "POST /login HTTP/1.1" 429 0 "-" "bot"
10.0.0.2 - - [05/Sep/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "browser"
`;
const ERROR_LOG = `2026/09/05 10:00:00 [error] 42#42: *7 limiting requests, excess: 5.000 by zone "login", client: 10.0.0.1, server: example.com, request: "POST /login HTTP/1.1", host: "example.com"
`;
const FAIL2BAN_LOG = `2026-09-06 08:00:00,100 fail2ban.actions        [900]: NOTICE  [sshd] Ban 1.2.3.4
2026-09-06 09:00:00,100 fail2ban.actions        [900]: NOTICE  [sshd] Unban 1.2.3.4
2026-09-07 08:00:00,100 fail2ban.actions        [900]: NOTICE  [sshd] Restore Ban 1.2.3.4
2026-09-08 08:00:00,100 fail2ban.actions        [900]: NOTICE  [nginx-limit] Ban 5.6.7.8
`;
const ACCOUNTS_CSV = `id,name,privileged,owner,owner_status,status,created_at,last_used_at,snapshot_at
alice,alice,true,alice@example.com,active,active,2024-01-01T00:00:00Z,2026-09-19T00:00:00Z,2026-09-20T00:00:00Z
bob,bob,false,bob@example.com,departed,active,2024-01-01T00:00:00Z,2026-09-19T00:00:00Z,2026-09-20T00:00:00Z
carol,carol,false,carol@example.com,active,active,2024-01-01T00:00:00Z,2026-01-15T00:00:00Z,2026-09-20T00:00:00Z
`;
const TOKENS_CSV = `id,account_id,created_at,expires_at,snapshot_at
t1,alice,2026-09-01T00:00:00Z,,2026-09-20T00:00:00Z
t2,bob,2025-01-01T00:00:00Z,,2026-09-20T00:00:00Z
`;
const DEPLOYMENTS_CSV = `id,service,environment,started_at,finished_at,status,rollback_of,change_ticket,via_pipeline
d1,api,production,2026-09-10T10:00:00Z,2026-09-10T10:05:00Z,success,,,true
d2,api,production,2026-09-11T10:00:00Z,2026-09-11T10:05:00Z,failure,,,false
d3,api,production,2026-09-11T11:00:00Z,2026-09-11T11:05:00Z,success,d2,CHG-7,false
`;
const PLAN_JSON = JSON.stringify({
  format_version: "1.2",
  terraform_version: "1.9.0",
  timestamp: "2026-09-12T08:00:00Z",
  resource_drift: [
    {
      address: "aws_security_group.web",
      mode: "managed",
      type: "aws_security_group",
      name: "web",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["update"], before: {}, after: {} },
    },
  ],
  resource_changes: [],
});

const NOW = Date.parse("2026-10-02T08:00:00Z");
const FILES: [string, string][] = [
  ["auth.log", AUTH_LOG],
  ["access.log", ACCESS_LOG],
  ["error.log", ERROR_LOG],
  ["fail2ban.log", FAIL2BAN_LOG],
  ["accounts.csv", ACCOUNTS_CSV],
  ["tokens.csv", TOKENS_CSV],
  ["deployments.csv", DEPLOYMENTS_CSV],
  ["plan.json", PLAN_JSON],
];

for (const engine of ENGINES) {
  describe(`log, inventory and change KPIs end to end on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const config = parseConfig({});
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      for (const [name, content] of FILES) {
        await importFile(store, {
          source: bufferSource(name, content),
          options: { timezone: "UTC", year: 2026 },
          now: NOW,
        });
      }
    });
    afterAll(async () => dispose());

    it("detects every file's format", async () => {
      expect((await store.listImports()).map((i) => [i.file_name, i.format])).toEqual([
        ["auth.log", "sshd"],
        ["access.log", "nginx"],
        ["error.log", "nginx"],
        ["fail2ban.log", "fail2ban"],
        ["accounts.csv", "accounts-csv"],
        ["tokens.csv", "tokens-csv"],
        ["deployments.csv", "deployments-csv"],
        ["plan.json", "terraform-plan"],
      ]);
    });

    it("computes every metric from the store", async () => {
      const report = await computeKpis(store, "2026-09", { config, now: NOW });
      const value = (id: string) => report.metrics.find((m) => m.id === id);
      expect(value("failed_login_rate")?.value).toBeCloseTo(4 / 30, 10);
      expect(value("failed_login_rate")?.details).toMatchObject({
        count: 4,
        successes: 1,
        top_source_ips: [
          { ip: "203.0.113.9", failures: 3 },
          { ip: "198.51.100.7", failures: 1 },
        ],
      });
      expect(value("unauthorized_access_attempts")?.value).toBe(3);
      expect(value("rate_limit_triggers")?.value).toBe(1);
      expect(value("blocked_ips")?.value).toBe(2);
      expect(value("privileged_accounts")?.value).toBe(1);
      expect(value("orphaned_accounts")?.value).toBe(2);
      expect(value("token_expiry_compliance")?.value).toBe(50);
      expect(value("manual_prod_changes")?.value).toBe(1);
      expect(value("failed_deployments")?.value).toBe(1);
      expect(value("rollbacks")?.value).toBe(1);
      expect(value("config_drift_events")?.value).toBe(1);
      expect(value("security_header_drift")).toMatchObject({ value: null, status: "no_data" });

      // August is before the first record: no data, not zero.
      const august = await computeKpis(store, "2026-08", { config, now: NOW });
      expect(august.metrics.find((m) => m.id === "blocked_ips")?.value).toBeNull();

      const drift = buildScorecard({
        kpis: report,
        organisation: "Test",
        timezone: "UTC",
        categoryOwners: {},
        review: reviewPeriod(report),
      }).headline.find((s) => s.title === "Drift");
      expect(drift?.rows.find((r) => r.id === "config_drift_events")?.value).toBe(1);
      expect(drift?.note).toBeNull();
    });

    it("drills into the records behind a number, with provenance", async () => {
      const logins = await drillDown(store, "failed_login_rate", "2026-09", config);
      expect(logins.rows).toHaveLength(4);
      expect(logins.rows[0]?.provenance).toMatchObject({ file_name: "auth.log", line: 1 });
      const limits = await drillDown(store, "rate_limit_triggers", "2026-09", config);
      expect(limits.rows.map((r) => [r.fields.source, r.counted])).toEqual([
        ["access", true],
        ["error", false],
      ]);
      const orphans = await drillDown(store, "orphaned_accounts", "2026-09", config);
      expect(orphans.rows.filter((r) => r.counted).map((r) => [r.id, r.note])).toEqual([
        ["bob", "departed_owner"],
        ["carol", "unused"],
      ]);
      const manual = await drillDown(store, "manual_prod_changes", "2026-09", config);
      expect(manual.rows.filter((r) => r.counted).map((r) => r.id)).toEqual(["d2"]);
    });
  });
}
