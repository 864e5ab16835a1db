import { describe, expect, it } from "vitest";
import { FINDING_FILTERS } from "../app/findings.ts";
import { DEFAULT_CONFIG_PATH } from "../config/load.ts";
import { EXCEPTION_DECISIONS, EXCEPTION_STATUSES, EXCEPTION_TYPES } from "../domains/exceptions/records.ts";
import { IMPORTERS } from "../importers/registry.ts";
import * as copies from "./help-values.ts";

describe("the values --help shows without loading their modules", () => {
  it("equal the values of the modules that own them", () => {
    expect(copies.DEFAULT_CONFIG_PATH).toBe(DEFAULT_CONFIG_PATH);
    expect(copies.FINDING_FILTERS).toEqual(FINDING_FILTERS);
    expect(copies.IMPORT_FORMATS).toEqual(IMPORTERS.map((importer) => importer.id));
    expect(copies.EXCEPTION_TYPES).toEqual(EXCEPTION_TYPES);
    expect(copies.EXCEPTION_STATUSES).toEqual(EXCEPTION_STATUSES);
    expect(copies.EXCEPTION_DECISIONS).toEqual(EXCEPTION_DECISIONS);
  });
});
