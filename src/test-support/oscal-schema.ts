import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/** NIST's OSCAL 1.1.1 POA&M JSON schema, as published (see src/report/fixtures/oscal/SOURCES.md). */
const POAM_SCHEMA = resolve("src/report/fixtures/oscal/oscal_poam_schema.json");

/**
 * A validator for OSCAL POA&M documents. The schema is draft-07, which is
 * ajv's default; ajv's default `unicodeRegExp: true` compiles its patterns
 * with the `u` flag, which the `\p{L}`/`\p{N}` classes of its token pattern
 * need. It declares no union types, so `allowUnionTypes` is not needed, and
 * ajv-formats supplies the `date-time`, `uri`, `email` … formats it uses.
 */
export function poamValidator(): (document: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(POAM_SCHEMA, "utf8")));
  return (document) =>
    validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
