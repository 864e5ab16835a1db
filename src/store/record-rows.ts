import type { StorableRecord, Stored } from "../model/records.ts";
import type { RecordKindDefinition } from "./record-kind.ts";
import type { ProvenanceColumns } from "./schema.ts";

type Row = Record<string, unknown> & ProvenanceColumns;
/** Reads a row given as an object (by column name) or as an array (by position). */
type Decoder = (row: unknown) => Stored<StorableRecord>;

/** Columns of a selected row that are bookkeeping, not the record's own fields. */
const NOT_FIELDS = new Set(["id", "import_id", "line", "prov_file_name", "prov_sha256", "prov_imported_at"]);

/**
 * Turns stored rows of one kind back into records: 0/1 into booleans, JSON
 * text into values, provenance apart. The decoder of a (kind, columns) is a
 * function with the fields as a literal, made once: an object built key by
 * key is many times slower to make, and a month's read can be 50k rows.
 * Rows of one select share their columns, so one decoder serves them all.
 */
export class RecordDecoders {
  private readonly decoders = new Map<string, Decoder>();

  /** Rows as objects (PostgreSQL, Kysely). */
  decode<R extends StorableRecord>(definition: RecordKindDefinition, rows: readonly Row[]): Stored<R>[] {
    const [first] = rows;
    if (!first) return [];
    return rows.map(this.decoder(definition, Object.keys(first), "object")) as Stored<R>[];
  }

  /** Rows as arrays in the order of `columns` (SQLite's raw statements): no object per row but the record. */
  decodeArrays<R extends StorableRecord>(
    definition: RecordKindDefinition,
    columns: readonly string[],
    rows: readonly unknown[][],
  ): Stored<R>[] {
    return rows.map(this.decoder(definition, columns, "array")) as Stored<R>[];
  }

  private decoder(definition: RecordKindDefinition, columns: readonly string[], shape: "object" | "array") {
    const key = `${definition.kind}:${shape}:${columns.join(",")}`;
    let decoder = this.decoders.get(key);
    if (!decoder) {
      decoder = compileDecoder(definition, columns, shape);
      this.decoders.set(key, decoder);
    }
    return decoder;
  }
}

function compileDecoder(
  definition: RecordKindDefinition,
  columns: readonly string[],
  shape: "object" | "array",
): Decoder {
  const booleans = new Set(definition.booleans);
  const json = new Set(definition.json);
  const at = (column: string) =>
    shape === "array" ? `r[${columns.indexOf(column)}]` : `r[${JSON.stringify(column)}]`;
  const fields = columns
    .filter((column) => !NOT_FIELDS.has(column))
    .map((column) => {
      const value = at(column);
      const decoded = booleans.has(column)
        ? `(${value} === null || ${value} === undefined ? null : Number(${value}) === 1)`
        : json.has(column)
          ? `JSON.parse(String(${value}))`
          : value;
      return `${JSON.stringify(column)}: ${decoded}`;
    });
  const provenance = `provenance: { import_id: ${at("import_id")}, file_name: ${at("prov_file_name")}, sha256: ${at("prov_sha256")}, imported_at: Number(${at("prov_imported_at")}), line: ${at("line")} }`;
  const body = `return { kind: ${JSON.stringify(definition.kind)}, ${[...fields, provenance].join(", ")} };`;
  return new Function("r", body) as Decoder;
}
