import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProbeResult } from '../../../application/agent/ports/health-probe.port';

// Enough of the body to say why a check failed; the rest is discarded unread.
const BODY_BYTES = 1024;

/**
 * GET `url` from the node; 2xx and 3xx are healthy (a redirect is an answer,
 * not followed). The timeout covers the whole exchange, connect included.
 * HTTPS checks do not verify the certificate: a check asks "does it answer",
 * and internal services often present a private CA.
 */
export function httpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', agent: false, rejectUnauthorized: false, headers: { 'user-agent': 'mcp-agent health check' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_BYTES) end();
      });
      const end = (): void => {
        const code = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).subarray(0, BODY_BYTES).toString('utf8').trim();
        finish({ ok: code >= 200 && code < 400, output: `HTTP ${code}${body ? ` ${body}` : ''}` });
      };
      res.on('end', end);
      res.on('error', (e) => finish({ ok: false, output: `GET ${url}: ${e.message}` }));
    });
    const timer = setTimeout(() => finish({ ok: false, output: `GET ${url}: no answer within ${timeoutMs}ms` }), timeoutMs);
    req.on('error', (e) => finish({ ok: false, output: `GET ${url}: ${e.message}` }));
    req.end();
  });
}
