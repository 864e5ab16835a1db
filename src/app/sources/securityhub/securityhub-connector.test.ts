import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../config/load.ts";
import { bufferSource } from "../../../importers/file-source.ts";
import type { Store } from "../../../store/store.ts";
import { createTestStore, ENGINES } from "../../../test-support/engines.ts";
import { type FakeSecurityHub, startFakeSecurityHub } from "../../../test-support/fake-securityhub.ts";
import { runOnlySource } from "../../../test-support/run-source.ts";
import { complianceStatus } from "../../compliance-status.ts";
import { computeKpis } from "../../compute-kpis.ts";
import { importFile } from "../../import-file.ts";
import type { SourceRunOptions } from "../source-reader.ts";

/**
 * Real findings, served by a fake Security Hub: the ASFF importer's
 * fixtures (DefectDojo's Security Hub exports and AWS's documented control
 * samples, see their SOURCES.md). 3 + 5 + 4 + 2 = 14 findings:
 * `jq '(.Findings // .findings) | length'` of each file.
 */
const ASFF = join(import.meta.dirname, "../../../importers/asff/fixtures");
const FINDINGS = [
  "securityhub-config_many_findings.json",
  "securityhub-docs-control-samples.json",
  "securityhub-guardduty.json",
  "securityhub-config_multiple_resources.json",
].flatMap((name) => {
  const document = JSON.parse(readFileSync(join(ASFF, name), "utf8")) as Record<
    string,
    Record<string, unknown>[]
  >;
  return document.Findings ?? document.findings ?? [];
});
const KEYS = {
  accessKeyId: "AKIAFAKEEXAMPLE00001",
  secretAccessKey: "fake/secret+key/for/loopback/tests/0001",
};
const REGION = "us-east-1";
const NOW = Date.parse("2026-12-01T00:00:00Z");
/** Pages of 5: the 14 findings come in 3 pages (5, 5, 4). */
const PAGE_SIZE = 5;
const END = Date.parse("2027-01-01T00:00:00Z");

let api: FakeSecurityHub;
let waits: number[];

beforeEach(async () => {
  api = await startFakeSecurityHub({
    ...KEYS,
    region: REGION,
    findings: structuredClone(FINDINGS),
    pageSize: PAGE_SIZE,
  });
  waits = [];
});
afterEach(() => api.close());

function configOf() {
  return parseConfig({
    timezone: "UTC",
    sources: [{ name: "hub", kind: "securityhub", schedule: "0 * * * *", region: REGION, endpoint: api.url }],
  });
}

const options = (secret = KEYS.secretAccessKey): SourceRunOptions => ({
  env: { AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: secret },
  // A fixed jitter: each wait is three quarters of its ceiling.
  http: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
});

const pull = (store: Store, run = options(), now = NOW) => runOnlySource(store, configOf(), run, now);

const calls = () => api.requests.filter((r) => r === "POST /findings").length;

describe("the securityhub connector", () => {
  for (const engine of ENGINES) {
    it(`pulls 3 signed pages of findings, and its compliance figures equal the file's on ${engine.name}`, async () => {
      const pulled = await createTestStore(engine);
      const filed = await createTestStore(engine);
      try {
        const run = await pull(pulled.store);
        // 3 pass (IAM.5, SSM.2, ELBv2.1) + 5 fail (the CloudTrail.2 samples) + 5 fail (one per resource
        // of the two multi-resource findings); the 4 GuardDuty findings have no Compliance: left out.
        expect(run).toMatchObject({ outcome: "ok", imported: 3, records: 13, error: null });
        expect(calls()).toBe(3);
        await importFile(filed.store, {
          source: bufferSource("findings.json", JSON.stringify({ Findings: FINDINGS })),
          format: "asff",
          options: { timezone: "UTC" },
          now: NOW,
        });
        const figures = async (store: Store) => ({
          status: await complianceStatus(store, END),
          kpis: (await computeKpis(store, "2026-12", { config: configOf(), now: END })).metrics
            .filter((m) => m.category === "compliance")
            .map((m) => [m.id, m.value]),
        });
        const fromPull = await figures(pulled.store);
        expect(fromPull).toEqual(await figures(filed.store));
        // The samples name two requirements. CIS 1.4.0 3.7: the us-east-1 trail's only CloudTrail.2
        // result (2022-12-22) failed, so not met. PCI DSS 3.4: the us-east-2 trail's PCI result
        // (16:10:00.090Z) is not the latest of that check there: the FSBP one (16:10:00.093Z) names none.
        expect(fromPull.status.map((s) => [s.framework, s.requirement, s.status])).toEqual([
          ["CIS AWS Foundations Benchmark v1.4.0", "3.7", "not_met"],
        ]);
      } finally {
        await pulled.dispose();
        await filed.dispose();
      }
    });
  }
});

describe("the securityhub connector on failures", () => {
  const engine = ENGINES[0];
  if (!engine) throw new Error("no engine");
  /** The next calls to GetFindings (after `skip`) throttled as AWS does, with these headers beside the error type. */
  const throttle = (
    status: number,
    type: string,
    more: { skip?: number; times?: number; headers?: object } = {},
  ) =>
    api.interrupt({
      method: "POST",
      path: /^\/findings$/,
      status,
      skip: more.skip ?? 0,
      times: more.times ?? 1,
      headers: { "x-amzn-errortype": type, ...more.headers },
      body: { message: "Rate exceeded" },
    });

  it("backs off exponentially with jitter when throttled (400 ThrottlingException, 429 TooManyRequestsException), then completes", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      throttle(400, "ThrottlingException", { skip: 1 });
      throttle(429, "TooManyRequestsException");
      throttle(429, "TooManyRequestsException");
      const run = await pull(store);
      // Page 2 throttled three times, AWS naming no wait: ceilings 2 s, 4 s, 8 s (2 s × 2ⁿ), each
      // waited half fixed plus half × 0.5 of jitter: 1.5 s, 3 s, 6 s.
      expect(waits).toEqual([1500, 3000, 6000]);
      expect(calls()).toBe(3 + 3);
      expect(run).toMatchObject({ outcome: "ok", records: 13 });
    } finally {
      await dispose();
    }
  });

  it("honours a Retry-After over its own back-off", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      throttle(429, "TooManyRequestsException", { headers: { "retry-after": "5" } });
      expect(await pull(store)).toMatchObject({ outcome: "ok", records: 13 });
      expect(waits).toEqual([5000]);
    } finally {
      await dispose();
    }
  });

  it("stops after the retries, saying to run again later, and keeps its cursor", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      throttle(429, "TooManyRequestsException", { times: 4 });
      const run = await pull(store);
      expect(waits).toEqual([1500, 3000, 6000]);
      expect(run.outcome).toBe("failed");
      expect(run.error).toContain("rate limited (429)");
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("says a 403 needs securityhub:GetFindings, never showing the secret", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      const run = await pull(store, options("not-the-secret-key"));
      expect(run.outcome).toBe("failed");
      expect(run.error).toContain("403");
      expect(run.error).toContain("does not match the signature");
      expect(run.error).toContain("securityhub:GetFindings");
      expect(run.error).not.toContain("not-the-secret-key");
      expect(await store.listImports()).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it("resumes from its cursor after a failure mid-way, counting nothing twice", async () => {
    const { store, dispose } = await createTestStore(engine);
    try {
      api.interrupt({
        method: "POST",
        path: /^\/findings$/,
        status: 500,
        skip: 2,
        body: { message: "Internal" },
      });
      const failed = await pull(store);
      // Pages 1 and 2 imported, the 3rd failed: the cursor stays unset.
      expect(failed).toMatchObject({ outcome: "failed", imported: 2 });
      const resumed = await pull(store);
      // All three pages again: the first two are the same bytes (unchanged), the third is new.
      expect(resumed).toMatchObject({ outcome: "ok", imported: 1, unchanged: 2 });
      expect(api.filters.at(-1)).toEqual({ UpdatedAt: [{ End: "2026-12-01T00:00:00.000Z" }] });
      // A later pull asks only for what was updated since the cursor: nothing.
      const later = await pull(store, options(), NOW + 3_600_000);
      expect(later).toMatchObject({ outcome: "ok", imported: 0, unchanged: 0 });
      expect(api.filters.at(-1)).toEqual({
        UpdatedAt: [{ Start: "2026-12-01T00:00:00.000Z", End: "2026-12-01T01:00:00.000Z" }],
      });
      expect((await complianceStatus(store, END)).map((s) => [s.requirement, s.status])).toEqual([
        ["3.7", "not_met"],
      ]);
    } finally {
      await dispose();
    }
  });
});
