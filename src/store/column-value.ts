/**
 * Booleans become 0/1 and objects JSON text, the same on both engines; a
 * value already converted stays as it is (a worker thread converts ahead).
 */
export function toColumnValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value !== null && typeof value === "object") return isEmptyObject(value) ? "{}" : JSON.stringify(value);
  return value;
}

function isEmptyObject(value: object): boolean {
  if (Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}

/** Whether two records have the same keys in the same order: rows of one shape, one statement. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
