import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { SecmetricsError } from "../model/errors.ts";
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
 * Time per connection: headers must arrive within 10 s and a whole request
 * within 60 s (a backstop: the app answers 503 after 30 s, PDF 60 s, even to
 * a slow upload), idle keep-alive sockets close after 5 s. Node looks for
 * connections past those limits only every `connectionsCheckingInterval`
 * (30 s unless set, which let a client sending its headers a byte a second
 * keep its socket for 31 s), so it looks every second. Each is read when the
 * server is created, so they go in as options, not properties set afterwards.
 */
const CONNECTION_LIMITS = {
  headersTimeout: 10_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
};

/** Puts the app on a port with the connection limits above. */
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
                ...CONNECTION_LIMITS,
                cert: readPem(tls.cert, "--tls-cert"),
                key: readPem(tls.key, "--tls-key"),
                minVersion: "TLSv1.2",
              },
            }
          : { serverOptions: CONNECTION_LIMITS }),
      },
      () => resolve(instance),
    );
    instance.once("error", (error) => reject(listenError(error, options)));
  });
  const http = server as import("node:http").Server;
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

/** Another process on the port, or a port the user may not bind: said plainly, not as a crash. */
function listenError(error: NodeJS.ErrnoException, options: ListenOptions): Error {
  const where = `${options.host}:${options.port}`;
  if (error.code === "EADDRINUSE")
    return new SecmetricsError(
      "unavailable",
      `cannot listen on ${where}: the port is already in use`,
      "stop what uses it, or choose another --port",
    );
  if (error.code === "EACCES")
    return new SecmetricsError(
      "unavailable",
      `cannot listen on ${where}: permission denied`,
      "ports below 1024 need privileges: choose a --port of 1024 or more",
    );
  if (error.code === "EADDRNOTAVAIL")
    return new SecmetricsError(
      "unavailable",
      `cannot listen on ${where}: no such address on this machine`,
      "choose a --host this machine has, or 0.0.0.0 for all",
    );
  return error;
}

function readPem(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SecmetricsError("not_found", `${option} ${path}: cannot read (${(error as Error).message})`);
  }
}
