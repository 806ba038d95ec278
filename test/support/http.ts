import { get } from 'node:http';

export function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** A server in a container needs a moment to listen after it was started. */
export async function httpGetEventually(url: string): Promise<string> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await httpGet(url);
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}
