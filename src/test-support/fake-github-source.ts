import { afterEach, beforeEach } from "vitest";
import type { SourceRunOptions } from "../app/sources/source-reader.ts";
import { parseConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { SourceRun } from "../store/source-run-store.ts";
import type { Store } from "../store/store.ts";
import type { FakeApi } from "./fake-api.ts";
import { runOnlySource } from "./run-source.ts";

/** The token every fake GitHub of the stream tests accepts. */
export const GITHUB_TOKEN = "ghp_fake0123456789abcdef";

/** A config whose one source, `gh`, reads GitHub daily; `fields` say what (owner, streams, token_env…). */
export function githubSourceConfig(fields: Record<string, unknown>): Config {
  return parseConfig({ sources: [{ name: "gh", kind: "github", schedule: "0 6 * * *", ...fields }] });
}

export interface FakeGithubSource<F extends FakeApi> {
  /** The running test's fake GitHub. */
  readonly github: F;
  /** What each rate limit had the pulls of the running test wait, in ms: a pull never sleeps. */
  readonly waits: readonly number[];
  /** Closes the fake and serves the test from another (a token with other scopes, another owner). */
  restart(start: () => Promise<F>): Promise<void>;
  /** Runs source `gh` of `config` against the fake with the test token, unless `options` say otherwise. */
  pull(store: Store, config: Config, options?: SourceRunOptions, now?: number): Promise<SourceRun>;
}

/**
 * A github source over a fake GitHub, which `start` starts afresh before
 * each test of the calling file and which is closed after it; `now` is
 * when a pull runs unless it says otherwise.
 */
export function useFakeGithubSource<F extends FakeApi>(
  start: () => Promise<F>,
  now: number,
): FakeGithubSource<F> {
  let github: F | undefined;
  const waits: number[] = [];
  const running = (): F => {
    if (!github) throw new Error("the fake GitHub runs only during a test");
    return github;
  };
  beforeEach(async () => {
    github = await start();
    waits.length = 0;
  });
  afterEach(() => running().close());
  return {
    get github() {
      return running();
    },
    waits,
    restart: async (next) => {
      await running().close();
      github = await next();
    },
    pull: (store, config, options = {}, at = now) =>
      runOnlySource(
        store,
        config,
        {
          env: { GITHUB_TOKEN, GITHUB_API_URL: running().url },
          http: { sleep: async (ms) => void waits.push(ms) },
          ...options,
        },
        at,
      ),
  };
}
