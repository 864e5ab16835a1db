import { describe, expect, it } from "vitest";
import type { SourceRunOptions } from "../app/sources/source-reader.ts";
import type { Config } from "../config/schema.ts";
import { createConnectorCursorStore } from "../store/connector-cursor-store.ts";
import type { SourceRun } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES, type TestEngine } from "./engines.ts";
import type { FakeApi } from "./fake-api.ts";
import type { FakeGithubSource } from "./fake-github-source.ts";
import { pulledAndFiledKpis } from "./pulled-and-filed.ts";

/** One GitHub alert stream under test, over the fake GitHub its test file starts. */
export interface GithubStreamUnderTest {
  /** "code-scanning". */
  stream: string;
  /** What the stream says a token needs (its connector's scopes text). */
  needs: string;
  /** The first page's path and query. */
  first: string;
  /** The fake's URL now (its test restarts it). */
  url(): string;
  /** Restarts the fake GitHub with a token that holds only these classic scopes. */
  restartWithScopes(scopes: string): Promise<void>;
  pull(store: Store, options?: SourceRunOptions): Promise<SourceRun>;
}

/** What every GitHub alert stream answers to a refused token: what it needs, never the token. */
export function describeGithubRefusals(under: GithubStreamUnderTest): void {
  describe(`a github source's ${under.stream} refusals`, () => {
    const engine = ENGINES[0] as (typeof ENGINES)[number];

    it("names what the stream needs of a refused token, classic and fine-grained", async () => {
      const { store, dispose } = await createTestStore(engine);
      try {
        const run = await under.pull(store, {
          env: { GITHUB_TOKEN: "ghp_wrong", GITHUB_API_URL: under.url() },
        });
        expect(run).toMatchObject({ outcome: "failed", imported: 0 });
        expect(run.error).toContain(
          `${under.stream}: github: GET ${under.url()}${under.first}: 401, the token was refused: Bad credentials (the ${under.stream} stream needs ${under.needs};`,
        );
        expect(run.error).not.toContain("ghp_wrong");
      } finally {
        await dispose();
      }
    });

    it("names the classic scope a token lacks when GitHub answers 403", async () => {
      await under.restartWithScopes("read:org");
      const { store, dispose } = await createTestStore(engine);
      try {
        const run = await under.pull(store);
        expect(run.error).toContain(
          `403, the token may not do this: Resource not accessible by personal access token; the token lacks scope repo or security_events (the ${under.stream} stream needs`,
        );
        expect(await store.listImports()).toEqual([]);
      } finally {
        await dispose();
      }
    });
  });
}

/** A github source's stream over its fake GitHub, which serves the stream's listing in three pages. */
export interface GithubStream {
  source: FakeGithubSource<FakeApi>;
  /** A config whose source `gh` reads the stream. */
  config: Config;
  /** The first page's path and query. */
  first: string;
  /** What each page's path matches. */
  path: RegExp;
  /** The same listing saved as a file, as a user would import it. */
  file: { format: string; content: Buffer; target: string };
}

/** A first pull reads the three pages by Link and keeps the newest update as the stream's cursor, with the ETag. */
export async function expectThreePagesByLink(
  { source, config, first }: GithubStream,
  store: Store,
  cursor: { stream: string; position: string },
): Promise<void> {
  expect(await source.pull(store, config)).toMatchObject({
    outcome: "ok",
    imported: 3,
    unchanged: 0,
    error: null,
  });
  expect(source.github.requests).toEqual([`GET ${first}`, `GET ${first}&page=2`, `GET ${first}&page=3`]);
  expect((await createConnectorCursorStore(store).read("gh")).get(cursor.stream)).toEqual({
    position: cursor.position,
    etag: expect.stringMatching(/^W\/"/),
  });
}

/** Nothing changed since the last pull: the next asks for the first page once, is answered 304 and imports nothing. */
export async function expectNothingNew({ source, config, first }: GithubStream, store: Store): Promise<void> {
  const before = source.github.requests.length;
  expect(await source.pull(store, config)).toMatchObject({ outcome: "ok", imported: 0, unchanged: 0 });
  expect(source.github.requests.slice(before)).toEqual([`GET ${first}`]);
}

/**
 * Page 3 answers 502 once: the first pull imports two pages, says where it
 * stopped and keeps no cursor; the next imports the third and finds the two
 * others unchanged. `stored` checks what the store then holds.
 */
export function itResumesAfterPageThreeFails(
  stream: GithubStream,
  engine: TestEngine,
  stored: (store: Store) => Promise<void> = async () => {},
): void {
  it("keeps the cursor when page 3 fails, and the next pull completes without counting a page twice", async () => {
    const { source, config, first } = stream;
    const { store, dispose } = await createTestStore(engine);
    try {
      source.github.interrupt({
        method: "GET",
        path: stream.path,
        status: 502,
        skip: 2,
        body: { message: "Server Error" },
      });
      const failed = await source.pull(store, config);
      expect(failed).toMatchObject({ outcome: "failed", imported: 2, unchanged: 0 });
      expect(failed.error).toBe(
        `github: GET ${source.github.url}${first}&page=3: 502: Server Error (run it again: it resumes where it stopped); the pull stopped there and resumes from the last stream it finished`,
      );
      expect(await createConnectorCursorStore(store).read("gh")).toEqual(new Map());
      expect(await source.pull(store, config)).toMatchObject({ outcome: "ok", imported: 1, unchanged: 2 });
      expect(await store.listImports()).toHaveLength(3);
      await stored(store);
    } finally {
      await dispose();
    }
  });
}

/** Page 2 answers 429 once, Retry-After 7 s: the pull waits 7 s and goes on; `requests` checks what it asked. */
export function itWaitsOutRetryAfter(
  stream: GithubStream,
  engine: TestEngine,
  requests: (made: readonly string[]) => void = () => {},
): void {
  it("waits out a 429 for its Retry-After and goes on", async () => {
    const { source, config, path } = stream;
    const { store, dispose } = await createTestStore(engine);
    try {
      source.github.interrupt({
        method: "GET",
        path,
        status: 429,
        headers: { "retry-after": "7" },
        skip: 1,
        body: { message: "API rate limit exceeded" },
      });
      expect(await source.pull(store, config)).toMatchObject({ outcome: "ok", imported: 3 });
      expect(source.waits).toEqual([7000]);
      requests(source.github.requests);
    } finally {
      await dispose();
    }
  });
}

/**
 * The KPIs with a value for the period, pulled into a fresh store, equal
 * those of the listing imported as a file; `expected` checks some by hand.
 */
export function itGivesTheSameKpisPulledAsFiled(
  { source, config, file }: GithubStream,
  engine: TestEngine,
  at: { period: string; now: number },
  expected: (pulled: unknown[][]) => void,
): void {
  it("gives the same KPIs pulled as imported from the same listing saved as a file", async () => {
    const kpis = await pulledAndFiledKpis(engine, (store) => source.pull(store, config), file, {
      ...at,
      config,
    });
    expect(kpis.pulled).toEqual(kpis.filed);
    expected(kpis.pulled);
  });
}
