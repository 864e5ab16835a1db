import { describe, expect, it } from "vitest";
import { HttpError } from "./http-error.ts";
import type { PdfPrinter } from "./pdf.ts";
import { PdfQueue } from "./pdf-queue.ts";

/** A printer that prints only when the test releases it, and stops when its signal aborts. */
function heldPrinter() {
  const prints: { html: string; signal: AbortSignal; release(): void }[] = [];
  const print: PdfPrinter = (html, signal) =>
    new Promise((resolve, reject) => {
      prints.push({ html, signal, release: () => resolve(Buffer.from(`%PDF ${html}`)) });
      signal.addEventListener("abort", () => reject(new Error("browser closed")), { once: true });
    });
  return { prints, print };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));
const never = () => new AbortController().signal;

describe("the PDF queue", () => {
  it("prints one at a time in order, and refuses beyond the waiting room with 503 and Retry-After", async () => {
    const { prints, print } = heldPrinter();
    const queue = new PdfQueue({ print, maxWaiting: 2, timeoutMs: 30_000 });
    const first = queue.render("a", never());
    const waiting = [queue.render("b", never()), queue.render("c", never())];
    const refused = queue.render("d", never());
    await expect(refused).rejects.toMatchObject({ code: "unavailable", retryAfter: 30 });
    await expect(refused).rejects.toThrow(
      "too many PDF exports at once: one printing and 2 waiting, as many as this server queues; try again shortly",
    );
    await settled();
    expect(prints.map((p) => p.html)).toEqual(["a"]);
    prints[0]?.release();
    expect((await first).toString()).toBe("%PDF a");
    await settled();
    prints[1]?.release();
    await settled();
    prints[2]?.release();
    expect((await Promise.all(waiting)).map(String)).toEqual(["%PDF b", "%PDF c"]);
    expect(prints.map((p) => p.html)).toEqual(["a", "b", "c"]);
  });

  it("drops a waiting request whose client went away without ever printing it", async () => {
    const { prints, print } = heldPrinter();
    const queue = new PdfQueue({ print, maxWaiting: 1 });
    const first = queue.render("a", never());
    const leaving = new AbortController();
    const gone = queue.render("b", leaving.signal);
    leaving.abort("Client connection prematurely closed.");
    await expect(gone).rejects.toThrow("the client closed the connection before the PDF was printed");
    // Its place is free again.
    const third = queue.render("c", never());
    prints[0]?.release();
    await first;
    await settled();
    prints[1]?.release();
    await third;
    expect(prints.map((p) => p.html)).toEqual(["a", "c"]);
  });

  it("stops the print of a request whose client went away, and prints the next", async () => {
    const { prints, print } = heldPrinter();
    const queue = new PdfQueue({ print });
    const leaving = new AbortController();
    const gone = queue.render("a", leaving.signal);
    const next = queue.render("b", never());
    await settled();
    leaving.abort("Client connection prematurely closed.");
    expect(prints[0]?.signal.aborted).toBe(true);
    await expect(gone).rejects.toThrow("the client closed the connection before the PDF was printed");
    await settled();
    prints[1]?.release();
    expect(String(await next)).toBe("%PDF b");
  });

  it("answers with the request's own reason when its time ran out", async () => {
    const { print } = heldPrinter();
    const queue = new PdfQueue({ print });
    const deadline = new AbortController();
    const late = queue.render("a", deadline.signal);
    const reason = new HttpError("timeout", "the request took too long and was stopped");
    deadline.abort(reason);
    await expect(late).rejects.toBe(reason);
  });

  it("stops a print over the time limit with a timeout that says so, and prints the next", async () => {
    const { prints, print } = heldPrinter();
    const queue = new PdfQueue({ print, timeoutMs: 20 });
    const slow = queue.render("a", never());
    const next = queue.render("b", never());
    await expect(slow).rejects.toMatchObject({ code: "timeout" });
    await expect(slow).rejects.toThrow(/^the PDF took longer than .* to print and was stopped$/);
    expect(prints[0]?.signal.aborted).toBe(true);
    await settled();
    prints[1]?.release();
    expect(String(await next)).toBe("%PDF b");
  });

  it("passes a printer's own failure on", async () => {
    const queue = new PdfQueue({ print: () => Promise.reject(new Error("no disk space")) });
    await expect(queue.render("a", never())).rejects.toThrow("no disk space");
  });
});
