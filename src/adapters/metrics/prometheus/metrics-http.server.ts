import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../application/shared/ports/logger.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';

export interface MetricsSource {
  readonly contentType: string;
  text(): Promise<string>;
}

export interface MetricsHttpOptions {
  /** host:port; port 0 lets the kernel pick (tests). */
  readonly listen: string;
  /** When set, a request must carry `Authorization: Bearer <token>` (what Prometheus sends with `authorization`). */
  readonly token?: string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` and nothing else, over plain HTTP: Prometheus scrapes it.
 * Off loopback the config requires a token; it is compared in constant time.
 * A scrape that fails answers 500 with one line and is logged; the agent
 * goes on.
 */
export class MetricsHttpServer {
  private readonly server: Server;
  private readonly expected: Buffer | undefined;

  constructor(private readonly source: MetricsSource, private readonly options: MetricsHttpOptions, private readonly logger: Logger) {
    this.expected = options.token !== undefined ? digest(options.token) : undefined;
    this.server = createServer((req, res) => void this.handle(req, res));
    // Scrapers keep connections alive; none of them may hold shutdown up.
    this.server.keepAliveTimeout = 5_000;
    this.server.requestTimeout = 15_000;
  }

  private authorized(req: IncomingMessage): boolean {
    if (this.expected === undefined) return true;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), this.expected);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return this.reply(res, 404, 'not found: metrics are at /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.reply(res, 405, 'use GET\n', { allow: 'GET, HEAD' });
    if (!this.authorized(req)) return this.reply(res, 401, 'a bearer token is required (metrics.token_file)\n', { 'www-authenticate': 'Bearer' });
    try {
      const body = await this.source.text();
      this.reply(res, 200, req.method === 'HEAD' ? '' : body, { 'content-type': this.source.contentType });
    } catch (e) {
      this.logger.error(`metrics: cannot collect: ${messageOf(e)}`);
      this.reply(res, 500, `cannot collect metrics: ${messageOf(e)}\n`);
    }
  }

  private reply(res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  }

  /** Resolves with the bound port. */
  start(): Promise<number> {
    const at = this.options.listen.lastIndexOf(':');
    const host = this.options.listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    const port = Number(this.options.listen.slice(at + 1));
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(new DomainError(ErrorCode.ConfigInvalid, `metrics.listen: cannot listen on ${this.options.listen}: ${e.message}`));
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
