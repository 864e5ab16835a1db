/**
 * Northwind Payments' GitHub deployments for the demo: fraud-scoring moved
 * its delivery to GitHub Actions environments in August 2026, so its
 * deployments are the repository's listing as the `deployments` stream
 * pulls it at the end of October (`GET
 * /repos/northwind/fraud-scoring/deployments`, newest first, each with its
 * statuses, newest first). No randomness: the figures follow from the
 * table below.
 *
 * Every Tuesday from 4 August to 27 October a commit goes to staging at
 * 09:00 and to production at 14:00 UTC (13 weeks). In production:
 * 8 September fails (the model artefact's checksum did not match); the
 * release of 22 September goes live and, declining good payments, is
 * rolled back 48 minutes later by deploying 15 September's commit again;
 * 13 October errors (the runner was lost) and the same commit is deployed
 * again at 15:30. By month, production: August 4 deployments; September 6
 * (1 failed, 1 rollback); October 5 (1 failed). GitHub cannot say whether
 * a pipeline ran a deployment, so none counts as a manual change.
 */
import { createHash } from "node:crypto";
import type { DemoFile } from "./demo-operations.ts";

const REPOSITORY = "northwind/fraud-scoring";
const API = `https://api.github.com/repos/${REPOSITORY}`;
const FIRST_DEPLOYMENT_ID = 2_418_730_512;
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
const FIRST_TUESDAY = Date.UTC(2026, 7, 4);
const WEEKS = 13;
const ACTIONS_BOT = { login: "github-actions[bot]", id: 41_898_282, type: "Bot" };

type Outcome = "success" | "failure" | "error";

interface Release {
  environment: "staging" | "production";
  /** The week (0 = 4 August) whose commit it ships. */
  commitOf: number;
  at: number;
  minutes: number;
  outcome: Outcome;
}

/** Production's departures from the weekly routine, by the day's date. */
const PRODUCTION_EVENTS: Readonly<Record<string, readonly Omit<Release, "environment">[]>> = {
  "2026-09-08": [{ commitOf: 5, at: hm(14, 0), minutes: 6, outcome: "failure" }],
  "2026-09-22": [
    { commitOf: 7, at: hm(14, 0), minutes: 7, outcome: "success" },
    { commitOf: 6, at: hm(14, 55), minutes: 6, outcome: "success" },
  ],
  "2026-10-13": [
    { commitOf: 10, at: hm(14, 0), minutes: 3, outcome: "error" },
    { commitOf: 10, at: hm(15, 30), minutes: 7, outcome: "success" },
  ],
};

function hm(hours: number, minutes: number): number {
  return (hours * 60 + minutes) * MINUTE;
}

/** Every deployment, oldest first. */
function releases(): Release[] {
  const all: Release[] = [];
  for (let week = 0; week < WEEKS; week++) {
    const day = FIRST_TUESDAY + week * WEEK;
    all.push({ environment: "staging", commitOf: week, at: day + hm(9, 0), minutes: 5, outcome: "success" });
    const production = PRODUCTION_EVENTS[iso(day).slice(0, 10)] ?? [
      { commitOf: week, at: hm(14, 0), minutes: 6, outcome: "success" },
    ];
    for (const release of production)
      all.push({ ...release, environment: "production", at: day + release.at });
  }
  return all;
}

/** The commit shipped by a week: a stable SHA made from its number. */
function sha(week: number): string {
  return createHash("sha1").update(`${REPOSITORY} week ${week}`).digest("hex");
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** One deployment as GitHub lists it, with its statuses newest first. */
function deployment(release: Release, index: number, supersededAt: number | undefined) {
  const id = FIRST_DEPLOYMENT_ID + index * 7;
  const url = `${API}/deployments/${id}`;
  const status = (n: number, state: string, at: number) => ({
    url: `${url}/statuses/${id * 10 + n}`,
    id: id * 10 + n,
    state,
    creator: ACTIONS_BOT,
    description: "",
    environment: release.environment,
    target_url: `https://github.com/${REPOSITORY}/actions/runs/${id + 5_000_000}`,
    created_at: iso(at),
    updated_at: iso(at),
    deployment_url: url,
    repository_url: API,
    log_url: `https://github.com/${REPOSITORY}/actions/runs/${id + 5_000_000}`,
  });
  const finished = release.at + release.minutes * MINUTE;
  const statuses = [
    status(1, "queued", release.at + 5_000),
    status(2, "in_progress", release.at + 40_000),
    status(3, release.outcome, finished),
    ...(supersededAt === undefined ? [] : [status(4, "inactive", supersededAt)]),
  ].reverse();
  return {
    url,
    id,
    sha: sha(release.commitOf),
    ref: "main",
    task: "deploy",
    payload: {},
    original_environment: release.environment,
    environment: release.environment,
    description: null,
    creator: ACTIONS_BOT,
    created_at: iso(release.at),
    updated_at: statuses[0]?.created_at,
    statuses_url: `${url}/statuses`,
    repository_url: API,
    transient_environment: false,
    production_environment: release.environment === "production",
    statuses,
  };
}

/** The repository's listing, newest first, as pulled at the end of October. */
export function githubDeploymentsListing(): DemoFile {
  const all = releases();
  const listed = all.map((release, index) => {
    // GitHub marks a successful deployment inactive when the next one in its environment succeeds.
    const next = all
      .slice(index + 1)
      .find((later) => later.environment === release.environment && later.outcome === "success");
    const supersededAt = release.outcome === "success" && next ? next.at + next.minutes * MINUTE : undefined;
    return deployment(release, index, supersededAt);
  });
  return {
    name: "github-deployments-fraud-scoring-2026-10-31.json",
    text: `${JSON.stringify(listed.reverse(), null, 2)}\n`,
  };
}
