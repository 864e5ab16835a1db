import { type SafeState, safeKey } from "../../domains/key-management/records.ts";
import { defineImporter } from "../define-importer.ts";
import type { ImportContext, RecordItem } from "../importer.ts";
import { isObject, type Json, num, str } from "../shared/fields.ts";
import { firstJsonRecord } from "../shared/json.ts";
import { jsonRecords } from "../shared/readers.ts";
import { pullTime } from "../shared/snapshot-time.ts";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** An address field, lowercased; a problem when present and not an address. */
function address(value: Json, name: string, problems: string[]): string | null {
  const text = str(value, name);
  if (text === null) return null;
  if (!ADDRESS.test(text)) {
    problems.push(`${name}: "${text}" is not a 0x-prefixed 20-byte address`);
    return null;
  }
  return text.toLowerCase();
}

function addresses(value: Json, name: string, problems: string[]): string[] {
  const items = value[name];
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    problems.push(`${name} is not a list`);
    return [];
  }
  return items.flatMap(
    (item, index) => address({ [`${name}[${index}]`]: item }, `${name}[${index}]`, problems) ?? [],
  );
}

/** A whole number the service writes as a JSON number (older versions) or as text (newer: `nonce`). */
function integer(value: Json, name: string, problems: string[]): number | null {
  const raw = num(value, name) ?? (str(value, name) === null ? null : Number(str(value, name)));
  if (raw === null) return null;
  if (!Number.isSafeInteger(raw) || raw < 0) {
    problems.push(`${name}: "${String(value[name])}" is not a whole number`);
    return null;
  }
  return raw;
}

/**
 * `{"safes": [...]}`: what the service answers for the Safes of an owner
 * (`/api/v1/owners/{address}/safes/`) or of a module: addresses only.
 */
function isSafeAddressList(value: unknown): value is { safes: unknown[] } {
  return isObject(value) && Array.isArray(value.safes) && !("threshold" in value);
}

const ADDRESS_LIST_PROBLEM =
  "a list of Safe addresses (GET /api/v1/owners/{address}/safes/) holds no owners or threshold: pull each Safe with GET /api/v1/safes/{address}/";

/** One response of `GET /api/v1/safes/{address}/`, or the problems that refuse it. */
export function safeStateOf(value: Json, snapshotAt: number): { state: SafeState } | { problems: string[] } {
  const problems: string[] = [];
  const safe = address(value, "address", problems);
  if (safe === null && str(value, "address") === null) problems.push("address is required");
  const threshold = integer(value, "threshold", problems);
  const owners = addresses(value, "owners", problems);
  const chainId = integer(value, "chainId", problems);
  if (threshold === null || threshold < 1)
    problems.push("threshold is required: a whole number of at least 1");
  else if (threshold > owners.length)
    problems.push(`threshold ${threshold} is more than the ${owners.length} owners`);
  const guard = address(value, "guard", problems);
  if (problems.length > 0 || safe === null || threshold === null) return { problems };
  return {
    state: {
      kind: "safe_state",
      feed: "safe-transaction-service",
      external_id: safeKey(chainId, safe),
      snapshot_at: snapshotAt,
      chain_id: chainId,
      address: safe,
      threshold,
      owners,
      nonce: integer(value, "nonce", problems) ?? 0,
      version: str(value, "version"),
      master_copy: address(value, "masterCopy", problems),
      modules: addresses(value, "modules", problems),
      guard: guard === ZERO_ADDRESS ? null : guard,
    },
  };
}

/**
 * Safes as the Safe Transaction Service reports them
 * (`safe-transaction-service`): the JSON of `GET /api/v1/safes/{address}/`,
 * one response, or several as a JSON array or NDJSON (`jq -s` of a loop of
 * pulls). `address`, `threshold`, `owners` are read, with `nonce`,
 * `version`, `masterCopy`, `modules`, `guard`, and `chainId` when the
 * collecting script adds it (the response has none). Identity:
 * `<chainId or any>:<address>`; each import is the set of Safes at
 * `--scanned-at`, else at the time of the import. The owners endpoint's
 * `{"safes": [...]}` names Safes without their owners or threshold: it is
 * recognised and refused, saying which endpoint to pull instead.
 */
export const safeTransactionService = defineImporter({
  id: "safe-transaction-service",
  title: "Safe Transaction Service Safe info (GET /api/v1/safes/{address}/ responses)",
  kinds: ["safe_state"],
  identityOptions: ["scannedAt"],
  detect: (sample) => {
    const record = firstJsonRecord(sample.head);
    const safeInfo =
      isObject(record) && "threshold" in record && "owners" in record && "masterCopy" in record;
    return safeInfo || isSafeAddressList(record);
  },
  read: jsonRecords(async function* (records, ctx): AsyncIterable<RecordItem<SafeState>> {
    const snapshotAt = pullTime(ctx.file, ctx);
    const seen = new Map<string, number>();
    for await (const item of records) {
      if ("problem" in item) {
        yield item;
        continue;
      }
      if (isSafeAddressList(item.value)) {
        yield { line: item.line, problem: ADDRESS_LIST_PROBLEM };
        continue;
      }
      const read = safeStateOf(item.value, snapshotAt);
      if ("problems" in read) {
        yield { line: item.line, problem: read.problems.join("; ") };
        continue;
      }
      const first = seen.get(read.state.external_id);
      if (first !== undefined) {
        yield { line: item.line, problem: `Safe ${read.state.external_id} is already on line ${first}` };
        continue;
      }
      seen.set(read.state.external_id, item.line);
      yield { line: item.line, record: read.state };
    }
  }),
});
