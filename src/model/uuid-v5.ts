import { createHash } from "node:crypto";

/**
 * A name-based (version 5, SHA-1) UUID, RFC 9562 §5.5: the same namespace
 * and name always give the same UUID, so a document built twice from the
 * same records names its objects the same.
 */
export function uuidV5(namespace: string, name: string): string {
  const hex = namespace.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${namespace}`);
  const bytes = createHash("sha1")
    .update(Buffer.from(hex, "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const out = bytes.toString("hex");
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}
