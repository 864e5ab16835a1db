import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers its n-th request (1-based): a status and headers, or a delay before a 200. */
export type Answer = { status: number; headers?: Record<string, string> } | { delayMs: number };

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A webhook endpoint on loopback (port 0) that records each request and answers as `answer` says. */
export async function startWebhookReceiver(
  answer: (n: number) => Answer = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = answer(received.length);
      if ("delayMs" in reply) {
        const timer = setTimeout(() => response.writeHead(200).end("ok"), reply.delayMs);
        response.on("close", () => clearTimeout(timer));
        return;
      }
      response.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
