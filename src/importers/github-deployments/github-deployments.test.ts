import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseItems } from "../../test-support/parse-items.ts";
import { githubDeployments } from "./github-deployments.ts";

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

const parse = (input: Readable) => parseItems(githubDeployments, input);

describe("github-deployments", () => {
  it("reads GitHub's example deployment with its example status: one successful production deployment", async () => {
    const { records, problems } = await parse(createReadStream(fixture("docs-example.json")));
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        kind: "deployment",
        feed: "github-deployments",
        external_id: "https://api.github.com/repos/octocat/example/deployments/1",
        service: "octocat/example",
        environment: "production",
        started_at: Date.parse("2012-07-20T01:19:13Z"),
        finished_at: Date.parse("2012-07-20T01:19:13Z"),
        status: "success",
        rollback_of: null,
        version: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
        change_ticket: null,
        via_pipeline: null,
        attributes: {
          github_state: "success",
          status_id: "1",
          ref: "topic-branch",
          task: "deploy",
          creator: "octocat",
          production_environment: "true",
        },
      },
    ]);
  });

  it("counts nothing of recorded deployments GitHub shows queued or without a status", async () => {
    // By hand (jq '[.[] | {id, states: [.statuses[].state]}]'): 263877258 ["queued"], 262350588 []:
    // neither finished, so GitHub shows no success and no failure.
    const { records, problems } = await parse(createReadStream(fixture("pygithub-recorded.json")));
    expect({ records, problems }).toEqual({ records: [], problems: [] });
  });

  it("judges each deployment by its latest status (hand-made)", async () => {
    // jq -c '.[] | [.id, .sha, .environment, ([.statuses[] | {state, created_at}] | max_by(.created_at) | .state)]':
    // 106 pending (unfinished), 105 error, 104 failure, 103 success, 102 inactive, 108 success
    // (staging), 101 inactive: 6 finished, 2 failed.
    const { records, problems } = await parse(createReadStream(fixture("edge-rollback.json")));
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.external_id.split("/").pop(), r.status, r.environment, r.version])).toEqual([
      ["105", "failure", "production", "ddd4444"],
      ["104", "failure", "production", "ccc3333"],
      ["103", "success", "production", "aaa1111"],
      ["102", "success", "production", "bbb2222"],
      ["108", "success", "staging", "aaa1111"],
      ["101", "success", "production", "aaa1111"],
    ]);
    expect(records[1]).toMatchObject({
      started_at: Date.parse("2026-09-04T10:00:00Z"),
      finished_at: Date.parse("2026-09-04T10:07:00Z"),
      attributes: { github_state: "failure" },
    });
  });

  it("names the line of a deployment it cannot read", async () => {
    const lines = [
      {
        url: "https://api.github.com/repos/a/b/deployments/1",
        environment: "prod",
        created_at: "soon",
        statuses: [],
      },
      {
        url: "https://api.github.com/repos/a/b/deployments/2",
        created_at: "2026-09-01T00:00:00Z",
        statuses: [],
      },
      {
        url: "https://api.github.com/repos/a/b/deployments/3",
        environment: "prod",
        created_at: "2026-09-01T00:00:00Z",
        statuses: [{ state: "success", created_at: "later" }],
      },
    ];
    const { problems } = await parse(Readable.from(lines.map((l) => `${JSON.stringify(l)}\n`).join("")));
    expect(problems).toEqual([
      { line: 1, problem: 'created_at: "soon" is not an ISO 8601 timestamp' },
      { line: 2, problem: "a deployment needs url and environment" },
      { line: 3, problem: 'statuses: created_at: "later" is not an ISO 8601 timestamp' },
    ]);
  });

  it("claims a deployments listing, not a statuses listing", () => {
    const head = (value: unknown) => ({ head: JSON.stringify([value]), name: "d.json" });
    expect(githubDeployments.detect(head({ sha: "a", statuses_url: "u", statuses: [] }))).toBe(true);
    expect(githubDeployments.detect(head({ state: "success", deployment_url: "u" }))).toBe(false);
  });
});
