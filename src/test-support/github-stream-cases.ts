import { describe, expect, it } from "vitest";
import type { SourceRunOptions } from "../app/sources/source-reader.ts";
import { createConnectorCursorStore } from "../store/connector-cursor-store.ts";
import type { SourceRun } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";
import { createTestStore, ENGINES } from "./engines.ts";
import type { FakeApi } from "./fake-api.ts";

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

/**
 * Page 3 of a three-page stream answers 502 once: the first pull imports two
 * pages and keeps no cursor, the next imports the third and finds the two
 * others unchanged. The source is named `gh`.
 */
export async function expectResumeAfterPageThreeFails(
  github: FakeApi,
  path: RegExp,
  store: Store,
  pull: (store: Store) => Promise<SourceRun>,
): Promise<void> {
  github.interrupt({ method: "GET", path, status: 502, skip: 2, body: { message: "Server Error" } });
  expect(await pull(store)).toMatchObject({ outcome: "failed", imported: 2 });
  expect(await createConnectorCursorStore(store).read("gh")).toEqual(new Map());
  expect(await pull(store)).toMatchObject({ outcome: "ok", imported: 1, unchanged: 2 });
}
