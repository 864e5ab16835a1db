import { createServer, type Socket } from "node:net";

export interface HangingServer {
  /** An HTML page whose image comes from this server, so it never finishes loading. */
  page: string;
  /** Connections accepted so far: one means the page is loading. */
  connections(): number;
  close(): Promise<void>;
}

/** A loopback server that accepts connections and never answers them. */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    page: `<!DOCTYPE html><html><body><p>loading</p><img src="http://127.0.0.1:${port}/never.png"></body></html>`,
    connections: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
