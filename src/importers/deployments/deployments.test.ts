import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Deployment } from "../../domains/hygiene/records.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { deploymentsCsv, deploymentsJson, githubDeploymentStatuses } from "./deployments.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

async function parse(importer: Importer<RecordItem<Deployment>>, input: Readable) {
  const items: RecordItem<Deployment>[] = [];
  for await (const item of importer.parse(input, { timezone: "UTC", file: "d" })) items.push(item);
  return {
    records: items.flatMap((item) => ("record" in item ? [item.record] : [])),
    problems: items.flatMap((item) => ("problem" in item ? [item] : [])),
  };
}

describe("deployments", () => {
  it("reads GitHub's example deployment status as one successful production deployment", async () => {
    const { records, problems } = await parse(
      githubDeploymentStatuses,
      createReadStream(fixture("github-deployment-statuses.json")),
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        external_id: "https://api.github.com/repos/octocat/example/deployments/42",
        service: "octocat/example",
        environment: "production",
        status: "success",
        started_at: Date.parse("2012-07-20T01:19:13Z"),
        finished_at: Date.parse("2012-07-20T01:19:13Z"),
        via_pipeline: null,
      }),
    ]);
  });

  it("groups statuses per deployment and waits for a final state (hand-made)", async () => {
    const { records, problems } = await parse(
      githubDeploymentStatuses,
      createReadStream(fixture("edge-github-statuses.json")),
    );
    // deployment 900: queued 12:00 → failure 12:09; 899: error → failure; 898: only pending → nothing; 897: bad date.
    expect(records.map((r) => [r.external_id.split("/").pop(), r.status, r.environment])).toEqual([
      ["900", "failure", "production"],
      ["899", "failure", "staging"],
    ]);
    expect(records[0]).toMatchObject({
      started_at: Date.parse("2026-09-05T12:00:00Z"),
      finished_at: Date.parse("2026-09-05T12:09:00Z"),
    });
    expect(problems.map((p) => p.line)).toEqual([7]);
  });

  it("reads the deployments CSV (hand-made)", async () => {
    const { records, problems } = await parse(deploymentsCsv, createReadStream(fixture("deployments.csv")));
    expect(
      records.map((r) => [r.external_id, r.status, r.rollback_of, r.change_ticket, r.via_pipeline]),
    ).toEqual([
      ["d-100", "success", null, "CHG-1201", true],
      ["d-101", "failure", null, "CHG-1207", true],
      ["d-102", "success", "d-101", "CHG-1207", true],
      ["d-103", "success", null, null, false],
      ["d-104", "success", null, null, true],
    ]);
    expect(records[4]?.finished_at).toBeNull();
    expect(records[0]?.attributes).toEqual({ commit: "4f2a9c1" });
    expect(problems).toEqual([
      { line: 7, problem: expect.stringMatching(/finished_at is before started_at.*status/) },
    ]);
  });

  it("reads the same records from JSON and rejects a missing column at line 1", async () => {
    const json = JSON.stringify([
      {
        id: "d-1",
        service: "api",
        environment: "production",
        started_at: "2026-09-01T10:00:00Z",
        status: "failure",
        via_pipeline: false,
      },
    ]);
    const { records } = await parse(deploymentsJson, Readable.from([json]));
    expect(records[0]).toMatchObject({ status: "failure", via_pipeline: false, finished_at: null });
    await expect(
      parse(deploymentsCsv, Readable.from(["id,service,started_at\nx,y,2026-01-01\n"])),
    ).rejects.toThrow(/:1: missing required column environment, status/);
  });

  it("detects each format", () => {
    expect(deploymentsCsv.detect({ name: "d.csv", head: "id,service,environment,started_at,status\n" })).toBe(
      true,
    );
    expect(
      githubDeploymentStatuses.detect({
        name: "s.json",
        head: '[{"id": 1, "state": "success", "deployment_url": "x"}]',
      }),
    ).toBe(true);
    expect(
      deploymentsJson.detect({
        name: "s.json",
        head: '[{"id": 1, "state": "success", "deployment_url": "x"}]',
      }),
    ).toBe(false);
  });
});
