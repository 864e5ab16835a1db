import type { Config } from "../../config/schema.ts";
import { SecmetricsError } from "../../model/errors.ts";
import type { TrackerName } from "../../review/tracker-issue.ts";
import type { ApiHttpOptions } from "../http/api-http.ts";
import { githubAdapter } from "./github.ts";
import { gitlabAdapter } from "./gitlab.ts";
import { jiraAdapter } from "./jira.ts";
import type { TrackerAdapter } from "./tracker-adapter.ts";

/** Where to file, from the command line; the rest comes from the config and the environment. */
export interface TrackerTarget {
  /** GitHub OWNER/NAME. */
  repo?: string;
  /** GitLab project id or path. */
  project?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The adapter of one tracker, configured as CI sets the variables: GitHub
 * from `GITHUB_TOKEN`, `GITHUB_API_URL` and `GITHUB_REPOSITORY` (GitHub
 * Actions; an Enterprise server alike), GitLab from `GITLAB_TOKEN` and
 * `CI_API_V4_URL`/`CI_PROJECT_ID`, Jira from `JIRA_EMAIL` and
 * `JIRA_API_TOKEN`. Tokens are read from the environment only.
 */
export function trackerFor(
  name: TrackerName,
  config: Config,
  env: Environment,
  target: TrackerTarget,
  http: Partial<ApiHttpOptions> = {},
): TrackerAdapter {
  const { label } = config.trackers;
  if (name === "github") {
    const repo = target.repo ?? config.trackers.github?.repo ?? env.GITHUB_REPOSITORY;
    if (!repo)
      throw missing("the repository", "--repo OWNER/NAME (or trackers.github.repo, or GITHUB_REPOSITORY)");
    const token = required(env, "GITHUB_TOKEN", "a token that may write issues");
    return githubAdapter({
      repo,
      token,
      label,
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      http,
    });
  }
  if (name === "gitlab") {
    const project = target.project ?? config.trackers.gitlab?.project ?? env.CI_PROJECT_ID;
    if (!project) throw missing("the project", "--project ID|PATH (or trackers.gitlab.project)");
    const server = config.trackers.gitlab?.url;
    const apiUrl = server
      ? `${server.replace(/\/$/, "")}/api/v4`
      : env.CI_API_V4_URL || "https://gitlab.com/api/v4";
    const token = required(env, "GITLAB_TOKEN", "a token with the api scope");
    return gitlabAdapter({ project, token, label, apiUrl, http });
  }
  const jira = config.trackers.jira;
  if (!jira)
    throw missing("the Jira site and project", "trackers.jira.url and trackers.jira.project in the config");
  return jiraAdapter({
    url: jira.url,
    project: jira.project,
    issueType: jira.issue_type,
    email: required(env, "JIRA_EMAIL", "the Atlassian account the API token belongs to"),
    token: required(env, "JIRA_API_TOKEN", "an Atlassian API token"),
    label,
    http,
  });
}

function required(env: Environment, variable: string, what: string): string {
  const value = env[variable];
  if (!value) throw new SecmetricsError("invalid_config", `${variable} is not set`, `set it to ${what}`);
  return value;
}

function missing(what: string, how: string): SecmetricsError {
  return new SecmetricsError("invalid_argument", `no tracker target: ${what} is not given`, `give ${how}`);
}
