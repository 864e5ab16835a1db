import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createServer, type ServerDeps } from "./create-server.ts";

export interface ListenOptions {
  port: number;
  host: string;
  /** PEM files: the server terminates TLS itself (HSTS and Secure cookies follow). */
  tls?: { cert: string; key: string };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Puts the app on a port with bounded time per connection: headers must
 * arrive within 10 s and a whole request within 60 s (a slow upload cannot
 * hold a socket forever), idle keep-alive sockets close after 5 s.
 */
export async function startServer(deps: ServerDeps, options: ListenOptions): Promise<RunningServer> {
  const app = createServer({ ...deps, tls: deps.tls ?? options.tls !== undefined });
  const tls = options.tls;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: options.host,
        ...(tls
          ? {
              createServer: createHttpsServer,
              serverOptions: {
                cert: readFileSync(tls.cert),
                key: readFileSync(tls.key),
                minVersion: "TLSv1.2",
              },
            }
          : {}),
      },
      () => resolve(instance),
    );
    instance.once("error", reject);
  });
  const http = server as import("node:http").Server;
  http.headersTimeout = 10_000;
  http.requestTimeout = 60_000;
  http.keepAliveTimeout = 5_000;
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? "https" : "http"}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
