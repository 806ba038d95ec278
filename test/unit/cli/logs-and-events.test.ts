import { expect } from 'chai';
import type { NodeEvent } from '../../../src/domain/events/transition-event';
import { runCli } from '../../../src/adapters/cli/commander/cli-program';
import { waitFor } from '../../support/wait-for';
import { makeSut, runMcp, spec } from './cli-sut';

const at = (s: number) => new Date(Date.UTC(2026, 0, 10, 11, 0, s));
const t = (service: string, component: string, s: number): NodeEvent => ({ kind: 'transition', service, component, from: 'running', to: 'exited', at: at(s) });

describe('mcp logs', () => {
  function withLogs() {
    const sut = makeSut();
    sut.definitions.put(spec());
    sut.gateways.node('rift').hold(spec());
    sut.gateways.node('rift').logLines.push(
      { component: 'api', stream: 'stdout', time: at(1), line: 'listening on :8443' },
      { component: 'web', stream: 'stderr', time: at(2), line: 'warning: slow' },
    );
    return sut;
  }

  it('prints stdout lines to stdout and stderr lines to stderr, naming the component when there are several', async () => {
    const sut = withLogs();
    const r = await runMcp(sut, ['logs', 'metacrypt']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal('[api] listening on :8443\n');
    expect(r.stderr).to.equal('[web] warning: slow\n');
    expect(sut.gateways.callsTo('logs')[0]!.arg).to.deep.equal({ service: 'metacrypt', follow: false, tail: 100 });
  });

  it('without a file: the components come from the answer that found the node, which is asked nothing more', async () => {
    const sut = withLogs();
    sut.definitions.files.clear();
    const r = await runMcp(sut, ['logs', 'metacrypt']);
    expect(r.stdout).to.equal('[api] listening on :8443\n');
    expect(sut.gateways.calls.map((c) => `${c.node} ${c.method}`).sort()).to.deep.equal(['rift list', 'rift logs', 'vade list']);
  });

  it('a reader that stops after the first line closes the gateway', async () => {
    const sut = withLogs();
    const r = await sut.commands.logs.execute({ target: 'metacrypt', follow: true });
    let first: string | undefined;
    for await (const batch of r.lines) {
      first = batch[0]!.line;
      break;
    }
    expect(first).to.equal('listening on :8443');
    expect(sut.gateways.opened).to.equal(1);
    expect(sut.gateways.closed).to.equal(1);
  });

  it('keeps pace with a slow reader: once stdout says it is full, nothing more is written until it drains', async () => {
    const sut = withLogs();
    sut.gateways.node('rift').logLines.push({ component: 'api', stream: 'stdout', time: at(3), line: 'ready' });
    const written: string[] = [];
    let drain: (() => void) | undefined;
    // A pipe whose reader lags: every write fills it; stderr never does.
    const stdout = { write: (text: string) => (written.push(text), false), once: (_event: 'drain', listener: () => void) => void (drain = listener), isTTY: false, columns: 80 };
    const stderr = { write: (text: string) => void written.push(text) };
    const running = runCli(['logs', 'metacrypt'], { stdout, stderr, now: () => at(0) }, () => sut.commands);
    const drained = async () => {
      const release = await waitFor('mcp logs to wait for stdout to drain', 5000, () => drain, 5);
      drain = undefined;
      await new Promise((r) => setImmediate(r));
      return release;
    };
    const first = await drained();
    expect(written).to.deep.equal(['[api] listening on :8443\n']);
    first();
    const second = await drained();
    expect(written).to.deep.equal(['[api] listening on :8443\n', '[web] warning: slow\n', '[api] ready\n']);
    second();
    expect(await running).to.equal(0);
  });

  it('one component: no prefix; --timestamps puts the engine\'s time first; -n and -f are passed on', async () => {
    const sut = withLogs();
    sut.gateways.node('rift').holdFollow = false;
    const r = await runMcp(sut, ['logs', 'metacrypt/api', '--timestamps', '-n', '5', '-f']);
    expect(r.stdout).to.equal('2026-01-10T11:00:01.000Z listening on :8443\n');
    expect(sut.gateways.callsTo('logs')[0]!.arg).to.deep.equal({ service: 'metacrypt', component: 'api', follow: true, tail: 5 });
  });

  it('--json: one object per line {node, component, stream, time, line}, all on stdout', async () => {
    const r = await runMcp(withLogs(), ['--json', 'logs', 'metacrypt']);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).to.deep.equal([
      { node: 'rift', component: 'api', stream: 'stdout', time: '2026-01-10T11:00:01.000Z', line: 'listening on :8443' },
      { node: 'rift', component: 'web', stream: 'stderr', time: '2026-01-10T11:00:02.000Z', line: 'warning: slow' },
    ]);
  });

  it('--since 10m asks from then on with no line limit; an RFC 3339 time is taken as is', async () => {
    const sut = withLogs();
    await runMcp(sut, ['logs', 'metacrypt', '--since', '10m']);
    await runMcp(sut, ['logs', 'metacrypt', '--since', '2026-01-10T11:00:00Z', '-n', '3']);
    expect(sut.gateways.callsTo('logs').map((c) => c.arg)).to.deep.equal([
      { service: 'metacrypt', follow: false, since: new Date('2026-01-10T11:50:00Z') },
      { service: 'metacrypt', follow: false, tail: 3, since: new Date('2026-01-10T11:00:00Z') },
    ]);
  });

  it('a --since that does not parse, or a bad -n: one line, exit 2, no node asked', async () => {
    const sut = withLogs();
    const since = await runMcp(sut, ['logs', 'metacrypt', '--since', 'yesterday']);
    expect(since.code).to.equal(2);
    expect(since.stderr).to.match(/^mcp: --since "yesterday": not a duration or a time; use a duration like 10m/);
    expect(since.stderr.split('\n')).to.have.length(2);
    const tail = await runMcp(sut, ['logs', 'metacrypt', '-n', '-3']);
    expect(tail.code).to.equal(2);
    expect(sut.gateways.callsTo('logs')).to.deep.equal([]);
  });

  it('an unknown service is one line and exit 1', async () => {
    const sut = withLogs();
    const r = await runMcp(sut, ['logs', 'nope']);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
  });
});

describe('mcp events', () => {
  it('merges the histories of every node by time', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').nodeEvents.push(t('web', 'api', 1), t('web', 'api', 5));
    sut.gateways.node('vade').nodeEvents.push(t('db', 'db', 3));
    const r = await runMcp(sut, ['events']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(
      [
        '2026-01-10T11:00:01.000Z  rift  web/api  transition  running -> exited',
        '2026-01-10T11:00:03.000Z  vade  db/db  transition  running -> exited',
        '2026-01-10T11:00:05.000Z  rift  web/api  transition  running -> exited',
        '',
      ].join('\n'),
    );
  });

  it('shows health and deploy events, and --json one object per line', async () => {
    const sut = makeSut({ nodes: [{ name: 'rift', address: 'a:1' }] });
    sut.gateways.node('rift').nodeEvents.push(
      { kind: 'health', service: 'web', component: 'api', from: 'healthy', to: 'unhealthy', at: at(1), output: 'HTTP 500\nmore' },
      { kind: 'deploy', service: 'web', component: '', outcome: 'deployed', at: at(2), message: 'all gates passed', revision: 4 },
    );
    const text = await runMcp(sut, ['events']);
    expect(text.stdout).to.include('rift  web/api  health  healthy -> unhealthy: HTTP 500\n');
    expect(text.stdout).to.include('rift  web  deploy  deployed (revision 4): all gates passed\n');
    const json = await runMcp(sut, ['--json', 'events']);
    expect(JSON.parse(json.stdout.split('\n')[1]!)).to.deep.equal({ node: 'rift', kind: 'deploy', service: 'web', component: '', outcome: 'deployed', at: '2026-01-10T11:00:02.000Z', message: 'all gates passed', revision: 4 });
  });

  it('a node that fails gets one line on stderr, the others still print, exit 1', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').nodeEvents.push(t('web', 'api', 1));
    sut.gateways.failNode('vade');
    const r = await runMcp(sut, ['events']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('web/api');
    expect(r.stderr).to.match(/^mcp: node vade: .*ECONNREFUSED\n$/);
  });

  it('with a service, nodes that do not hold it are no failure; -f prints history then live events', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(spec({ name: 'web' }));
    sut.gateways.node('rift').nodeEvents.push(t('web', 'api', 1));
    sut.gateways.node('rift').liveEvents.push(t('web', 'api', 9));
    sut.gateways.node('rift').holdFollow = false;
    const r = await runMcp(sut, ['events', 'web', '-f', '--since', '1h']);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout.trim().split('\n').map((l) => l.slice(0, 24))).to.deep.equal(['2026-01-10T11:00:01.000Z', '2026-01-10T11:00:09.000Z']);
    expect(sut.gateways.callsTo('events').map((c) => c.arg)).to.deep.include({ service: 'web', follow: true, since: new Date('2026-01-10T11:00:00Z') });
  });

  it('a --since that does not parse is one line, exit 2', async () => {
    const r = await runMcp(makeSut(), ['events', '--since', '1 hour']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^mcp: --since "1 hour": not a duration or a time; .*\n$/);
  });
});
