import type { StorableRecord, Stored } from "../model/records.ts";
import type { RecordKindDefinition } from "./record-kind.ts";
import type { ProvenanceColumns } from "./schema.ts";

type Row = Record<string, unknown> & ProvenanceColumns;
type Decoder = (row: Row) => Stored<StorableRecord>;

/** Columns of a selected row that are bookkeeping, not the record's own fields. */
const NOT_FIELDS = new Set(["id", "import_id", "line", "prov_file_name", "prov_sha256", "prov_imported_at"]);

/**
 * Turns stored rows of one kind back into records: 0/1 into booleans, JSON
 * text into values, provenance apart. The decoder of a (kind, columns) is a
 * function with the fields as a literal, made once: an object built key by
 * key is many times slower to make, and a month's read can be 50k rows.
 */
export class RecordDecoders {
  private readonly decoders = new Map<string, Decoder>();

  decode<R extends StorableRecord>(definition: RecordKindDefinition, row: Row): Stored<R> {
    let columns = "";
    for (const column in row) columns += `${column},`;
    const key = `${definition.kind}:${columns}`;
    let decoder = this.decoders.get(key);
    if (!decoder) {
      decoder = compileDecoder(definition, Object.keys(row));
      this.decoders.set(key, decoder);
    }
    return decoder(row) as Stored<R>;
  }
}

function compileDecoder(definition: RecordKindDefinition, columns: readonly string[]): Decoder {
  const booleans = new Set(definition.booleans);
  const json = new Set(definition.json);
  const fields = columns
    .filter((column) => !NOT_FIELDS.has(column))
    .map((column) => {
      const value = `r[${JSON.stringify(column)}]`;
      const decoded = booleans.has(column)
        ? `(${value} === null || ${value} === undefined ? null : Number(${value}) === 1)`
        : json.has(column)
          ? `JSON.parse(String(${value}))`
          : value;
      return `${JSON.stringify(column)}: ${decoded}`;
    });
  const provenance =
    "provenance: { import_id: r.import_id, file_name: r.prov_file_name, sha256: r.prov_sha256, imported_at: Number(r.prov_imported_at), line: r.line }";
  const body = `return { kind: ${JSON.stringify(definition.kind)}, ${[...fields, provenance].join(", ")} };`;
  return new Function("r", body) as Decoder;
}
