import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { CHUNK_BYTES } from "../file-source.ts";
import type { ParsedItem } from "../importer.ts";
import { findImporter } from "../registry.ts";
import { encodeBatch, type ParseJob, type ParseMessage, serializeError, TAKEN } from "./parse-protocol.ts";

/**
 * The worker thread of `parseInWorker`: reads, decodes and parses one file
 * while the importing thread writes, and sends the items in batches. It
 * sends at most `queueBatches` batches ahead of the reader, then waits for
 * it, so memory stays flat however far the parsing runs ahead.
 */

/** Items per message: a structured clone is cheaper per item in batches. */
const BATCH_ITEMS = 1000;

const port = parentPort;
if (!port) throw new Error("parse-worker.ts runs as a worker thread");
const job = workerData as ParseJob;
let credit = job.queueBatches;
let taken: (() => void) | undefined;
port.on("message", (message) => {
  if (message !== TAKEN) return;
  credit++;
  taken?.();
  taken = undefined;
});

const post = (message: ParseMessage) => port.postMessage(message);
const send = (items: readonly ParsedItem[]) =>
  post({ entries: encodeBatch(items), bytesRead: input.bytesRead });
const input = createReadStream(job.path, { highWaterMark: CHUNK_BYTES });
let items: ParsedItem[] = [];
try {
  const importer = findImporter(job.format);
  if (importer.input !== "file") throw new Error(`${job.format} does not read a file`);
  for await (const item of importer.parse(input, job.ctx)) {
    items.push(item);
    if (items.length < BATCH_ITEMS) continue;
    while (credit === 0) await new Promise<void>((resolve) => (taken = resolve));
    credit--;
    send(items);
    items = [];
  }
  if (items.length > 0) send(items);
  post({ done: true, bytesRead: input.bytesRead });
} catch (error) {
  // What the parser yielded before it threw goes first, as it would in-thread.
  if (items.length > 0) send(items);
  post({ error: serializeError(error) });
} finally {
  input.destroy();
  port.close();
}
