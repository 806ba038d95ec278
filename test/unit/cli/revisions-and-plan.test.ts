import { expect } from 'chai';
import { describeChange } from '../../../src/adapters/cli/format/plan.format';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { Revision } from '../../../src/domain/revision/revision';
import type { ServiceSpec } from '../../../src/domain/service/service-spec';
import { rejection } from '../../support/rejection';
import { SERVICES_DIR, makeSut, runMcp, spec } from './cli-sut';

const AT = new Date('2026-01-10T11:00:00Z');

function rev(number: number | undefined, s: ServiceSpec, note = ''): Revision {
  return {
    service: s.name,
    ...(number !== undefined ? { number } : {}),
    at: AT,
    by: 'kyle',
    result: number === undefined ? 'failed' : 'deployed',
    note,
    spec: s,
    components: s.components.map((c) => ({ name: c.name, image: c.image, imageId: number === undefined ? '' : `id-${c.name}-${number}` })),
  };
}

const v = (tag: string) =>
  spec({ components: [{ name: 'api', image: `registry.example/metacrypt:${tag}`, env: { LOG_LEVEL: 'info', SECRET: 'hunter2' } }, { name: 'web', image: 'registry.example/metacrypt-web:v1.2.0' }] });

describe('CLI history', () => {
  it('asks the file\'s node and prints newest first, REV TIME BY RESULT versions note, the current one marked', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v2'));
    sut.gateways.node('rift').hold(v('v2')).histories.set('metacrypt', [rev(2, v('v2')), rev(undefined, v('v3'), 'api: port in use'), rev(1, v('v1'))]);
    const r = await runMcp(sut, ['history', 'metacrypt']);
    expect(r.code).to.equal(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).to.equal('metacrypt on rift: current revision 2 (marked *)');
    expect(lines[1]).to.match(/^REV\s+TIME\s+BY\s+RESULT\s+VERSIONS\s+NOTE/);
    expect(lines[2]).to.match(/^2\*\s+2026-01-10T11:00:00Z\s+kyle\s+deployed\s+api=v2 web=v1\.2\.0/);
    expect(lines[3]).to.match(/^-\s+.*failed\s+api=v3 web=v1\.2\.0\s+api: port in use/);
    expect(lines[4]).to.match(/^1\s+/);
    expect(sut.gateways.callsTo('history')).to.deep.equal([{ node: 'rift', method: 'history', arg: 'metacrypt' }]);
  });

  it('--json prints the history as is; an empty one says so', async () => {
    const sut = makeSut();
    sut.gateways.node('rift').hold(v('v1'));
    const json = JSON.parse((await runMcp(sut, ['--json', 'history', 'metacrypt'])).stdout);
    expect(json).to.deep.equal({ service: 'metacrypt', node: 'rift', revisions: [] });
    expect((await runMcp(sut, ['history', 'metacrypt'])).stdout).to.equal('metacrypt on rift: no revision yet\nno deploy recorded since revisions were kept\n');
  });

  it('a service no node knows: one line, non-zero', async () => {
    const r = await runMcp(makeSut(), ['history', 'ghost']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^mcp: no definition for ghost: .*\n$/);
  });
});

describe('CLI rollback', () => {
  function held() {
    const sut = makeSut();
    sut.definitions.put(v('v2'));
    sut.gateways.node('rift').hold(v('v2')).histories.set('metacrypt', [rev(2, v('v2')), rev(1, v('v1'))]);
    return sut;
  }

  it('rolls back on the node, then writes the rolled-back spec to the file and says so', async () => {
    const sut = held();
    const r = await runMcp(sut, ['rollback', 'metacrypt']);
    expect(r.code, r.stderr).to.equal(0);
    expect(sut.gateways.callsTo('rollback')).to.deep.equal([{ node: 'rift', method: 'rollback', arg: { service: 'metacrypt' } }]);
    expect(sut.definitions.writes).to.deep.equal([{ op: 'export', path: `${SERVICES_DIR}/metacrypt.toml` }]);
    expect(sut.definitions.files.get(`${SERVICES_DIR}/metacrypt.toml`)).to.deep.equal(v('v1'));
    expect(r.stdout).to.match(/^rolled back metacrypt on rift to revision 1: now revision 3\n/);
    expect(r.stdout).to.contain(`wrote revision 1's spec to ${SERVICES_DIR}/metacrypt.toml (only the lines that differ; comments kept)\n`);
  });

  it('--to N goes to that revision; a file that already says it is left alone', async () => {
    const sut = held();
    const r = await sut.commands.rollback.execute({ service: 'metacrypt', to: 2 });
    expect([r.to, r.revision, r.file]).to.deep.equal([2, 3, { kind: 'unchanged', path: `${SERVICES_DIR}/metacrypt.toml` }]);
    expect(sut.definitions.writes).to.deep.equal([]);
  });

  it('without a file, only the node is told, and the output says nothing was written', async () => {
    const sut = makeSut();
    sut.gateways.node('vade').hold(v('v2', )).histories.set('metacrypt', [rev(2, v('v2')), rev(1, v('v1'))]);
    const r = await runMcp(sut, ['rollback', 'metacrypt']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('no definition file for metacrypt: nothing written');
    expect(sut.definitions.writes).to.deep.equal([]);
  });

  it('a rollback whose deploy failed exits 1 and leaves the file as it was', async () => {
    const sut = held();
    sut.gateways.node('rift').componentFailures.set('api', { code: 'RUNTIME_FAILED', message: 'port in use' });
    const r = await runMcp(sut, ['rollback', 'metacrypt']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/^rollback of metacrypt on rift to revision 1 FAILED\n/);
    expect(r.stdout).to.contain(`${SERVICES_DIR}/metacrypt.toml left as it was`);
    expect(sut.definitions.writes).to.deep.equal([]);
  });

  it('bad input: an unknown revision, no previous revision, a bad --to — one line, non-zero, nothing written', async () => {
    const sut = held();
    const unknown = await runMcp(sut, ['rollback', 'metacrypt', '--to', '9']);
    expect([unknown.code, unknown.stderr]).to.deep.equal([1, 'mcp: service metacrypt has no revision 9\n']);
    sut.gateways.node('rift').histories.set('metacrypt', [rev(1, v('v1'))]);
    const first = await runMcp(sut, ['rollback', 'metacrypt']);
    expect(first.code).to.equal(1);
    expect(first.stderr.split('\n')).to.have.length(2);
    // 4294967296 does not fit the wire's uint32: a usage error here, not the gRPC encoder's INTERNAL.
    for (const bad of ['0', '-1', '1.5', 'x', '4294967296', '1e300']) {
      const r = await runMcp(sut, ['rollback', 'metacrypt', '--to', bad]);
      expect(r.code, bad).to.equal(2);
      expect(r.stderr).to.match(/^mcp: .*revision number.*\n$/);
    }
    expect((await rejection(sut.commands.rollback.execute({ service: 'metacrypt', to: 0 }))).code).to.equal(ErrorCode.InvalidArgument);
    expect(sut.definitions.writes).to.deep.equal([]);
  });
});

/** `mcp plan --detailed-exitcode`: its exit code, then its lines (the output ends with a newline). */
async function planLines(sut: ReturnType<typeof makeSut>): Promise<Array<number | string>> {
  const r = await runMcp(sut, ['plan', '--detailed-exitcode']);
  expect(r.stdout.endsWith('\n'), r.stdout).to.equal(true);
  return [r.code, ...r.stdout.slice(0, -1).split('\n')];
}

describe('CLI plan', () => {
  it('prints ~ + - = ! rows per component with field-level changes, never an env value', async () => {
    const sut = makeSut();
    const onNode = spec({
      components: [
        { name: 'api', image: 'reg/api:v1', env: { LOG_LEVEL: 'info', OLD: 'x', SECRET: 'hunter2' }, ports: ['127.0.0.1:8000:8000'] },
        { name: 'db', image: 'reg/db:v1' },
        { name: 'cache', image: 'reg/cache:v1' },
        { name: 'old', image: 'reg/old:v1' },
      ],
    });
    sut.gateways.node('rift').hold(onNode, { cache: 'exited' });
    sut.definitions.put(
      spec({
        components: [
          { name: 'api', image: 'reg/api:v2', env: { LOG_LEVEL: 'debug', NEW: 'y', SECRET: 'hunter3' }, ports: ['127.0.0.1:9000:9000'], cmd: ['serve'] },
          { name: 'worker', image: 'reg/worker:v1' },
          { name: 'db', image: 'reg/db:v1' },
          { name: 'cache', image: 'reg/cache:v1' },
        ],
      }),
    );
    const r = await runMcp(sut, ['plan']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(
      [
        'metacrypt on rift',
        '  ~ api     image reg/api:v1 -> reg/api:v2; env NEW added; env OLD removed; env LOG_LEVEL changed; env SECRET changed; ports +127.0.0.1:9000:9000 -127.0.0.1:8000:8000; cmd [] -> ["serve"]',
        '  + worker  new component',
        '  = db      unchanged',
        '  ! cache   drift: desired running, observed exited',
        '  - old     not in the file: its container will be removed',
        'changes pending: `mcp deploy <service>` applies them',
        '',
      ].join('\n'),
    );
    expect(r.stdout).to.not.match(/hunter|debug|info/);
    // Reads only: the view, and who the token is there (its scope).
    expect(sut.gateways.calls.every((c) => c.method === 'liveCheck' || c.method === 'whoami')).to.equal(true);
    expect((await runMcp(sut, ['plan', '--detailed-exitcode'])).code).to.equal(4);
    const json = JSON.parse((await runMcp(sut, ['--json', 'plan'])).stdout);
    expect(json.pending).to.equal(true);
    expect(JSON.stringify(json)).to.not.contain('hunter');
    expect(json.services[0].rows[0]).to.deep.include({ mark: '~', component: 'api' });
  });

  it('nothing to change: = rows, exit 0 with --detailed-exitcode', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.gateways.node('rift').hold(v('v1'));
    const r = await runMcp(sut, ['plan', '--detailed-exitcode']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal('metacrypt on rift\n  = api  unchanged\n  = web  unchanged\nnothing to change\n');
  });

  it('a new service is all +; a service a node holds with no file is ? only on node; an inactive file is not a change', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.definitions.put(spec({ name: 'idle', active: false }));
    sut.gateways.node('rift').hold(spec({ name: 'idle' }));
    sut.gateways.node('vade').hold(spec({ name: 'legacy', node: 'vade' }));
    const r = await runMcp(sut, ['plan', '--detailed-exitcode']);
    expect(r.code).to.equal(4);
    expect(r.stdout).to.contain('metacrypt on rift (new service)\n  + api  new component\n  + web  new component\n');
    expect(r.stdout).to.contain('idle on rift\n  = inactive (active = false)');
    expect(r.stdout).to.contain('legacy on vade\n  ? only on node vade (no file)\n');
  });

  it('a node that does not answer: its services get an error row; exit 1 (with or without --detailed-exitcode)', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.gateways.failNode('rift');
    const r = await runMcp(sut, ['plan', '--detailed-exitcode']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('metacrypt on rift\n  error NODE_UNAVAILABLE: node rift unavailable');
    expect((await runMcp(sut, ['plan'])).code).to.equal(1);
  });

  it('a node that does not answer and holds no file: its own ERROR row, exit 1 (also with --detailed-exitcode, over 4); the others plan as usual', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v2'));
    sut.gateways.node('rift').hold(v('v1'));
    sut.gateways.failNode('vade');
    expect(await planLines(sut)).to.deep.equal([
      1,
      'metacrypt on rift',
      '  ~ api  image registry.example/metacrypt:v1 -> registry.example/metacrypt:v2',
      '  = web  unchanged',
      'vade  ERROR NODE_UNAVAILABLE: node vade unavailable: connect ECONNREFUSED',
      'some services could not be planned',
    ]);
    expect((await runMcp(sut, ['plan'])).code).to.equal(1);
    const json = JSON.parse((await runMcp(sut, ['--json', 'plan'])).stdout);
    expect(json.nodeErrors).to.deep.equal([{ node: 'vade', error: { code: ErrorCode.NodeUnavailable, message: 'node vade unavailable: connect ECONNREFUSED' } }]);
    expect([json.failed, json.services.map((p: { service: string }) => p.service)]).to.deep.equal([true, ['metacrypt']]);
    const empty = makeSut();
    empty.gateways.failNode('vade');
    const none = await runMcp(empty, ['plan', '--detailed-exitcode']);
    expect([none.code, none.stdout]).to.deep.equal([1, 'vade  ERROR NODE_UNAVAILABLE: node vade unavailable: connect ECONNREFUSED\nsome services could not be planned\n']);
  });

  it('a scoped token: a file outside its scope is skipped, as sync words it, not a new service, and no pending change', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.definitions.put(spec({ name: 'web-a' }));
    sut.gateways.node('rift').hold(v('v1')).hold(spec({ name: 'web-a' }));
    sut.gateways.node('rift').whoami = { user: 'ci', role: 'viewer', services: ['web-*'] };
    expect(await planLines(sut)).to.deep.equal([0, 'metacrypt on rift', "  skipped: outside the token's scope (web-*)", 'web-a on rift', '  = api  unchanged', '  = web  unchanged', 'nothing to change']);
    const plan = await sut.commands.plan.execute({ services: ['metacrypt'] });
    expect([plan.services[0]!.kind, plan.pending, plan.failed]).to.deep.equal(['skipped', false, false]);
  });

  it('a component using a secret its node does not hold: ! naming it and how to set it; an error (exit 1, also with --detailed-exitcode)', async () => {
    const sut = makeSut();
    const withSecret = (secrets: Record<string, string>) => spec({ components: [{ name: 'api', image: 'reg/api:v1', secrets }, { name: 'web', image: 'reg/web:v1' }] });
    sut.gateways.node('rift').hold(withSecret({ PW: 'pw' }));
    sut.gateways.node('rift').secrets.set('metacrypt', [{ name: 'pw', set: true, version: 1, size: 2, updatedAt: AT, updatedBy: 'kyle', usedBy: ['api'] }]);
    sut.definitions.put(withSecret({ PW: 'pw', OTHER: 'missing-one' }));
    expect(await planLines(sut)).to.deep.equal([
      1,
      'metacrypt on rift',
      '  ! api  secret missing-one not set on rift (mcp secret set metacrypt missing-one); secrets OTHER added',
      '  = web  unchanged',
      'a deploy would be refused: set the missing secrets first',
    ]);
    // Only the node of the files is asked about their secrets.
    expect(sut.gateways.callsTo('liveCheck').map((c) => [c.node, c.arg])).to.deep.equal([['rift', { secretRefs: [{ service: 'metacrypt', name: 'missing-one' }, { service: 'metacrypt', name: 'pw' }] }], ['vade', undefined]]);
    const json = JSON.parse((await runMcp(sut, ['--json', 'plan'])).stdout);
    expect(json.services[0].rows[0]).to.deep.include({ mark: '!', component: 'api', missingSecrets: ['missing-one'] });
    expect(json.failed).to.equal(true);
    // A new service: its components are checked too.
    sut.gateways.node('rift').services.clear();
    expect((await runMcp(sut, ['plan'])).stdout).to.contain('metacrypt on rift (new service)\n  ! api  secret missing-one not set on rift (mcp secret set metacrypt missing-one)\n  + web  new component\n');
    // Once set, the plan is an ordinary one.
    sut.gateways.node('rift').secrets.get('metacrypt')!.push({ name: 'missing-one', set: true, version: 1, size: 1, updatedAt: AT, updatedBy: 'kyle', usedBy: [] });
    expect((await runMcp(sut, ['plan', '--detailed-exitcode'])).code).to.equal(4);
  });

  it('named services only: a file is compared, a name without a file is looked for on the nodes, an unknown one is an error', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.definitions.put(spec({ name: 'other' }));
    sut.gateways.node('vade').hold(spec({ name: 'legacy', node: 'vade' })).hold(spec({ name: 'more', node: 'vade' }));
    const r = await sut.commands.plan.execute({ services: ['metacrypt', 'legacy', 'ghost'] });
    expect(r.services.map((s) => [s.service, s.kind])).to.deep.equal([
      ['metacrypt', 'new'],
      ['legacy', 'only-on-node'],
      ['ghost', 'error'],
    ]);
    expect(r.services[2]!.error).to.deep.equal({ code: ErrorCode.ServiceNotFound, message: `no file ${SERVICES_DIR}/ghost.toml and no node holds ghost` });
    expect(r.failed).to.equal(true);
  });

  it('a named service without a file, while a node does not answer: the error says whom it could not ask', async () => {
    const sut = makeSut();
    sut.gateways.failNode('vade');
    const r = await sut.commands.plan.execute({ services: ['ghost'] });
    expect(r.services.map((s) => [s.service, s.kind, s.error?.message])).to.deep.equal([['ghost', 'error', `no file ${SERVICES_DIR}/ghost.toml and no node holds ghost (no answer from vade)`]]);
    expect(sut.gateways.callsTo('liveCheck').map((c) => c.node).sort()).to.deep.equal(['rift', 'vade']);
  });

  it('with only files named, only their nodes are asked', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.gateways.node('rift').hold(v('v1'));
    await sut.commands.plan.execute({ services: ['metacrypt'] });
    expect(sut.gateways.callsTo('liveCheck').map((c) => c.node)).to.deep.equal(['rift']);
  });

  it('a file naming a node not in the config is that service\'s error row; bad names are refused before any call', async () => {
    const sut = makeSut();
    sut.definitions.put(spec({ node: 'nowhere' }));
    const r = await sut.commands.plan.execute({ services: [] });
    expect(r.services[0]).to.deep.include({ service: 'metacrypt', kind: 'error' });
    expect(r.services[0]!.error!.code).to.equal(ErrorCode.ConfigInvalid);
    const bad = await runMcp(sut, ['plan', '-rf']);
    expect(bad.code).to.equal(2);
    expect((await rejection(sut.commands.plan.execute({ services: ['Bad'] }))).code).to.equal(ErrorCode.InvalidName);
  });

  it('a component the node keeps stopped will be run by deploy: a state change', async () => {
    const sut = makeSut();
    sut.definitions.put(v('v1'));
    sut.gateways.node('rift').hold({ ...v("v1"), active: false }, { api: "exited", web: "exited" });
    const r = await sut.commands.plan.execute({ services: [] });
    expect(r.services[0]!.rows.map((x) => [x.mark, x.changes.map(describeChange).join('; ')])).to.deep.equal([
      ['~', 'state stopped -> running'],
      ['~', 'state stopped -> running'],
    ]);
  });

  it('a health check added, changed or only retimed is a ~ health row', async () => {
    const sut = makeSut();
    const withCheck = (health: Record<string, unknown> | undefined) => spec({ components: [{ name: 'api', image: 'reg/api:v1', ...(health ? { health } : {}) }] as never });
    sut.gateways.node('rift').hold(withCheck({ tcp: '127.0.0.1:80' }));
    for (const [file, text] of [
      [withCheck(undefined), 'health tcp 127.0.0.1:80 -> (none)'],
      [withCheck({ http: 'http://127.0.0.1:80/healthz' }), 'health tcp 127.0.0.1:80 -> http http://127.0.0.1:80/healthz'],
      [withCheck({ tcp: '127.0.0.1:80', retries: 9 }), 'health tcp 127.0.0.1:80 timings changed'],
    ] as const) {
      sut.definitions.put(file);
      const r = await sut.commands.plan.execute({ services: [] });
      expect(r.services[0]!.rows.map((x) => [x.mark, x.changes.map(describeChange).join('; ')])).to.deep.equal([['~', text]]);
    }
  });

  it('describes every kind of field change', () => {
    expect(describeChange({ field: 'volumes', added: ['/a:/a'], removed: [], reordered: false })).to.equal('volumes +/a:/a');
    expect(describeChange({ field: 'ports', added: [], removed: [], reordered: true })).to.equal('ports reordered');
    expect(describeChange({ field: 'network', from: '', to: 'mcpnet' })).to.equal('network (none) -> mcpnet');
    expect(describeChange({ field: 'restart', from: 'always', to: 'no' })).to.equal('restart always -> no');
    expect(describeChange({ field: 'health', from: '', to: 'tcp 127.0.0.1:80' })).to.equal('health (none) -> tcp 127.0.0.1:80');
    expect(describeChange({ field: 'health', from: 'tcp 127.0.0.1:80', to: 'tcp 127.0.0.1:80' })).to.equal('health tcp 127.0.0.1:80 timings changed');
  });

  it('reports a DomainError of the definitions (a bad file) as one line', async () => {
    const sut = makeSut();
    sut.definitions.loadAll = async () => {
      throw new DomainError(ErrorCode.InvalidSpec, `${SERVICES_DIR}/x.toml: components: at least one [[components]] is required`);
    };
    const r = await runMcp(sut, ['plan']);
    expect([r.code, r.stderr]).to.deep.equal([2, `mcp: ${SERVICES_DIR}/x.toml: components: at least one [[components]] is required\n`]);
  });
});
