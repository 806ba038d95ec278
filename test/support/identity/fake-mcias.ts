import { createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCerts } from '../tls/test-ca';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Mode = 'normal' | 'error500' | 'hang' | 'malformed' | 'missing-fields' | 'validate-401';

/** A small MCIAS speaking the documented JSON, on a real TLS socket. */
export class FakeMcias {
  readonly seen: Seen[] = [];
  mode: Mode = 'normal';
  private server!: Server;
  port = 0;

  constructor(private readonly certs: TestCerts) {}

  async start(): Promise<void> {
    this.server = createHttpsServer({ cert: this.certs.cert, key: this.certs.key }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const send = (status: number, payload: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload);
    };
    if (this.mode === 'hang') return;
    if (this.mode === 'error500') return send(500, '{"error":"database is locked"}');
    if (this.mode === 'malformed') return send(200, '{"valid": tru');
    if (req.method !== 'POST') return send(405, '{"error":"method"}');
    if (req.url === '/v1/auth/login') {
      const creds = JSON.parse(body) as { username: string; password: string };
      if (creds.username === 'kyle' && creds.password === 'hunter2') {
        return send(200, JSON.stringify({ token: 'tok-kyle', expires_at: '2026-02-01T00:00:00Z' }));
      }
      return send(401, '{"error":"invalid credentials"}');
    }
    if (req.url === '/v1/token/validate') {
      if (this.mode === 'validate-401') return send(401, '{"error":"token expired"}');
      if (this.mode === 'missing-fields') return send(200, '{"valid":true,"roles":["admin"]}');
      const auth = req.headers.authorization;
      if (auth === 'Bearer tok-kyle') return send(200, JSON.stringify({ valid: true, username: 'kyle', roles: ['admin'] }));
      if (auth === 'Bearer tok-guest') return send(200, JSON.stringify({ valid: true, username: 'guest', roles: ['viewer', 'ops'] }));
      if (auth === 'Bearer tok-ci') return send(200, JSON.stringify({ valid: true, username: 'ci', roles: ['deployer'] }));
      if (auth === 'Bearer tok-ops') return send(200, JSON.stringify({ valid: true, username: 'ops', roles: ['ops'] }));
      return send(200, '{"valid":false}');
    }
    return send(404, '{"error":"not found"}');
  }
}
