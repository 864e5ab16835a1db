import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestStore, ENGINES } from "../../test-support/engines.ts";
import { buildTestServer, serverForSuite, TEST_PERIOD, type TestServer } from "../../test-support/server.ts";
import { createServer } from "../create-server.ts";
import type { PdfPrinter } from "../pdf.ts";

const PDF_PATH = `/reports/scorecard.pdf?period=${TEST_PERIOD}`;

/** A printer that prints only when released, and stops when its signal aborts. */
function heldPrinter() {
  const prints: { signal: AbortSignal; release(): void }[] = [];
  const print: PdfPrinter = (_html, signal) =>
    new Promise((resolve, reject) => {
      prints.push({ signal, release: () => resolve(Buffer.from("%PDF-1.7 fake")) });
      signal.addEventListener("abort", () => reject(new Error("browser closed")), { once: true });
    });
  return { prints, print };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

/** PDF export with the printer faked: the queue, the time limit and cancellation as the route wires them. */
describe("the scorecard PDF download", () => {
  let server: TestServer;
  serverForSuite((built) => {
    server = built;
  });

  const viewer = (init: RequestInit = {}) => ({
    ...init,
    headers: { authorization: `Bearer ${server.tokens.viewer}` },
  });
  const exports = async () =>
    (await server.auth.auditLog({ limit: 1000 })).filter((entry) => entry.action === "export").length;

  it("answers 503 with Retry-After beyond the queue, and audits only the PDFs delivered", async () => {
    const { prints, print } = heldPrinter();
    // No waiting room: while one PDF prints, the next is refused.
    const app = createServer({ ...server.deps, pdf: { print, maxWaiting: 0 } });
    const before = await exports();
    const accepted = app.request(PDF_PATH, viewer());
    await vi.waitFor(() => expect(prints).toHaveLength(1));
    const refused = await app.request(PDF_PATH, viewer());
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(await refused.json()).toEqual({
      error: {
        code: "unavailable",
        message:
          "too many PDF exports at once: one printing and 0 waiting, as many as this server queues; try again shortly",
        hint: "the HTML download prints the same page",
      },
    });
    prints[0]?.release();
    const delivered = await accepted;
    expect(delivered.status).toBe(200);
    expect(delivered.headers.get("content-type")).toBe("application/pdf");
    expect(await exports()).toBe(before + 1);
  });

  it("stops a print that runs past the time limit with 503 and the reason", async () => {
    const { prints, print } = heldPrinter();
    const app = createServer({ ...server.deps, pdf: { print, timeoutMs: 20 } });
    const before = await exports();
    const response = await app.request(PDF_PATH, viewer());
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("timeout");
    expect(body.error.message).toMatch(/^the PDF took longer than .* to print and was stopped$/);
    expect(prints[0]?.signal.aborted).toBe(true);
    expect(await exports()).toBe(before);
  });

  it("drops a waiting request and stops a printing one when their clients go away", async () => {
    const { prints, print } = heldPrinter();
    const app = createServer({ ...server.deps, pdf: { print } });
    const before = await exports();
    const printingClient = new AbortController();
    const waitingClient = new AbortController();
    const printing = app.request(PDF_PATH, viewer({ signal: printingClient.signal }));
    await vi.waitFor(() => expect(prints).toHaveLength(1));
    const waiting = app.request(PDF_PATH, viewer({ signal: waitingClient.signal }));
    await settled();
    waitingClient.abort("Client connection prematurely closed.");
    expect((await waiting).status).toBe(503);
    printingClient.abort("Client connection prematurely closed.");
    expect((await printing).status).toBe(503);
    expect(prints).toHaveLength(1);
    expect(prints[0]?.signal.aborted).toBe(true);
    expect(await exports()).toBe(before);
  });

  it("stops the print when the request runs out of time", async () => {
    const { prints, print } = heldPrinter();
    // PDF requests get twice the request time limit: 40 ms here.
    const app = createServer({ ...server.deps, requestTimeoutMs: 20, pdf: { print } });
    const response = await app.request(PDF_PATH, viewer());
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "the request took too long and was stopped",
    );
    expect(prints[0]?.signal.aborted).toBe(true);
  });
});
