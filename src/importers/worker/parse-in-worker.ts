import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type BatchEntry,
  decodeBatch,
  type ParseJob,
  type ParseMessage,
  reviveError,
  TAKEN,
} from "./parse-protocol.ts";

/** Batches parsed ahead of the writer at most (1000 items each): enough to keep both threads busy. */
const QUEUE_BATCHES = 8;

/**
 * Parses a file in a worker thread while the caller writes what it yields:
 * on two cores the parsing and the store's writing run side by side. Yields
 * batches of items in file order (records in runs of rows, see `RecordRun`);
 * the worker reads ahead by a bounded queue only. An error in the worker (a bad byte, a missing column) is thrown here
 * as the same error the parser threw; the worker ends with the iteration,
 * however it ends (done, thrown, or the caller failing and stopping early).
 */
export async function* parseInWorker(
  job: Omit<ParseJob, "queueBatches">,
  onProgress?: (bytesRead: number) => void,
): AsyncIterable<readonly BatchEntry[]> {
  const worker = new Worker(WORKER.code, {
    eval: WORKER.eval,
    workerData: { ...job, queueBatches: QUEUE_BATCHES } satisfies ParseJob,
  });
  const queue: ParseMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (message: ParseMessage) => {
    queue.push(message);
    notify();
  });
  worker.on("error", (error) => {
    failure ??= error;
    notify();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`the parse worker stopped (exit code ${code}) before the end of ${job.ctx.file}`);
    notify();
  });
  try {
    for (;;) {
      const message = queue.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ("error" in message) throw reviveError(message.error);
      onProgress?.(message.bytesRead);
      if ("done" in message) return;
      worker.postMessage(TAKEN);
      yield decodeBatch(message.entries);
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/**
 * The worker's module beside this one: `.js` in the built CLI, both in
 * `dist/importers/worker/` and in the bundle, where it is an entry point of
 * its own in the one directory of all chunks (scripts/bundle.ts). Under tsx or
 * vitest the sources are `.ts`, and Node 20 does not run a worker's entry
 * module through the loader hooks of `--import tsx`, so the worker starts
 * with a line that registers tsx's loader, then imports its module.
 */
const WORKER = workerModule(new URL(import.meta.url));

function workerModule(self: URL): { code: URL | string; eval: boolean } {
  if (!self.pathname.endsWith(".ts")) return { code: new URL("./parse-worker.js", self), eval: false };
  const tsx = pathToFileURL(tsxLoaderApi(self)).href;
  const module = new URL("./parse-worker.ts", self).href;
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module)}); });`;
  return { code, eval: true };
}

/** tsx's ES module API (its `require` entry resolves to the CommonJS one, which cannot register in a worker). */
function tsxLoaderApi(self: URL): string {
  const manifest = createRequire(self).resolve("tsx/package.json");
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry = exports["./esm/api"]?.import.default;
  if (!entry) throw new Error(`${manifest}: no ES module entry for tsx/esm/api`);
  return join(dirname(manifest), entry);
}
