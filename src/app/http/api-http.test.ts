import { describe, expect, it } from "vitest";
import { missingScope, nextLink, rateLimitWait } from "./api-http.ts";

const NOW = Date.UTC(2026, 9, 2, 8);
const response = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
});

describe("rateLimitWait", () => {
  it.each([
    ["429 with retry-after seconds", response(429, { "retry-after": "7" }), "", 7000],
    [
      "429 with retry-after as an HTTP date, 30 s ahead",
      response(429, { "retry-after": new Date(NOW + 30_000).toUTCString() }),
      "",
      30_000,
    ],
    ["429 naming no time: a minute", response(429), "", 60_000],
    [
      "GitHub primary limit: 403, remaining 0, until reset (NOW + 120 s)",
      response(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120) }),
      "API rate limit exceeded",
      120_000,
    ],
    [
      "GitHub secondary limit with retry-after",
      response(403, { "retry-after": "3" }),
      "secondary rate limit",
      3000,
    ],
    [
      "GitHub secondary limit with only its message: a minute",
      response(403),
      "You have exceeded a secondary rate limit",
      60_000,
    ],
    [
      "a 403 that is no rate limit",
      response(403, { "x-ratelimit-remaining": "4999" }),
      "Resource not accessible by integration",
      null,
    ],
    [
      "AWS throttling: 400 ThrottlingException naming no time",
      response(400, { "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/" }),
      "Rate exceeded",
      60_000,
    ],
    ["a 400 that is no throttling", response(400, { "x-amzn-errortype": "InvalidInputException" }), "", null],
    ["a 500", response(500), "", null],
    ["a 200", response(200, { "x-ratelimit-remaining": "10" }), "", null],
  ])("%s", (_case, answer, message, expected) => {
    expect(rateLimitWait(answer, message, NOW)).toBe(expected);
  });

  it("waits what the caller's back-off says for a limit that names no time, and what a named one says", () => {
    expect(rateLimitWait(response(429), "", NOW, 1500)).toBe(1500);
    expect(rateLimitWait(response(429, { "retry-after": "7" }), "", NOW, 1500)).toBe(7000);
  });
});

describe("nextLink", () => {
  it("takes the next page from a Link header, and none on the last page", () => {
    const header =
      '<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"';
    expect(nextLink(header)).toBe("https://api.github.com/repositories/1/issues?page=2");
    expect(nextLink('<https://api.github.com/repositories/1/issues?page=1>; rel="first"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});

describe("missingScope", () => {
  it.each([
    [
      "a classic token without any scope the request accepts",
      { "x-accepted-oauth-scopes": "security_events, repo", "x-oauth-scopes": "read:org" },
      "the token lacks scope security_events or repo",
    ],
    [
      "a classic token holding one of them",
      { "x-accepted-oauth-scopes": "repo", "x-oauth-scopes": "repo, gist" },
      null,
    ],
    [
      "a fine-grained token: the permission GitHub names",
      { "x-accepted-github-permissions": "vulnerability_alerts=read" },
      "a fine-grained token needs vulnerability_alerts=read",
    ],
    ["no header: the API does not say", {}, null],
  ])("%s", (_case, headers, expected) => {
    expect(missingScope(new Headers(headers))).toBe(expected);
  });
});
