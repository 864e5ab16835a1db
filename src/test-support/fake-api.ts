import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A JSON API on loopback for tests of what talks to one (the tracker
 * adapters, the connectors): every request recorded, each answered by the
 * caller's route, and `interrupt` makes the next matching requests fail as a
 * rate limit or an outage would.
 */

export interface Interruption {
  method: string;
  path: RegExp;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  times: number;
  /** Matching requests let through before the interruption starts. */
  skip: number;
}

export interface FakeApi {
  url: string;
  /** Every request as "METHOD /path?query". */
  requests: string[];
  interrupt(interruption: Partial<Interruption> & Pick<Interruption, "method" | "path" | "status">): void;
  close(): Promise<void>;
}

export type Reply = (status: number, body?: unknown, headers?: Record<string, string>) => void;
export type Route = (method: string, url: URL, body: unknown, reply: Reply, req: IncomingMessage) => void;

export async function startFakeApi(route: Route): Promise<FakeApi> {
  const requests: string[] = [];
  const interruptions: Interruption[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = req.method ?? "GET";
      requests.push(`${method} ${url.pathname}${url.search}`);
      const reply: Reply = (status, body, headers = {}) => {
        res.writeHead(status, {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const cut = interruptions.find((i) => i.times > 0 && i.method === method && i.path.test(url.pathname));
      if (cut && cut.skip > 0) cut.skip -= 1;
      else if (cut) {
        cut.times -= 1;
        return reply(cut.status, cut.body, cut.headers);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      route(method, url, text ? JSON.parse(text) : undefined, reply, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    interrupt: (i) =>
      interruptions.push({ headers: {}, body: { message: "interrupted" }, times: 1, skip: 0, ...i }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One page of `items` by `page` and `per_page` (the fake's own page size when smaller, to exercise paging). */
export function pageOf<T>(items: T[], url: URL, pageSize: number) {
  const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), pageSize);
  const page = Number(url.searchParams.get("page") ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const next = new URL(url);
  next.searchParams.set("page", String(page + 1));
  return { items: items.slice((page - 1) * perPage, page * perPage), page, last, next };
}
