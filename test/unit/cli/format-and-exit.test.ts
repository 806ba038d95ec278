import { expect } from 'chai';
import type { NodeResult } from '../../../src/application/operator/support/fan-out';
import type { NodeStatus } from '../../../src/application/shared/results/service-status';
import type { NodeView } from '../../../src/application/shared/results/service-view';
import type { ServiceOutcome } from '../../../src/application/shared/results/component-outcome';
import { exitCodeOfOutcome, exitCodeOfRows } from '../../../src/adapters/cli/commander/exit-code';
import { ExitCode, exitCodeFor } from '../../../src/adapters/process/error-edge';
import { formatDeploy } from '../../../src/adapters/cli/format/deploy.format';
import { formatRollback } from '../../../src/adapters/cli/format/history.format';
import { nodesJson } from '../../../src/adapters/cli/format/json';
import { formatList, formatPs, formatStatus } from '../../../src/adapters/cli/format/node-views.format';
import { renderTable } from '../../../src/adapters/cli/format/table';
import { imageName, shortVersion, uptime } from '../../../src/adapters/cli/format/text';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { FakeNode } from '../../fakes/fake-agent-gateway';
import { spec } from './cli-sut';

const LONG_IMAGE = 'registry.very-long-domain.example.com:5000/team/infrastructure/metacrypt-api-server:v1.2.0-rc.17+build.20260101';

function view(node: FakeNode): NodeView {
  return { node: node.name, services: [...node.services.values()], unmanaged: node.unmanaged };
}

function rows(): NodeResult<NodeView>[] {
  const rift = new FakeNode('rift').hold(spec({ components: [{ name: 'api', image: LONG_IMAGE }, { name: 'web', image: 'reg/web@sha256:0123456789abcdef0123456789abcdef' }] }), { web: 'exited' }, new Date('2026-01-10T09:55:00Z'));
  rift.unmanaged = [{ name: 'stray', image: 'docker.io/library/redis:7', observed: 'running' }];
  return [
    { node: 'rift', ok: true, value: view(rift) },
    { node: 'vade', ok: false, error: { code: 'NODE_UNAVAILABLE', message: 'node vade unavailable: connect ECONNREFUSED 10.0.0.2:9444' } },
  ];
}

function widest(text: string, except?: RegExp): number {
  return Math.max(...text.split('\n').filter((l) => !except || !except.test(l)).map((l) => l.length));
}

describe('CLI formatting', () => {
  it('renderTable fits 80 columns by cutting only shrinkable columns, marking the cut', () => {
    const out = renderTable([{ header: 'A' }, { header: 'B', shrink: true, min: 10 }], [['keep-me-whole', 'x'.repeat(200)], { line: 'E'.repeat(120) }]);
    const lines = out.trimEnd().split('\n');
    expect(lines[1]!.startsWith('keep-me-whole  ')).to.equal(true);
    expect(lines[1]!.length).to.be.at.most(80);
    expect(lines[1]!.startsWith('keep-me-whole  …')).to.equal(true);
    expect(lines[2]).to.equal('E'.repeat(120));
  });

  it('list: one row per component, unmanaged too, image without tag, error row for a dead node, ≤ 80 columns', () => {
    const out = formatList(rows());
    expect(widest(out, /ERROR/)).to.be.at.most(80);
    expect(out).to.match(/^NODE\s+SERVICE\s+COMPONENT\s+DESIRED\s+OBSERVED\s+VERSION\s+IMAGE$/m);
    expect(out).to.match(/^rift\s+metacrypt\s+web\s+running\s+exited\s+sha256:\S+…\s+reg\/web$/m);
    expect(out).to.match(/^rift\s+\(unmanaged\)\s+stray\s+ignore\s+running\s+-\s+\S*redis$/m);
    expect(out).to.contain('vade  ERROR NODE_UNAVAILABLE: node vade unavailable: connect ECONNREFUSED 10.0.0.2:9444');
    expect(out).to.contain('v1.2.0-rc.17+bu…');
    expect(out).to.match(/^rift\s+metacrypt\s+api\s+running\s+running\s+v1\.2\.0-rc\.17\+bu…\s+…\S*api-server$/m);
  });

  it('ps: uptime from startedAt for running containers, version, ≤ 80 columns', () => {
    const out = formatPs(rows(), new Date('2026-01-10T12:00:00Z'));
    expect(widest(out, /ERROR/)).to.be.at.most(80);
    expect(out).to.match(/^NODE\s+CONTAINER\s+STATE\s+HEALTH\s+UPTIME\s+VERSION\s+IMAGE$/m);
    expect(out).to.match(/^rift\s+metacrypt-api\s+running\s+none\s+2h5m\s+v1\.2\.0-rc\.17\+bu…/m);
    expect(out).to.match(/^rift\s+metacrypt-web\s+exited\s+none\s+-\s+/m);
    expect(out).to.match(/…\S*api-server$/m);
  });

  it('status: a DRIFT marker on drifting components only, a drift summary, recent events', () => {
    const rift = new FakeNode('rift').hold(spec(), { web: 'exited' });
    const status: NodeStatus = {
      node: 'rift',
      services: [...rift.services.values()].map((service) => ({ service, recentEvents: [{ kind: 'transition', service: 'metacrypt', component: 'web', from: 'running', to: 'exited', at: new Date('2026-01-10T11:00:00Z') }] })),
    };
    const out = formatStatus([{ node: 'rift', ok: true, value: status }]);
    expect(widest(out)).to.be.at.most(80);
    expect(out).to.match(/^rift\s+metacrypt\s+web\s+running\s+exited\s+none\s+DRIFT\s+v1\.2\.0$/m);
    expect(out).to.match(/^rift\s+metacrypt\s+api\s+running\s+running\s+none\s+v1\.2\.0$/m);
    expect(out).to.contain('! 1 component(s) drifting: rift/metacrypt/web (running, exited)');
    expect(out).to.contain('2026-01-10T11:00:00Z  rift  metacrypt/web  running -> exited');
    const calm = formatStatus([{ node: 'rift', ok: true, value: { node: 'rift', services: [] } }]);
    expect(calm).to.contain('no drift');
    const unanswered = formatStatus([{ node: 'rift', ok: false, error: { code: 'SERVICE_NOT_FOUND', message: 'node rift: service ghost is not known on node rift' } }]);
    expect(unanswered).to.not.contain('no drift');
    const partly = formatStatus([
      { node: 'rift', ok: true, value: { node: 'rift', services: [] } },
      { node: 'vade', ok: false, error: { code: 'NODE_UNAVAILABLE', message: 'node vade unavailable: connection refused' } },
    ]);
    expect(partly).to.contain('\nno drift on the node(s) that answered; 1 did not\n');
  });

  it('JSON of a fan-out: { nodes: [{ node, ok, ...value } | { node, ok: false, error }] }, dates as ISO strings', () => {
    const parsed = JSON.parse(nodesJson(rows()));
    expect(Object.keys(parsed)).to.deep.equal(['nodes']);
    expect(parsed.nodes[0]).to.include({ node: 'rift', ok: true });
    expect(parsed.nodes[0].services[0].components[0]).to.include({ name: 'api', container: 'metacrypt-api', desired: 'running', observed: 'running', drift: false, startedAt: '2026-01-10T09:55:00.000Z' });
    expect(parsed.nodes[0].unmanaged).to.deep.equal([{ name: 'stray', image: 'docker.io/library/redis:7', observed: 'running' }]);
    expect(parsed.nodes[1]).to.deep.equal({ node: 'vade', ok: false, error: { code: 'NODE_UNAVAILABLE', message: 'node vade unavailable: connect ECONNREFUSED 10.0.0.2:9444' } });
  });

  it('a deploy or rollback that failed: the failed component FAILED with its error, the ones put back `restored` without one', () => {
    const outcome: ServiceOutcome = {
      service: 'metacrypt',
      results: [
        { component: 'api', container: 'metacrypt-api', ok: false, restored: true, error: { code: 'DEPLOY_UNDONE', message: 'restored: the deploy failed at web' } },
        { component: 'web', container: 'metacrypt-web', ok: false, restored: true, error: { code: 'HEALTH_CHECK_FAILED', message: 'web never became healthy' } },
      ],
    };
    const deploy = formatDeploy({ node: 'rift', source: { kind: 'agent' }, outcome });
    const rollback = formatRollback({ node: 'rift', outcome, to: 1, spec: spec(), file: { kind: 'none' } });
    for (const out of [deploy, rollback]) {
      expect(out).to.match(/^restored\s+metacrypt-api\s/m);
      expect(out).to.match(/^FAILED\s+metacrypt-web\s/m);
      expect(out).to.contain('  web: HEALTH_CHECK_FAILED: web never became healthy\n');
      expect(out).to.not.contain('DEPLOY_UNDONE');
    }
    expect(deploy).to.match(/^deploy of metacrypt on rift FAILED at web; every component is back as it was\n/);
  });

  it('text helpers: image without tag or digest, short versions, uptime', () => {
    expect(imageName('host:5000/img')).to.equal('host:5000/img');
    expect(imageName('reg/img:v1')).to.equal('reg/img');
    expect(imageName('reg/img@sha256:abc')).to.equal('reg/img');
    expect(shortVersion('')).to.equal('-');
    expect(uptime(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-03T05:00:00Z'))).to.equal('2d5h');
    expect(uptime(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:42Z'))).to.equal('42s');
    expect(uptime(undefined, new Date())).to.equal('-');
  });
});

describe('CLI exit codes', () => {
  it('maps every error code: usage/config 2, auth 3, anything else 1', () => {
    const expected: Record<string, number> = {
      INVALID_NAME: 2, INVALID_SPEC: 2, INVALID_PATH: 2, INVALID_ARGUMENT: 2, EXPORT_UNSUPPORTED: 2, CONFIG_INVALID: 2, REGISTRY_CORRUPT: 2,
      UNAUTHENTICATED: 3, PERMISSION_DENIED: 3,
    };
    for (const code of Object.values(ErrorCode)) expect(exitCodeFor(code), code).to.equal(expected[code] ?? 1);
    expect(exitCodeFor(undefined)).to.equal(ExitCode.Failed);
  });

  it('a failed component or a node error row fails the command; all-auth rows say 3', () => {
    expect(exitCodeOfOutcome({ service: 's', results: [{ component: 'a', container: 's-a', ok: true }] })).to.equal(0);
    expect(exitCodeOfOutcome({ service: 's', results: [{ component: 'a', container: 's-a', ok: true }, { component: 'b', container: 's-b', ok: false }] })).to.equal(1);
    expect(exitCodeOfRows(rows())).to.equal(1);
    expect(exitCodeOfRows([{ node: 'a', ok: false, error: { code: 'UNAUTHENTICATED', message: 'x' } }])).to.equal(3);
    expect(exitCodeOfRows([{ node: 'a', ok: true, value: 1 }])).to.equal(0);
  });
});
