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
