import { type AuditScopeEntry, auditScopeEntry } from "../../domains/assessments/records.ts";
import type { AssessmentType } from "../../model/assessment-type.ts";
import { isObject, type Json, num, str } from "../shared/fields.ts";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;
const SOURCE_FILE = /\/|\.(sol|vy)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const ENTRY_FIELDS = new Set([
  "contract",
  "file",
  "source_hash",
  "address",
  "chain_id",
  "code_hash",
  "commit",
]);

/** YAML 1.2 reads an unquoted `0x…` as a number, whose digits are lost. */
const UNQUOTED = "is a number: put a 0x… address or hash in quotes";

/**
 * A smart contract audit's `contracts`: a YAML list of entries, or a CSV
 * cell of `;`-separated ones. An entry is a mapping (`contract`, `file`
 * with its `source_hash`, `address` with its `chain_id`, `code_hash`,
 * `commit`) or a text read by its shape: an address, a 32-byte hash (of
 * the runtime bytecode), a source file (a path, or a `.sol`/`.vy` name), a
 * contract name. Null when the register names none; each unreadable entry
 * is a problem naming its place.
 */
export function auditScopeOf(
  value: unknown,
  type: AssessmentType,
  problems: string[],
): AuditScopeEntry[] | null {
  if (value === undefined || value === null || value === "") return null;
  if (type !== "smart_contract_audit") {
    problems.push("contracts: only a smart_contract_audit names the contracts it covers");
    return null;
  }
  const entries =
    typeof value === "string"
      ? value
          .split(";")
          .map((text) => text.trim())
          .filter((text) => text !== "")
      : value;
  if (!Array.isArray(entries)) {
    problems.push("contracts is not a list");
    return null;
  }
  return entries.flatMap((entry, index) => {
    const read = isObject(entry)
      ? entryOf(entry)
      : typeof entry === "string"
        ? textEntry(entry)
        : typeof entry === "number"
          ? UNQUOTED
          : "is not a text or a mapping";
    if (typeof read === "string") {
      problems.push(`contracts[${index}]: ${read}`);
      return [];
    }
    return [read];
  });
}

/** A text entry, by its shape; a reason when it has none of them. */
function textEntry(text: string): AuditScopeEntry | string {
  const value = text.trim();
  if (ADDRESS.test(value)) return auditScopeEntry({ address: value.toLowerCase() });
  if (HASH.test(value)) return auditScopeEntry({ code_hash: value.toLowerCase() });
  if (SOURCE_FILE.test(value)) return auditScopeEntry({ file: value });
  if (IDENTIFIER.test(value)) return auditScopeEntry({ contract: value });
  return `"${value}" is not a contract name, a source file, an address or a bytecode hash`;
}

/** A mapping entry, its fields checked; a reason for the first that is wrong. */
function entryOf(entry: Json): AuditScopeEntry | string {
  const unknown = Object.keys(entry).filter((key) => !ENTRY_FIELDS.has(key));
  if (unknown.length > 0) return `${unknown.join(", ")}: not one of ${[...ENTRY_FIELDS].join(", ")}`;
  const numeric = ["address", "source_hash", "code_hash"].find((key) => typeof entry[key] === "number");
  if (numeric !== undefined) return `${numeric}: ${UNQUOTED}`;
  const read: AuditScopeEntry = {
    contract: str(entry, "contract"),
    file: str(entry, "file"),
    source_hash: str(entry, "source_hash")?.toLowerCase() ?? null,
    address: str(entry, "address")?.toLowerCase() ?? null,
    chain_id: num(entry, "chain_id"),
    code_hash: str(entry, "code_hash")?.toLowerCase() ?? null,
    commit: str(entry, "commit"),
  };
  if (read.contract === null && read.file === null && read.address === null && read.code_hash === null)
    return "names no contract, file, address or code_hash";
  if (read.address !== null && !ADDRESS.test(read.address))
    return `address "${read.address}" is not an address`;
  for (const hash of ["source_hash", "code_hash"] as const) {
    const value = read[hash];
    if (value !== null && !HASH.test(value)) return `${hash} "${value}" is not a 0x-prefixed Keccak-256`;
  }
  if (read.source_hash !== null && read.file === null) return "source_hash needs the file it hashes";
  if (
    entry.chain_id !== undefined &&
    (read.chain_id === null || !Number.isSafeInteger(read.chain_id) || read.chain_id <= 0)
  )
    return `chain_id ${JSON.stringify(entry.chain_id)} is not a chain id`;
  if (read.chain_id !== null && read.address === null) return "chain_id needs the address it places";
  return read;
}
