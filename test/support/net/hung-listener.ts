import { type Server, type Socket, createServer } from 'node:net';

/**
 * A node that is there and never answers: a TCP server on 127.0.0.1 that
 * accepts every connection and never sends a byte (a wedged agent, a
 * firewall that black-holes after the SYN). It tells which connections the
 * other side has closed, which is how a test sees that a client left
 * nothing open.
 */
export interface HungListener {
  readonly port: number;
  readonly address: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Accepted connections the client has not closed yet. */
  readonly open: number;
  close(): Promise<void>;
}

export async function startHungListener(): Promise<HungListener> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined); // a reset is one way a client leaves
    socket.on('close', () => sockets.delete(socket));
    // Read (and drop) what the client sends, or its FIN would never be seen.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    address: `127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    async close() {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
