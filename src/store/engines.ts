/**
 * What differs between the engines in a table's definition, apart from the
 * drivers: a pack's migrations (`createRecordTable`) load this, so that
 * listing the catalog loads no database driver.
 */
export type Dialect = "sqlite" | "postgres";

/** The only differences between the engines that the rest of the store sees. */
export function idColumn(dialect: Dialect): "integer" | "serial" {
  return dialect === "postgres" ? "serial" : "integer";
}
