import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { rootCertificates } from 'node:tls';
import type { IdentityLogin, LoginResult, TokenValidator } from '../../../application/shared/ports/identity.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { Identity } from '../../../domain/identity/identity';

export interface MciasClientOptions {
  /** `https://host:port`, the `[mcias] server_url`. */
  readonly serverUrl: string;
  /** PEM that verifies the MCIAS server: the bytes, or a path to read. Without it, Node's roots and `extraCaFile`. */
  readonly caCert?: Buffer | string;
  /**
   * NODE_EXTRA_CA_CERTS as the process was given it. The mcp launcher keeps
   * Node from loading it at startup, so it is added here, where Node's roots
   * are used; an unreadable file is left out, as Node itself does.
   */
  readonly extraCaFile?: string;
  readonly serviceName: string;
  readonly timeoutMs?: number;
}

export const DEFAULT_MCIAS_TIMEOUT_MS = 5_000;
// An identity answer is a few hundred bytes; anything far bigger is not MCIAS.
const MAX_RESPONSE_BYTES = 1024 * 1024;

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

/**
 * The MCIAS identity service over HTTPS+JSON (SPEC "Auth"). Anything other
 * than a clear answer — no connection, bad TLS, a timeout, a 5xx, a body that
 * is not the documented JSON — is IDENTITY_UNAVAILABLE, so a broken identity
 * service can never make a token look valid.
 */
export class MciasClient implements TokenValidator, IdentityLogin {
  private readonly base: URL;
  private readonly agent: Agent;
  private readonly timeoutMs: number;

  constructor(private readonly options: MciasClientOptions) {
    let url: URL;
    try {
      url = new URL(options.serverUrl);
    } catch {
      throw new DomainError(ErrorCode.ConfigInvalid, `[mcias] server_url ${JSON.stringify(options.serverUrl)} is not a URL`);
    }
    if (url.protocol !== 'https:') {
      throw new DomainError(ErrorCode.ConfigInvalid, `[mcias] server_url ${JSON.stringify(options.serverUrl)} must start with https:// (tokens never travel in clear)`);
    }
    if (!options.serviceName) throw new DomainError(ErrorCode.ConfigInvalid, '[mcias] service_name is empty');
    this.base = url;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_MCIAS_TIMEOUT_MS;
    this.agent = new Agent({ keepAlive: true, maxSockets: 8, ca: loadCa(options.caCert) ?? nodeRootsWith(options.extraCaFile) });
  }

  async validate(token: string): Promise<Identity | undefined> {
    // A token that cannot even be put in a header is simply not a token.
    if (token.length === 0 || !/^[\x21-\x7e]+$/.test(token)) return undefined;
    const answer = await this.post('/v1/token/validate', undefined, { authorization: `Bearer ${token}` });
    if (answer.status === 401 || answer.status === 403) return undefined;
    const body = this.expectJson(answer, 'token validation');
    if (body.valid === false) return undefined;
    if (body.valid !== true) throw this.malformed('token validation', '"valid" is not true or false');
    if (typeof body.username !== 'string' || body.username.length === 0) throw this.malformed('token validation', '"username" is missing');
    if (!Array.isArray(body.roles) || !body.roles.every((r): r is string => typeof r === 'string')) {
      throw this.malformed('token validation', '"roles" is not a list of strings');
    }
    return { username: body.username, roles: [...body.roles] };
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const answer = await this.post('/v1/auth/login', { username, password, service_name: this.options.serviceName });
    if (answer.status === 401 || answer.status === 403) {
      throw new DomainError(ErrorCode.Unauthenticated, `login refused by MCIAS: ${explanationOf(answer) ?? `HTTP ${answer.status}`}`);
    }
    const body = this.expectJson(answer, 'login');
    if (typeof body.token !== 'string' || body.token.length === 0) throw this.malformed('login', '"token" is missing');
    const expiresAt = parseExpiry(body.expires_at);
    return expiresAt ? { token: body.token, expiresAt } : { token: body.token };
  }

  /** Drops idle keep-alive connections (the process can then exit promptly). */
  close(): void {
    this.agent.destroy();
  }

  private expectJson(answer: HttpAnswer, what: string): Record<string, unknown> {
    if (answer.status !== 200) {
      const why = explanationOf(answer);
      throw this.unavailable(`${what} answered HTTP ${answer.status}${why ? `: ${why}` : ''}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw this.malformed(what, 'the body is not JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw this.malformed(what, 'the body is not a JSON object');
    return parsed as Record<string, unknown>;
  }

  private post(path: string, json: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const payload = json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json), 'utf8');
    const url = new URL(path.replace(/^\//, ''), this.base.href.endsWith('/') ? this.base.href : `${this.base.href}/`);
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const finish = (err: DomainError | undefined, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(answer!);
      };
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            ...headers,
            accept: 'application/json',
            ...(json === undefined ? {} : { 'content-type': 'application/json' }),
            'content-length': String(payload.length),
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              finish(this.unavailable(`answer to ${path} is larger than ${MAX_RESPONSE_BYTES} bytes`));
              req.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => finish(this.transportError(e)));
          res.on('aborted', () => finish(this.unavailable(`connection closed in the middle of the answer to ${path}`)));
        },
      );
      const timer = setTimeout(() => {
        finish(this.unavailable(`no answer from ${path} within ${this.timeoutMs} ms`));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e) => finish(this.transportError(e)));
      req.end(payload);
    });
  }

  private transportError(e: unknown): DomainError {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'ECONNREFUSED') return this.unavailable('connection refused');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return this.unavailable(`cannot resolve ${this.base.hostname}`);
    if (code === 'ECONNRESET') return this.unavailable('connection reset');
    if (TLS_ERROR_CODES.has(code) || /certificate|tls|ssl/i.test(messageOf(e))) {
      return this.unavailable(`TLS verification failed (${code || messageOf(e)}): check [mcias] ca_cert and the server's certificate`);
    }
    return this.unavailable(`${code ? `${code}: ` : ''}${messageOf(e)}`);
  }

  private malformed(what: string, why: string): DomainError {
    return this.unavailable(`malformed ${what} answer: ${why}`);
  }

  private unavailable(why: string): DomainError {
    return new DomainError(ErrorCode.IdentityUnavailable, `MCIAS at ${this.base.origin} unavailable: ${why}`);
  }
}

function loadCa(caCert: Buffer | string | undefined): Buffer | undefined {
  if (caCert === undefined) return undefined;
  if (Buffer.isBuffer(caCert)) return caCert;
  try {
    return readFileSync(caCert);
  } catch (e) {
    throw new DomainError(ErrorCode.ConfigInvalid, `[mcias] ca_cert ${caCert} cannot be read: ${messageOf(e)}`);
  }
}

function nodeRootsWith(extraCaFile: string | undefined): string[] | undefined {
  if (extraCaFile === undefined || extraCaFile === '') return undefined;
  try {
    return [...rootCertificates, readFileSync(extraCaFile, 'utf8')];
  } catch {
    return undefined;
  }
}

/** The server's own explanation, if it gave one. */
function explanationOf(answer: HttpAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    for (const key of ['error', 'message', 'detail']) {
      if (typeof body[key] === 'string' && body[key]) return oneLine(body[key] as string);
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return oneLine(answer.body) || undefined;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** RFC 3339 text or Unix seconds; anything else is dropped (the expiry is advisory for the CLI). */
function parseExpiry(value: unknown): Date | undefined {
  if (typeof value === 'string' && value) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return new Date(value * 1000);
  return undefined;
}
