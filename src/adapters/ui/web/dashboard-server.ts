import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
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
import { type ActionRow, type HistoryRow, type LogLineRow, type Role, mayChange } from './live-messages';
import { COOKIE, SECURITY_HEADERS, cookieValue, newSessionKey, sameKey, sameOrigin, sessionCookie } from './session-guard';

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
}

export interface DashboardOptions {
  readonly listen: ListenAddress;
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Where app.js and app.css are (esbuild's output). */
  readonly assetsDir: string;
  /**
   * The role of the operator's token on a node until the node itself says
   * (WatchNodesCommand's `role` option, asked once per connection): the
   * buttons shown and the actions allowed follow it, and the node refuses
   * anyway what the token may not do.
   */
  readonly roleOf: (node: string) => Role;
  readonly now: () => Date;
  /** Given only in tests: a fixed key. */
  readonly key?: string;
}

export interface RunningDashboard {
  /** http://127.0.0.1:9446/?key=… : what the operator opens. */
  readonly url: string;
  readonly origin: string;
  readonly key: string;
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
  const hub = new LiveHub(names, options.roleOf, options.now());
  const board = new ActionBoard((row) => hub.action(row), options.now);
  const deploy = useCases.deploy(board);
  const stopWatch = new AbortController();
  const secure = options.tls !== undefined;
  const scheme = secure ? 'https' : 'http';

  const app: FastifyInstance = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: 64 * 1024,
    ...(options.tls ? { https: { cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) } } : {}),
  }) as unknown as FastifyInstance;
  const allowedHosts = new Set<string>();

  app.addHook('onRequest', async (req, reply) => {
    for (const [h, v] of Object.entries(SECURITY_HEADERS)) reply.header(h, v);
    const fromUrl = (req.query as Record<string, string | undefined>)['key'];
    if (req.method === 'GET' && sameKey(fromUrl, key)) {
      // The link printed at start: trade the key for the cookie, and drop it from the address bar.
      const url = new URL(req.url, 'http://x');
      url.searchParams.delete('key');
      reply.header('set-cookie', sessionCookie(key, secure)).redirect(`${url.pathname}${url.search}`, 303);
      return reply;
    }
    if (!sameKey(cookieValue(req.headers.cookie, COOKIE), key)) {
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
    const tail = req.query.tail !== undefined && req.query.tail !== '' ? Number(req.query.tail) : undefined;
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new DomainError(ErrorCode.InvalidArgument, `tail: a whole number ≥ 0, got ${req.query.tail}`);
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

  const act = (service: string, action: ActionRow['action'], run: (id: number) => Promise<{ node: string; outcome: Parameters<ActionBoard['end']>[2]; summary: string }>) => {
    const name = assertValidName('service', service);
    const role = roleForService(name);
    if (!mayChange(role)) throw new DomainError(ErrorCode.PermissionDenied, `your token is a ${role} on the node of ${name}: it may not ${action}`);
    const busy = board.running(name);
    if (busy) throw new DomainError(ErrorCode.InvalidArgument, `${name}: a ${busy.action} is already running (started ${busy.startedAt})`);
    const id = board.begin(name, action);
    void run(id).then(
      (r) => board.end(id, r.node, r.outcome, r.summary),
      (e: unknown) => board.fail(id, httpError(e).body.error),
    );
    return { id };
  };
  const roleForService = (service: string): Role => {
    const holder = hub.nodeOf(service);
    // A service no node holds yet: the least role any node gives decides.
    const roles = holder !== undefined ? [holder.role] : hub.nodeRows().map((n) => n.role);
    return roles.find((r) => r === 'viewer') ?? roles.find((r) => r === 'deployer') ?? 'admin';
  };

  app.post<{ Params: { name: string } }>('/api/services/:name/deploy', async (req, reply) =>
    reply.code(202).send(
      act(req.params.name, 'deploy', async () => {
        const r = await deploy.execute({ target: req.params.name });
        return { node: r.node, outcome: r.outcome, summary: formatDeploy(r).split('\n')[0]! };
      }),
    ),
  );
  app.post<{ Params: { name: string }; Body: { to?: number } | undefined }>('/api/services/:name/rollback', async (req, reply) => {
    const to = req.body?.to;
    return reply.code(202).send(
      act(req.params.name, 'rollback', async () => {
        const r = await useCases.rollback.execute({ service: req.params.name, ...(to !== undefined ? { to } : {}) });
        return { node: r.node, outcome: r.outcome, summary: formatRollback(r).split('\n')[0]! };
      }),
    );
  });
  for (const action of LIFECYCLE) {
    app.post<{ Params: { name: string } }>(`/api/services/:name/${action}`, async (req, reply) =>
      reply.code(202).send(
        act(req.params.name, action, async () => {
          const r = await useCases.lifecycle.execute(action, req.params.name);
          return { node: r.node, outcome: r.outcome, summary: formatLifecycle(r).split('\n')[0]! };
        }),
      ),
    );
  }

  await app.listen({ host: options.listen.host, port: options.listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  const hostPart = options.listen.host.includes(':') ? `[${options.listen.host}]` : options.listen.host;
  for (const h of [`${hostPart}:${port}`, `localhost:${port}`]) allowedHosts.add(h.toLowerCase());
  if (options.listen.host === '127.0.0.1') allowedHosts.add(`127.0.0.1:${port}`);
  const origin = `${scheme}://${hostPart}:${port}`;

  const watching = useCases.watch.watch(hub, stopWatch.signal).catch(() => undefined);
  return {
    url: `${origin}/?key=${key}`,
    origin,
    key,
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
