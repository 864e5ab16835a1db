import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/store.ts";
import {
  exampleAuditFindings,
  exampleCheckResults,
  exampleExceptions,
  OCTOBER_END,
  OCTOBER_REQUIREMENTS,
} from "../test-support/compliance-status.ts";
import { createTestStore, ENGINES } from "../test-support/engines.ts";
import { buildImport } from "../test-support/records.ts";
import { complianceStatus } from "./compliance-status.ts";

for (const engine of ENGINES) {
  describe(`compliance status on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      const files = [
        ["checks", "xccdf", exampleCheckResults()],
        ["findings", "audit-findings-csv", exampleAuditFindings()],
        ["exceptions", "exceptions-csv", exampleExceptions()],
      ] as const;
      for (const [sha, format, records] of files)
        await store.importRecords(buildImport(sha, format, OCTOBER_END), async (writer) => {
          for (const [n, record] of records.entries()) await writer.write(record, n + 1);
          return { skipped: 0 };
        });
    });
    afterAll(async () => dispose());

    it("judges the worked example from the stored checks, findings and exceptions", async () => {
      // AF-5 (closed), AF-7 (opened after the end), AF-8 (no control) and EX-4 (rejected) count for nothing.
      expect(await complianceStatus(store, OCTOBER_END)).toEqual(OCTOBER_REQUIREMENTS);
    });

    it("has nothing to judge before the first result", async () => {
      expect(await complianceStatus(store, Date.parse("2026-09-01T00:00:00Z"))).toEqual([]);
    });
  });
}
