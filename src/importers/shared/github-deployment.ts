import type { Deployment } from "../../domains/hygiene/records.ts";

/** The feed of every GitHub deployment, whichever listing it came from: the same deployment is one record. */
export const GITHUB_DEPLOYMENTS_FEED = "github-deployments";

/**
 * What a deployment status makes of its deployment. `inactive` is GitHub's
 * mark on a successful deployment a later one superseded; `pending`,
 * `queued` and `in_progress` leave it unfinished.
 */
export const DEPLOYMENT_OUTCOMES: Readonly<Record<string, Deployment["status"]>> = {
  success: "success",
  inactive: "success",
  failure: "failure",
  error: "failure",
};

/** `https://api.github.com/repos/octocat/example` → `octocat/example`. */
export function repositoryName(url: string | null): string | null {
  if (url === null) return null;
  return /\/repos\/([^/]+\/[^/]+)\/?$/.exec(url)?.[1] ?? null;
}
