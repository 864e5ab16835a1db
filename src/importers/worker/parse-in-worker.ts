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
 * batches of items in file order (records in runs of rows, see `RecordRun`); the worker reads ahead by a bounded queue
 * only. An error in the worker (a bad byte, a missing column) is thrown here
 * as the same error the parser threw; the worker ends with the iteration,
 * however it ends (done, thrown, or the caller failing and stopping early).
 */
export async function* parseInWorker(
  job: Omit<ParseJob, "queueBatches">,
  onProgress?: (bytesRead: number) => void,
): AsyncIterable<readonly BatchEntry[]> {
  const worker = new Worker(WORKER.url, {
    workerData: { ...job, queueBatches: QUEUE_BATCHES } satisfies ParseJob,
    execArgv: WORKER.execArgv,
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
 * The worker's module beside this one: `.js` in the built CLI; `.ts` when
 * the sources run under tsx or vitest, where the worker thread needs tsx's
 * loader too (vitest's own does not reach worker threads).
 */
const WORKER = workerModule(new URL(import.meta.url));

function workerModule(self: URL): { url: URL; execArgv: string[] | undefined } {
  const typescript = self.pathname.endsWith(".ts");
  const url = new URL(`./parse-worker.${typescript ? "ts" : "js"}`, self);
  if (!typescript || process.execArgv.some((arg) => arg.includes("tsx"))) return { url, execArgv: undefined };
  return { url, execArgv: [...process.execArgv, "--import", "tsx"] };
}
