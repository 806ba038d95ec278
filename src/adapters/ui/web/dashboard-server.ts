import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { createSecureContext } from 'node:tls';
import { join } from 'node:path';
import type { DeployCommand } from '../../../application/operator/deploy.command';
import type { DeployProgress } from '../../../application/operator/ports/operator.ports';
import type { HistoryCommand } from '../../../application/operator/history.command';
import type { LifecycleAction, LifecycleCommand } from '../../../application/operator/lifecycle.command';
import type { LogsCommand } from '../../../application/operator/logs.command';
import type { PlanCommand } from '../../../application/operator/plan.command';
import type { RollbackCommand } from '../../../application/operator/rollback.command';
import type { ServiceLogLine } from '../../../application/shared/results/log-line';
import type { WatchNodesCommand } from '../../../application/operator/watch-nodes.command';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { assertValidName } from '../../../domain/names/name.value';
import { formatDeploy } from '../../cli/format/deploy.format';
import { formatPlan } from '../../cli/format/plan.format';
import { formatLifecycle } from '../../cli/format/results.format';
import { formatRollback } from '../../cli/format/history.format';
import { ActionBoard } from './action-board';
import { httpError } from './http-errors';
import type { ListenAddress } from './listen-address';
import { LiveHub } from './live-hub';
import { type ActionRow, type HistoryRow, type LogLineRow, type NodeRow, changeRight } from './live-messages';
import { SECURITY_HEADERS, cookieName, cookieValue, newSessionKey, sameKey, sameOrigin, sessionCookie } from './session-guard';

/** The operator's use cases the dashboard drives: the same objects `mcp` commands use. */
export interface DashboardUseCases {
  /** `mcp deploy`'s use case, telling `progress` each step (the dashboard's action board). */
  readonly deploy: (progress: DeployProgress) => DeployCommand;
  readonly lifecycle: LifecycleCommand;
  readonly history: HistoryCommand;
  readonly rollback: RollbackCommand;
  readonly plan: PlanCommand;
  readonly logs: LogsCommand;
  readonly watch: WatchNodesCommand;
  /** The configured nodes' names, in config order. */
  readonly nodeNames: () => Promise<readonly string[]>;
  /** The node a service's definition file names; undefined without a file. */
  readonly definedNode: (service: string) => Promise<string | undefined>;
}

export interface DashboardOptions {
  readonly listen: ListenAddress;
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Where app.js and app.css are (esbuild's output). */
  readonly assetsDir: string;
  readonly now: () => Date;
  /** Given only in tests: a fixed key. */
  readonly key?: string;
}

export interface RunningDashboard {
  /** http://127.0.0.1:9446/?key=… : what the operator opens. */
  readonly url: string;
  readonly origin: string;
  readonly key: string;
  /** `name=key`: the session cookie as the browser sends it. */
  readonly cookie: string;
  close(): Promise<void>;
}

/** The pages a browser may load (each the same document; the script draws the page its URL names). */
const PAGES = ['/', '/nodes', '/events', '/service/:name', '/logs/:target'];

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mcp dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body><div id="app"><p class="loading">loading…</p></div>
<!--snapshot--></body>
</html>
`;

const LIFECYCLE: readonly LifecycleAction[] = ['stop', 'start', 'restart'];

/**
 * `mcp ui`: an HTTP server on the operator's workstation (no new server on
 * the nodes). Every node's state comes from one WatchNodesCommand and is
 * pushed to every open page over server-sent events; actions run the same
 * use cases as the CLI. Every request needs the session key (cookie, or
 * `?key=` once); a POST also needs this dashboard's Origin.
 */
export async function startDashboard(useCases: DashboardUseCases, options: DashboardOptions): Promise<RunningDashboard> {
  const key = options.key ?? newSessionKey();
  const assets = {
    'app.js': { body: readFileSync(join(options.assetsDir, 'app.js')), type: 'text/javascript; charset=utf-8' },
    'app.css': { body: readFileSync(join(options.assetsDir, 'app.css')), type: 'text/css; charset=utf-8' },
  } as const;
  const names = await useCases.nodeNames();
  const hub = new LiveHub(names, options.now());
  const board = new ActionBoard((row) => hub.action(row), options.now);
  const deploy = useCases.deploy(board);
  const stopWatch = new AbortController();
  const secure = options.tls !== undefined;
  const scheme = secure ? 'https' : 'http';

  const app: FastifyInstance = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 64 * 1024,
    ...(options.tls ? { https: tlsFiles(options.tls) } : {}),
  }) as unknown as FastifyInstance;
  const allowedHosts = new Set<string>();
  // Known once listening (port 0 asks the system); no request comes before.
  let cookie = '';

  app.addHook('onRequest', async (req, reply) => {
    for (const [h, v] of Object.entries(SECURITY_HEADERS)) reply.header(h, v);
    const fromUrl = (req.query as Record<string, string | undefined>)['key'];
    if (req.method === 'GET' && sameKey(fromUrl, key)) {
      // The link printed at start: trade the key for the cookie, and drop it from the address bar.
      const url = new URL(req.url, 'http://x');
      url.searchParams.delete('key');
      reply.header('set-cookie', sessionCookie(cookie, key, secure)).redirect(`${url.pathname}${url.search}`, 303);
      return reply;
    }
    if (!sameKey(cookieValue(req.headers.cookie, cookie), key)) {
      return reply.code(401).type('application/json').send({ error: 'no session key: open the URL `mcp ui` printed', code: ErrorCode.Unauthenticated });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (req.method !== 'POST' || !sameOrigin(req.headers.origin, req.headers.host, allowedHosts, scheme)) {
        return reply.code(403).type('application/json').send({ error: 'refused: a change must be a POST from this dashboard’s own pages', code: ErrorCode.PermissionDenied });
      }
    }
    return undefined;
  });
  app.setErrorHandler((e, _req, reply) => {
    const statusCode = (e as { statusCode?: number }).statusCode;
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500 && !(e instanceof DomainError)) {
      return reply.code(statusCode).send({ error: (e as Error).message.split('\n')[0], code: ErrorCode.InvalidArgument });
    }
    const { status, body } = httpError(e);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'no such page', code: 'NOT_FOUND' }));

  // The state as it is goes with the page (a JSON data block: not a script, the CSP still holds), so it draws before its live stream opens.
  const page = () => INDEX.replace('<!--snapshot-->', `<script type="application/json" id="snapshot">${JSON.stringify(hub.snapshot()).replace(/</g, '\\u003c')}</script>`);
  for (const path of PAGES) app.get(path, (_req, reply) => reply.type('text/html; charset=utf-8').send(page()));
  app.get<{ Params: { file: string } }>('/assets/:file', (req, reply) => {
    const asset = assets[req.params.file as keyof typeof assets];
    if (!asset) return reply.code(404).send({ error: `no asset ${req.params.file}`, code: 'NOT_FOUND' });
    return reply.type(asset.type).send(asset.body);
  });

  app.get('/api/live', (req, reply) => {
    const send = openStream(req, reply);
    const leave = hub.join({ send: (m) => send('message', m) });
    req.raw.on('close', leave);
  });

  app.get<{ Params: { name: string } }>('/api/services/:name/history', async (req) => {
    const h = await useCases.history.execute(req.params.name);
    const rows: HistoryRow[] = h.revisions.map((r) => ({
      ...(r.number !== undefined ? { revision: r.number } : {}),
      at: r.at.toISOString(),
      outcome: r.result,
      current: r.number !== undefined && r.number === h.current,
      summary: [r.by, r.components.map((c) => `${c.name}=${c.image}`).join(' '), r.note].filter((s) => s !== '').join(' · '),
    }));
    return { node: h.node, current: h.current ?? null, revisions: rows };
  });

  app.get<{ Params: { name: string } }>('/api/services/:name/plan', async (req) => {
    const plan = await useCases.plan.execute({ services: [req.params.name] });
    return { text: formatPlan(plan), pending: plan.pending };
  });

  app.get<{ Querystring: { target?: string; tail?: string; follow?: string } }>('/api/logs', async (req, reply) => {
    const tail = req.query.tail !== undefined && req.query.tail !== '' ? logTail(req.query.tail) : undefined;
    const send = openStream(req, reply);
    let closed = false;
    let iterator: AsyncIterator<readonly ServiceLogLine[]> | undefined;
    req.raw.on('close', () => {
      closed = true;
      void iterator?.return?.();
    });
    try {
      const stream = await useCases.logs.execute({ target: req.query.target ?? '', follow: req.query.follow === '1', ...(tail !== undefined ? { tail } : {}) });
      iterator = stream.lines[Symbol.asyncIterator]();
      if (closed) void iterator.return?.();
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        for (const l of next.value) {
          const row: LogLineRow = { component: l.component, stream: l.stream, line: l.line, ...(l.time ? { time: l.time.toISOString() } : {}) };
          send('line', row);
        }
      }
      send('end', {});
    } catch (e) {
      send('failure', httpError(e).body);
    }
    reply.raw.end();
  });

  const act = async (service: string, action: ActionRow['action'], run: (id: number) => Promise<{ node: string; outcome: Parameters<ActionBoard['end']>[2]; summary: string }>) => {
    const name = assertValidName('service', service);
    const right = changeRight(await nodeFor(name), name);
    // Refused here only on what a node said; an unknown role lets the use case run, and the node (or its absence) answers in its own words.
    if (right.may === 'no') throw new DomainError(ErrorCode.PermissionDenied, `${right.why}: it may not ${action} ${name}`);
    const busy = board.running(name);
    if (busy) throw new DomainError(ErrorCode.InvalidArgument, `${name}: a ${busy.action} is already running (started ${busy.startedAt})`);
    const id = board.begin(name, action);
    void run(id).then(
      (r) => board.end(id, r.node, r.outcome, r.summary),
      (e: unknown) => board.fail(id, httpError(e).body.error),
    );
    return { id };
  };
  /** The node an action on `service` goes to: the one that holds it, else the one its definition file names (as the use cases locate it). */
  const nodeFor = async (service: string): Promise<NodeRow | undefined> => {
    const holder = hub.nodeOf(service);
    if (holder !== undefined) return holder;
    const named = await useCases.definedNode(service);
    return named === undefined ? undefined : hub.nodeRow(named);
  };
  app.get<{ Params: { name: string } }>('/api/services/:name/node', async (req) => {
    const name = assertValidName('service', req.params.name);
    return { node: (await nodeFor(name))?.node ?? null };
  });

  app.post<{ Params: { name: string } }>('/api/services/:name/deploy', async (req, reply) =>
    reply.code(202).send(
      await act(req.params.name, 'deploy', async () => {
        const r = await deploy.execute({ target: req.params.name });
        return { node: r.node, outcome: r.outcome, summary: formatDeploy(r).split('\n')[0]! };
      }),
    ),
  );
  app.post<{ Params: { name: string }; Body: unknown }>('/api/services/:name/rollback', async (req, reply) => {
    const to = rollbackTarget(req.body);
    return reply.code(202).send(
      await act(req.params.name, 'rollback', async () => {
        const r = await useCases.rollback.execute({ service: req.params.name, ...(to !== undefined ? { to } : {}) });
        return { node: r.node, outcome: r.outcome, summary: formatRollback(r).split('\n')[0]! };
      }),
    );
  });
  for (const action of LIFECYCLE) {
    app.post<{ Params: { name: string } }>(`/api/services/:name/${action}`, async (req, reply) =>
      reply.code(202).send(
        await act(req.params.name, action, async () => {
          const r = await useCases.lifecycle.execute(action, req.params.name);
          return { node: r.node, outcome: r.outcome, summary: formatLifecycle(r).split('\n')[0]! };
        }),
      ),
    );
  }

  await app.listen({ host: options.listen.host, port: options.listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  cookie = cookieName(port);
  for (const h of hostsOf(options.listen.host)) allowedHosts.add(`${h.includes(':') ? `[${h}]` : h}:${port}`.toLowerCase());
  // 0.0.0.0 or [::] is no address a browser can open: the URL names the machine instead.
  const shownHost = unspecified(options.listen.host) ? hostname() : options.listen.host;
  const origin = `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  const watching = useCases.watch.watch(hub, stopWatch.signal).catch(() => undefined);
  return {
    url: `${origin}/?key=${key}`,
    origin,
    key,
    cookie: `${cookie}=${key}`,
    async close() {
      stopWatch.abort();
      await app.close();
      await watching;
    },
  };
}

/** Turns the reply into a server-sent-event stream; returns how to send one event. */
function openStream(req: FastifyRequest, reply: FastifyReply): (event: string, data: unknown) => void {
  reply.hijack();
  reply.raw.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  reply.raw.write(': open\n\n');
  req.socket.setNoDelay(true);
  return (event, data) => {
    if (!reply.raw.writableEnded) reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}

/** The most lines a node sends back per component (the agent's limit, as `mcp logs -n` checks it). */
const MAX_TAIL = 100_000;
/** Revision numbers travel as uint32. */
const MAX_REVISION = 4_294_967_295;

/** `tail=` of /api/logs: checked here, before any node is asked, naming the value. */
function logTail(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n > MAX_TAIL) throw new DomainError(ErrorCode.InvalidArgument, `tail=${text}: use a whole number from 0 to ${MAX_TAIL}`);
  return n;
}

/**
 * A rollback's body: `{"to": N}` (a revision number), or `{"to": "previous"}`
 * for the one before the current (what `mcp rollback` does without --to).
 * Anything else is refused before anything runs: a typo must not roll back
 * to a revision nobody named.
 */
function rollbackTarget(body: unknown): number | undefined {
  const usage = 'a rollback needs {"to": <revision number>} or {"to": "previous"}';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DomainError(ErrorCode.InvalidArgument, `${usage}, got ${shown(body)}`);
  const extra = Object.keys(body).filter((k) => k !== 'to');
  if (extra.length > 0) throw new DomainError(ErrorCode.InvalidArgument, `${usage}: unknown field ${JSON.stringify(extra[0])}`);
  const to = (body as { to?: unknown }).to;
  if (to === undefined) throw new DomainError(ErrorCode.InvalidArgument, `${usage}: no "to"`);
  if (to === 'previous') return undefined;
  if (typeof to !== 'number' || !Number.isInteger(to) || to < 1 || to > MAX_REVISION) {
    throw new DomainError(ErrorCode.InvalidArgument, `to ${shown(to)}: a revision is a whole number from 1 to ${MAX_REVISION}, or "previous"`);
  }
  return to;
}

/** A value from a request as JSON, cut short: an error line stays one short line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function unspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

/**
 * The names a browser may use for this dashboard (its Host header): the
 * listen address and `localhost`; on 0.0.0.0 or [::] (every address), also
 * each of the machine's own addresses, loopback ones included, and its host
 * name. Any other Host is refused for a change (no DNS rebinding).
 */
function hostsOf(listenHost: string): string[] {
  const hosts = [listenHost, 'localhost'];
  if (unspecified(listenHost)) {
    hosts.push(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) hosts.push(a.address.replace(/%.*$/, ''));
    hosts.push('127.0.0.1', '::1');
  }
  return hosts;
}

/** The certificate and key, read and checked as a pair before the server starts: a failure names the flag and the file. */
function tlsFiles(files: { readonly cert: string; readonly key: string }): { cert: Buffer; key: Buffer } {
  const read = (flag: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (e) {
      throw new DomainError(ErrorCode.InvalidArgument, `${flag} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  };
  const pair = { cert: read('--tls-cert', files.cert), key: read('--tls-key', files.key) };
  try {
    createSecureContext(pair);
  } catch (e) {
    throw new DomainError(ErrorCode.InvalidArgument, `--tls-cert ${files.cert} / --tls-key ${files.key}: not a PEM certificate and its private key (${(e as Error).message})`);
  }
  return pair;
}
