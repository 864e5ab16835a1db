import { describe, expect, it } from "vitest";
import { parseConfig } from "./load.ts";

const files = { name: "trivy-nightly", kind: "files", path: "reports/*.json", schedule: "0 2 * * *" };

describe("config sources", () => {
  it("reads a files and a probe source, enabled unless said otherwise, in UTC unless a zone is given", () => {
    const config = parseConfig({
      sources: [
        { ...files, format: "trivy" },
        {
          name: "headers",
          kind: "probe",
          probe: "headers",
          targets: ["https://example.com"],
          schedule: "*/30 * * * *",
          timezone: "Europe/Berlin",
          enabled: false,
        },
      ],
    });
    expect(config.sources).toEqual([
      // catch_up: a missed instant is run once on start, unless a source says otherwise.
      { ...files, format: "trivy", enabled: true, catch_up: true },
      {
        name: "headers",
        kind: "probe",
        probe: "headers",
        targets: ["https://example.com"],
        schedule: "*/30 * * * *",
        timezone: "Europe/Berlin",
        enabled: false,
        catch_up: true,
      },
    ]);
    expect(parseConfig({}).sources).toEqual([]);
  });

  it("names the source whose schedule is not a cron expression", () => {
    expect(() => parseConfig({ sources: [{ ...files, schedule: "61 2 * * *" }] }, "secmetrics.yaml")).toThrow(
      'secmetrics.yaml: sources.0.schedule: source trivy-nightly: "61 2 * * *" is not a cron schedule: Constraint error, got value 61 expected range 0-59',
    );
    expect(() => parseConfig({ sources: [{ ...files, schedule: "daily" }] }, "secmetrics.yaml")).toThrow(
      'source trivy-nightly: "daily" has 1 field; a cron schedule has 5',
    );
  });

  it.each([
    [{ ...files, kind: "ftp" }, "sources.0.kind"],
    [{ ...files, timezone: "Mars/Olympus" }, "not an IANA time zone"],
    [{ name: "tls", kind: "probe", targets: ["db:5432"], schedule: "0 * * * *" }, "targets need a probe"],
    [{ ...files, path: undefined }, "sources.0.path"],
  ])("refuses %j (%s)", (source, message) => {
    expect(() => parseConfig({ sources: [source] })).toThrow(message);
  });

  it("reads a jira source, its credentials named by environment variables only", () => {
    const jira = { name: "sec", kind: "jira", site: "https://example.atlassian.net", jql: "project = SEC" };
    expect(parseConfig({ sources: [{ ...jira, schedule: "*/15 * * * *" }] }).sources[0]).toMatchObject({
      email_env: "JIRA_EMAIL",
      token_env: "JIRA_API_TOKEN",
    });
    expect(() =>
      parseConfig({ sources: [{ ...jira, schedule: "0 * * * *", token_env: "ATATT3x-a-pasted-token" }] }),
    ).toThrow("an environment variable's name");
    expect(() => parseConfig({ sources: [{ ...jira, schedule: "0 * * * *", token: "x" }] })).toThrow(
      'Unrecognized key: "token"',
    );
  });

  it("refuses two sources of one name", () => {
    expect(() => parseConfig({ sources: [files, files] })).toThrow("two sources share a name");
  });

  it("reads a github source with its defaults, and refuses one naming both or neither of a repository and an organization, or a token", () => {
    const github = { name: "gh", kind: "github", schedule: "0 6 * * *" };
    expect(parseConfig({ sources: [{ ...github, repository: "acme/api" }] }).sources).toEqual([
      {
        ...github,
        repository: "acme/api",
        streams: ["dependabot", "code-scanning"],
        token_env: "GITHUB_TOKEN",
        enabled: true,
        catch_up: true,
      },
    ]);
    const problem = "give a repository (OWNER/NAME) or an organization, one of the two";
    expect(() => parseConfig({ sources: [github] })).toThrow(problem);
    expect(() =>
      parseConfig({ sources: [{ ...github, repository: "acme/api", organization: "acme" }] }),
    ).toThrow(problem);
    expect(() =>
      parseConfig({ sources: [{ ...github, organization: "acme", token_env: "ghp_abc-123" }] }),
    ).toThrow("an environment variable's name (the token itself never goes in the config)");
  });
});
