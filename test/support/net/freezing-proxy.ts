import { type Server, type Socket, connect, createServer } from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of `target`, whose network can be made to stop answering. */
export interface FreezingProxy {
  /** `127.0.0.1:<port>`: connect here instead of the target. */
  readonly address: string;
  /**
   * From now on nothing is forwarded either way and nothing is closed: what
   * a dropped network looks like to both ends (no FIN, no RST, no answer).
   */
  freeze(): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

export async function startFreezingProxy(target: { host: string; port: number }): Promise<FreezingProxy> {
  const pairs: [Socket, Socket][] = [];
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    pairs.push([client, upstream]);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    if (frozen) {
      client.pause();
      return;
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
