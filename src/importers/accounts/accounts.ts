import type { Account, Token } from "../../domains/identity-access/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, jsonTable, type Table } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const ACCOUNT_FIELDS = new Set([
  "id",
  "name",
  "privileged",
  "owner",
  "owner_status",
  "status",
  "created_at",
  "last_used_at",
  "mfa_active",
  "snapshot_at",
]);
const TOKEN_FIELDS = new Set([
  "id",
  "account_id",
  "type",
  "status",
  "created_at",
  "expires_at",
  "last_rotated_at",
  "last_used_at",
  "snapshot_at",
]);

/**
 * Generic account inventory (`accounts-csv`, `accounts-json`): `id`, `name`,
 * `privileged`, `owner`, `owner_status`, `status`, `created_at`,
 * `last_used_at`.
 */
const ACCOUNTS: Table<Account> = {
  required: ["id", "privileged"],
  fields: ACCOUNT_FIELDS,
  recognizes: (columns) => !columns.includes("account_id"),
  map(fields, ctx): Account {
    const created_at = fields.timestamp("created_at");
    const last_used_at = fields.timestamp("last_used_at");
    fields.order("created_at", created_at, "last_used_at", last_used_at);
    const id = fields.requiredText("id");
    return {
      kind: "account",
      feed: "accounts",
      external_id: id,
      snapshot_at: snapshotTime(fields, ctx, "an inventory"),
      name: fields.text("name") ?? id,
      privileged: fields.boolean("privileged"),
      owner: fields.text("owner"),
      owner_status: fields.text("owner_status")?.toLowerCase() ?? null,
      status: fields.text("status")?.toLowerCase() ?? "active",
      created_at,
      last_used_at,
      mfa_active: fields.boolean("mfa_active"),
      attributes: fields.attributes(ACCOUNT_FIELDS),
    };
  },
};
const ACCOUNT_FAMILY = { feed: "accounts", kinds: ["account"] } as const;

export const accountsCsv: Importer<RecordItem<Account>> = defineImporter({
  ...ACCOUNT_FAMILY,
  id: "accounts-csv",
  title: "Account inventory (CSV with a header row)",
  read: csvTable(ACCOUNTS),
});
export const accountsJson: Importer<RecordItem<Account>> = defineImporter({
  ...ACCOUNT_FAMILY,
  id: "accounts-json",
  title: "Account inventory (JSON array or NDJSON)",
  read: jsonTable(ACCOUNTS),
});

/**
 * Generic token/key inventory (`tokens-csv`, `tokens-json`): `id`,
 * `account_id`, `created_at`, `expires_at`, `last_rotated_at`,
 * `last_used_at`; optional `type` and `status` (anything but
 * active/enabled/valid is inactive).
 */
const TOKENS: Table<Token> = {
  required: ["id", "account_id"],
  fields: TOKEN_FIELDS,
  recognizes: (columns) =>
    ["expires_at", "last_rotated_at", "created_at"].some((name) => columns.includes(name)),
  map(fields, ctx): Token {
    const created_at = fields.timestamp("created_at");
    const expires_at = fields.timestamp("expires_at");
    const last_rotated_at = fields.timestamp("last_rotated_at");
    fields.order("created_at", created_at, "expires_at", expires_at);
    fields.order("created_at", created_at, "last_rotated_at", last_rotated_at);
    const status = fields.text("status")?.toLowerCase();
    return {
      kind: "token",
      feed: "tokens",
      external_id: fields.requiredText("id"),
      snapshot_at: snapshotTime(fields, ctx, "an inventory"),
      account_id: fields.requiredText("account_id"),
      token_type: fields.text("type")?.toLowerCase() ?? "token",
      active: status === undefined || ["active", "enabled", "valid"].includes(status),
      created_at,
      expires_at,
      last_rotated_at,
      last_used_at: fields.timestamp("last_used_at"),
      attributes: fields.attributes(TOKEN_FIELDS),
    };
  },
};
const TOKEN_FAMILY = { feed: "tokens", kinds: ["token"] } as const;

export const tokensCsv: Importer<RecordItem<Token>> = defineImporter({
  ...TOKEN_FAMILY,
  id: "tokens-csv",
  title: "Token and key inventory (CSV with a header row)",
  read: csvTable(TOKENS),
});
export const tokensJson: Importer<RecordItem<Token>> = defineImporter({
  ...TOKEN_FAMILY,
  id: "tokens-json",
  title: "Token and key inventory (JSON array or NDJSON)",
  read: jsonTable(TOKENS),
});
