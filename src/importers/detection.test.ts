import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { directorySource } from "./file-source.ts";
import { detectImporter } from "./registry.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * Every fixture of the log, inventory and change-record formats and the
 * format auto-detection must pick for it.
 */
const EXPECTED: Record<string, string> = {
  "accounts/accounts.csv": "accounts-csv",
  "accounts/tokens.json": "tokens-json",
  "deployments/deployments.csv": "deployments-csv",
  "deployments/edge-github-statuses.json": "github-deployment-statuses",
  "deployments/github-deployment-statuses.json": "github-deployment-statuses",
  "fail2ban/edge-actions.log": "fail2ban",
  "fail2ban/fail2ban-0.9.log": "fail2ban",
  "fail2ban/recidive-variants.log": "fail2ban",
  "iam-credential-report/credential-report-oil.csv": "iam-credential-report",
  "iam-credential-report/edge-credential-report.csv": "iam-credential-report",
  "iam-credential-report/root-only-credential-report.csv": "iam-credential-report",
  "nginx/access-beats.log": "nginx",
  "nginx/access-fail2ban-botsearch.log": "nginx",
  "nginx/edge-statuses.log": "nginx",
  "nginx/error-limit-req.log": "nginx",
  "nginx/error-ssl-handshake.log": "nginx",
  "nginx/hand-made-ssl-protocol.log": "nginx",
  "nginx/hand-made-tls.log": "nginx",
  "nginx/ingress-nginx.log": "nginx",
  "sshd/edge-new-year.log": "sshd",
  "sshd/fail2ban-sshd-excerpt.log": "sshd",
  "sshd/fail2ban-sshd-failed-variants.log": "sshd",
  "sshd/linux-pam-loghub.log": "sshd",
  "sshd/openssh-loghub.log": "sshd",
  "terraform-plan/drift.json": "terraform-plan",
  "terraform-plan/edge-plan.json": "terraform-plan",
  "terraform-plan/no-changes.json": "terraform-plan",
  "terraform-plan/requires-replace.json": "terraform-plan",
};
const ISSUE_4_FORMATS = new Set(
  Object.values(EXPECTED).concat(["accounts-json", "tokens-csv", "deployments-json"]),
);

function fixtures(): string[] {
  const found: string[] = [];
  for (const folder of readdirSync(ROOT, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const dir = join(ROOT, folder.name, "fixtures");
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (name !== "SOURCES.md") found.push(`${folder.name}/${name}`);
  }
  return found.sort();
}

/** What detection sees of a fixture: a file's first bytes, or a fixture folder's file list. */
function detect(fixture: string): string | null {
  const [folder = "", name = ""] = fixture.split("/");
  const path = join(ROOT, folder, "fixtures", name);
  const sample = statSync(path).isDirectory()
    ? { name, head: "", files: directorySource(path).files.map((file) => file.path) }
    : {
        name,
        head: readFileSync(path)
          .subarray(0, 64 * 1024)
          .toString("utf8"),
      };
  try {
    return detectImporter(sample).id;
  } catch {
    return null;
  }
}

describe("format auto-detection over every fixture", () => {
  it.each(Object.entries(EXPECTED))("detects %s as %s", (fixture, id) => {
    expect(detect(fixture)).toBe(id);
  });

  it.each(fixtures().filter((fixture) => !(fixture in EXPECTED)))(
    "does not take %s for a log, inventory or deployment format",
    (fixture) => {
      const id = detect(fixture);
      expect(id === null || !ISSUE_4_FORMATS.has(id)).toBe(true);
    },
  );

  // ASFF and kube-bench JSON are claimed by their keys (a Security Hub
  // SchemaVersion and ProductArn; Controls with node_type and tests): no other
  // format's JSON (OCSF, Trivy, Grype, SARIF, OSV, OSCAL...) may pass for them.
  it.each(fixtures())("gives %s to asff or kube-bench only when it is theirs", (fixture) => {
    const folder = fixture.split("/")[0] ?? "";
    const id = detect(fixture);
    if (folder === "asff" || folder === "kube-bench") expect(id).toBe(folder);
    else expect(id === "asff" || id === "kube-bench").toBe(false);
  });

  it.each([
    ["accounts with created_at (not alerts)", "id,name,privileged,created_at\n", "accounts-csv"],
    ["tokens with created_at (not alerts)", "id,account_id,created_at\n", "tokens-csv"],
    ["alerts", "id,created_at,severity,disposition\n", "alerts-csv"],
    ["incidents", "id,detected_at,service,status,started_at\n", "incidents-csv"],
    ["deployments", "id,service,environment,started_at,status\n", "deployments-csv"],
    ["account JSON", '[{"id":"a","privileged":true,"created_at":"2026-01-01"}]', "accounts-json"],
    ["token NDJSON", '{"id":"t","account_id":"a","expires_at":"2026-01-01"}\n', "tokens-json"],
  ])("tells %s apart", (_name, head, id) => {
    expect(detectImporter({ name: "x", head }).id).toBe(id);
  });
});
