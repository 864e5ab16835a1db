import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/cli.ts";
import { ENGINES } from "../test-support/engines.ts";

/** Text that ends a quoted SQL string and runs a statement, were it ever spliced into SQL. */
const DROP = "x'); DROP TABLE incidents; --";
const FEED = 'feed"; DROP TABLE imports; --';
const INCIDENTS = `id,title,severity,started_at,detected_at,responded_at,recovered_at
"${DROP}","Robert'); DELETE FROM imports; --",SEV1,2026-09-02T10:00:00Z,2026-09-02T10:06:00Z,,
`;

for (const engine of ENGINES) {
  describe(`SQL in imported text on ${engine.name}`, () => {
    let dir: string;
    let db: string;
    let dispose: () => Promise<void>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "secmetrics-sql-text-"));
      ({ url: db, dispose } = await engine.create());
      writeFileSync(join(dir, `${DROP}.csv`), INCIDENTS);
    });
    afterAll(async () => {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it("is stored and read back literally, and the tables it names survive", async () => {
      const imported = await runCli(db, "import", "--no-progress", "--feed", FEED, join(dir, `${DROP}.csv`));
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      const drill = await runCli(db, "drill", "mttd", "--period", "2026-09", "--format", "json");
      const [row] = JSON.parse(drill.stdout).rows;
      expect(row.id).toBe(DROP);
      expect(row.fields.title).toBe("Robert'); DELETE FROM imports; --");
      expect(row.provenance.file_name).toBe(`${DROP}.csv`);
      const [listed] = JSON.parse((await runCli(db, "imports", "--format", "json")).stdout);
      expect(listed).toMatchObject({ file_name: `${DROP}.csv`, feed: FEED, records: 1 });
    });
  });
}
