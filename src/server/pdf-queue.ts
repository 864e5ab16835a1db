import { formatDuration } from "../model/format.ts";
import { HttpError } from "./http-error.ts";
import type { PdfPrinter } from "./pdf.ts";

/** PDFs waiting for the one being printed; beyond them, 503 with Retry-After. */
export const DEFAULT_PDF_QUEUE = 4;
/** The longest one print may take before its browser is closed and the request answered 503. */
export const DEFAULT_PDF_TIMEOUT_MS = 30_000;

export interface PdfQueueOptions {
  print: PdfPrinter;
  maxWaiting?: number;
  timeoutMs?: number;
}

interface Job {
  html: string;
  signal: AbortSignal;
  resolve(pdf: Buffer): void;
  reject(error: unknown): void;
}

/**
 * Prints one PDF at a time (each print is a browser process, and a burst of
 * requests must not fork a browser each), with a bounded queue behind it.
 * A request whose signal aborts (its client went away, or its time is up)
 * leaves the queue, or has its print stopped; a print over the time limit is
 * stopped too.
 */
export class PdfQueue {
  private readonly waiting: Job[] = [];
  private printing = false;
  private readonly print: PdfPrinter;
  private readonly maxWaiting: number;
  private readonly timeoutMs: number;

  constructor(options: PdfQueueOptions) {
    this.print = options.print;
    this.maxWaiting = options.maxWaiting ?? DEFAULT_PDF_QUEUE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  }

  render(html: string, signal: AbortSignal): Promise<Buffer> {
    if (signal.aborted) return Promise.reject(stopped(signal));
    if (this.printing && this.waiting.length >= this.maxWaiting)
      return Promise.reject(
        new HttpError(
          "unavailable",
          `too many PDF exports at once: one printing and ${this.waiting.length} waiting, as many as this server queues; try again shortly`,
          "the HTML download prints the same page",
          Math.ceil(this.timeoutMs / 1000),
        ),
      );
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = { html, signal, resolve, reject };
      signal.addEventListener(
        "abort",
        () => {
          const index = this.waiting.indexOf(job);
          if (index < 0) return;
          this.waiting.splice(index, 1);
          reject(stopped(signal));
        },
        { once: true },
      );
      this.waiting.push(job);
      this.next();
    });
  }

  private next(): void {
    if (this.printing) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.printing = true;
    const timeLimit = AbortSignal.timeout(this.timeoutMs);
    this.print(job.html, AbortSignal.any([job.signal, timeLimit]))
      .then(job.resolve, (error: unknown) => {
        if (job.signal.aborted) job.reject(stopped(job.signal));
        else if (timeLimit.aborted)
          job.reject(
            new HttpError(
              "timeout",
              `the PDF took longer than ${formatDuration(this.timeoutMs / 1000)} to print and was stopped`,
              "the HTML download prints the same page",
            ),
          );
        else job.reject(error);
      })
      .finally(() => {
        this.printing = false;
        this.next();
      });
  }
}

/** Why a request's work stopped: its own time limit, else its client left. */
function stopped(signal: AbortSignal): Error {
  return signal.reason instanceof HttpError
    ? signal.reason
    : new HttpError("unavailable", "the client closed the connection before the PDF was printed");
}
