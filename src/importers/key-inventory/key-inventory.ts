import type { KeyRecord } from "../../domains/key-management/records.ts";
import {
  KEY_CUSTODIES,
  KEY_PURPOSES,
  parseSigningThreshold,
  type SigningThreshold,
} from "../../model/key-custody.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import type { FieldReader } from "../shared/fields.ts";
import { csvTable, type Table, yamlTable } from "../shared/readers.ts";
import { snapshotTime } from "../shared/snapshot-time.ts";

const INVENTORY_FIELDS = new Set([
  "key",
  "purpose",
  "custody",
  "threshold",
  "signers",
  "chain_id",
  "address",
  "owner",
  "created_at",
  "last_rotated_at",
  "last_ceremony_at",
  "snapshot_at",
]);

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * What it takes to sign: `threshold` as `3-of-5`, or `threshold` and
 * `signers` apart. A single key (hardware, hot) is 1-of-1 and may say so or
 * say nothing; a multisig or MPC key must say.
 */
function signingThreshold(fields: FieldReader, single: boolean): SigningThreshold {
  const text = fields.text("threshold");
  const signersText = fields.text("signers");
  if (text === null && signersText === null) {
    if (!single) fields.problems.push("a multisig or MPC key needs its threshold (e.g. 3-of-5)");
    return { threshold: 1, signers: 1 };
  }
  const parsed =
    text !== null && signersText === null
      ? parseSigningThreshold(text)
      : parseSigningThreshold(`${text ?? ""}/${signersText ?? ""}`);
  if (parsed === undefined) {
    fields.problems.push(
      `threshold: "${[text, signersText].filter((t) => t !== null).join(" of ")}" is not M-of-N with 1 ≤ M ≤ N`,
    );
    return { threshold: 1, signers: 1 };
  }
  if (single && parsed.signers !== 1)
    fields.problems.push(`a ${fields.text("custody")} key is one key: its threshold is 1-of-1`);
  return parsed;
}

/**
 * secmetrics' key inventory (`key-inventory-csv`, `key-inventory-yaml`):
 * `key`, `purpose`, `custody` required; `threshold` (`3-of-5`, or with
 * `signers`), `chain_id`, `address`, `owner`, `created_at`,
 * `last_rotated_at`, `last_ceremony_at`, `snapshot_at`. Identity: `key`
 * within the feed; each import is the whole inventory at `snapshot_at` (or
 * `--scanned-at`). Other columns are kept as attributes.
 */
const INVENTORY: Table<KeyRecord> = {
  required: ["key", "purpose", "custody"],
  fields: INVENTORY_FIELDS,
  recognizes: () => true,
  map(fields, ctx): KeyRecord {
    const custody = fields.requiredOneOf("custody", KEY_CUSTODIES) ?? "hot";
    const { threshold, signers } = signingThreshold(fields, custody === "hardware" || custody === "hot");
    const address = fields.text("address");
    if (address !== null && !ADDRESS.test(address))
      fields.problems.push(`address: "${address}" is not a 0x-prefixed 20-byte address`);
    const chain = fields.text("chain_id");
    const chainId = chain === null ? null : Number(chain);
    if (chainId !== null && !(Number.isSafeInteger(chainId) && chainId > 0))
      fields.problems.push(`chain_id: "${chain}" is not a chain id`);
    const created_at = fields.timestamp("created_at");
    const last_rotated_at = fields.timestamp("last_rotated_at");
    fields.order("created_at", created_at, "last_rotated_at", last_rotated_at);
    return {
      kind: "key",
      feed: "key-inventory",
      external_id: fields.requiredText("key"),
      snapshot_at: snapshotTime(fields, ctx, "a key inventory"),
      purpose: fields.requiredOneOf("purpose", KEY_PURPOSES) ?? "other",
      custody,
      threshold,
      signers,
      chain_id: chainId,
      address: address?.toLowerCase() ?? null,
      owner: fields.text("owner"),
      created_at,
      last_rotated_at,
      last_ceremony_at: fields.timestamp("last_ceremony_at"),
      attributes: fields.attributes(INVENTORY_FIELDS),
    };
  },
};

const INVENTORY_FAMILY = {
  feed: "key-inventory",
  kinds: ["key"],
  identityOptions: ["scannedAt"],
} as const;

export const keyInventoryCsv: Importer<RecordItem<KeyRecord>> = defineImporter({
  ...INVENTORY_FAMILY,
  id: "key-inventory-csv",
  title: "Web3 key inventory (CSV with key, purpose, custody columns)",
  read: csvTable(INVENTORY),
});

export const keyInventoryYaml: Importer<RecordItem<KeyRecord>> = defineImporter({
  ...INVENTORY_FAMILY,
  id: "key-inventory-yaml",
  title: "Web3 key inventory (YAML with a `keys` list)",
  detect: (sample) => /\.ya?ml$/i.test(sample.name) && /^keys:\s*(#.*)?$/m.test(sample.head),
  read: yamlTable(INVENTORY, "keys", ["snapshot_at"]),
});
