import { createServer } from 'node:net';

/** A 127.0.0.1 port nothing listens on right now: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when something holds 127.0.0.1:`port` (binding it fails with EADDRINUSE). */
export async function portTaken(port: number): Promise<boolean> {
  const server = createServer();
  const taken = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(true) : reject(e)));
    server.listen(port, '127.0.0.1', () => resolve(false));
  });
  if (!taken) await new Promise<void>((resolve) => server.close(() => resolve()));
  return taken;
}
