import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../store/store.ts";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildDeployment } from "../../test-support/records.ts";
import { deploymentMetrics } from "./compute.ts";
import { deploymentsOf, rolledBackVersions } from "./queries.ts";
import type { Deployment } from "./records.ts";

const SEPT = { start: Date.parse("2026-09-01T00:00:00Z"), end: Date.parse("2026-10-01T00:00:00Z") };
const day = (n: number) => Date.parse(`2026-09-${String(n).padStart(2, "0")}T10:00:00Z`);

function deployment(id: string, started: number, version: string, fields: Partial<Deployment> = {}) {
  return buildDeployment({
    external_id: id,
    started_at: started,
    version,
    feed: "github-deployments",
    ...fields,
  });
}

/*
 * Production of one service, in start order: a (v1, August), b (v2), c (v1
 * again: a rollback of b), d (v3, failed: never live), e (v2 again: the
 * live version was c's v1 and v2 went live before, so e rolls c back), f
 * (v2 again: a plain redeploy). Staging ships v1 twice: no rollback. The
 * CSV deployment g declares its own rollback. By hand: c (of b) and e (of c)
 * from their versions, g declared: 3.
 */
const DEPLOYMENTS = [
  deployment("a", Date.parse("2026-08-20T10:00:00Z"), "v1"),
  deployment("b", day(2), "v2"),
  deployment("c", day(3), "v1"),
  deployment("d", day(4), "v3", { status: "failure" }),
  deployment("e", day(5), "v2"),
  deployment("f", day(6), "v2"),
  deployment("s1", day(2), "v1", { environment: "staging" }),
  deployment("s2", day(3), "v1", { environment: "staging" }),
  buildDeployment({ external_id: "g", started_at: day(7), rollback_of: "x" }),
];

for (const engine of ENGINES) {
  describe(`hygiene queries on ${engine.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await createTestStore(engine));
      await store.importRecords(
        { format: "test", feed: "test", file_name: "deployments", sha256: "d", imported_at: SEPT.start },
        async (writer) => {
          for (const [index, record] of DEPLOYMENTS.entries()) await writer.write(record, index + 1);
          return { skipped: 0 };
        },
      );
    });
    afterAll(() => dispose());

    it("recognises a version shipped again after a newer one went live, naming the one it replaced", async () => {
      const replaced = await store.read((q) => rolledBackVersions(q, SEPT));
      expect(Object.fromEntries(replaced)).toEqual({
        "github-deployments|c": "b",
        "github-deployments|e": "c",
      });
    });

    it("counts declared and recognised rollbacks alike: 3", async () => {
      const metrics = deploymentMetrics(await deploymentsOf(store, SEPT));
      expect(metrics.rollbacks).toMatchObject({ value: 3, details: { production: 3 } });
      // d, the only failure.
      expect(metrics.failed_deployments).toMatchObject({ value: 1 });
    });
  });
}
