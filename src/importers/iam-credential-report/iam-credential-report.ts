import type { Account, Token } from "../../domains/identity-access/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import { FieldReader } from "../shared/fields.ts";
import { csvHeader, csvRows } from "../shared/readers.ts";

const FEED = "aws-iam";

/** The report's 22 columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

/**
 * Values that mean "nothing here": `N/A` (no such credential, or never used),
 * `not_supported` (the root row's password fields), `no_information` (used
 * before AWS started tracking, October 2014). All read as null; the raw text
 * stays in `attributes` so "unknown" and "never" can still be told apart.
 */
const NO_VALUE = new Set(["n/a", "not_supported", "no_information", ""]);

/**
 * AWS IAM credential report (CSV). Each row gives one `Account` (root is
 * privileged; other users' privilege is not in the report) and one `Token` per
 * access key or signing certificate that exists (active, or inactive but
 * rotated at some point). The report says nothing about when it was
 * generated, so the snapshot time is `ctx.scannedAt`.
 */
export const iamCredentialReport: Importer<RecordItem<Account | Token>> = defineImporter({
  id: "iam-credential-report",
  title: "AWS IAM credential report (CSV)",
  feed: FEED,
  kinds: ["account", "token"],
  detect: (sample) => {
    const columns = csvHeader(sample.head);
    return (
      columns.includes("arn") && columns.includes("access_key_1_active") && columns.includes("mfa_active")
    );
  },
  read: csvRows(CREDENTIAL_REPORT_COLUMNS, async function* (batches, ctx) {
    const snapshotAt = ctx.scannedAt;
    if (snapshotAt === undefined) {
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: "the credential report does not say when it was generated" }],
        "pass the report's GeneratedTime as the scan time (--scanned-at)",
      );
    }
    for await (const rows of batches)
      for (const row of rows) yield* mapRow(row.line, row.values, snapshotAt, ctx);
  }),
});

function* mapRow(
  line: number,
  raw: Record<string, string>,
  snapshot_at: number,
  ctx: ImportContext,
): Iterable<RecordItem<Account | Token>> {
  const values: Record<string, string> = {};
  const special: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (NO_VALUE.has(value.trim().toLowerCase())) {
      if (value.trim() !== "") special[key] = value.trim();
    } else values[key] = value;
  }
  const fields = new FieldReader(values, ctx.timezone);
  const arn = fields.requiredText("arn");
  const user = fields.requiredText("user");
  const root = user === "<root_account>";
  const passwordLastUsed = fields.timestamp("password_last_used");
  const keys = [1, 2].map((n) => ({
    n,
    active: fields.boolean(`access_key_${n}_active`) ?? false,
    last_rotated_at: fields.timestamp(`access_key_${n}_last_rotated`),
    last_used_at: fields.timestamp(`access_key_${n}_last_used_date`),
    region: fields.text(`access_key_${n}_last_used_region`),
    service: fields.text(`access_key_${n}_last_used_service`),
  }));
  const certs = [1, 2].map((n) => ({
    n,
    active: fields.boolean(`cert_${n}_active`) ?? false,
    last_rotated_at: fields.timestamp(`cert_${n}_last_rotated`),
  }));
  const account: Account = {
    kind: "account",
    feed: FEED,
    external_id: arn,
    snapshot_at,
    name: user,
    privileged: root ? true : null,
    owner: null,
    owner_status: null,
    status: "active",
    created_at: fields.timestamp("user_creation_time"),
    last_used_at: latest([passwordLastUsed, ...keys.map((k) => k.last_used_at)]),
    mfa_active: fields.boolean("mfa_active"),
    attributes: {
      ...special,
      ...(root ? { root: "true" } : {}),
      ...textAttribute("password_enabled", fields.boolean("password_enabled")),
      ...textAttribute("password_last_changed", fields.text("password_last_changed")),
      ...textAttribute("password_next_rotation", fields.text("password_next_rotation")),
    },
  };
  fields.timestamp("password_last_changed");
  fields.timestamp("password_next_rotation");
  if (fields.problems.length > 0) {
    yield { line, problem: fields.problems.join("; ") };
    return;
  }
  yield { line, record: account };
  for (const key of keys) {
    if (!key.active && key.last_rotated_at === null) continue;
    yield {
      line,
      record: {
        kind: "token",
        feed: FEED,
        external_id: `${arn}#access_key_${key.n}`,
        snapshot_at,
        account_id: arn,
        token_type: "access_key",
        active: key.active,
        // The report's "last rotated" is the key's creation or last rotation.
        created_at: null,
        expires_at: null,
        last_rotated_at: key.last_rotated_at,
        last_used_at: key.last_used_at,
        attributes: {
          ...textAttribute("last_used_region", key.region),
          ...textAttribute("last_used_service", key.service),
        },
      },
    };
  }
  for (const cert of certs) {
    if (!cert.active && cert.last_rotated_at === null) continue;
    yield {
      line,
      record: {
        kind: "token",
        feed: FEED,
        external_id: `${arn}#cert_${cert.n}`,
        snapshot_at,
        account_id: arn,
        token_type: "signing_certificate",
        active: cert.active,
        created_at: null,
        expires_at: null,
        last_rotated_at: cert.last_rotated_at,
        last_used_at: null,
        attributes: {},
      },
    };
  }
}

function latest(times: readonly (number | null)[]): number | null {
  const known = times.filter((t): t is number => t !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

function textAttribute(name: string, value: string | boolean | null): Record<string, string> {
  return value === null ? {} : { [name]: String(value) };
}
