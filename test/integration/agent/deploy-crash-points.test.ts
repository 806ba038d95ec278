import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listConmons } from '../../../src/adapters/runtime/podman/podman-orphans';
import { type ComponentInput, createServiceSpec } from '../../../src/domain/service/service-spec';
import { useAgents } from '../../support/agent/agent-chain';
import { restartAgentProcess, startAgentProcess } from '../../support/agent/agent-process';
import { httpGet } from '../../support/http';
import { freePort } from '../../support/net/free-port';
import { type CrashPoint, crashPointPodman } from '../../support/podman/crash-point-podman';
import { podmanState } from '../../support/podman/interrupted-stop';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { waitFor } from '../../support/wait-for';

/** Serves `version` on 8080; sh as PID 1 exits on SIGTERM, so stopping it is quick. */
const serve = (version: string): string[] => ['/bin/sh', '-c', `trap 'exit 0' TERM; mkdir -p /www && echo ${version} > /www/index.html && httpd -f -p 8080 -h /www & wait`];
/** busybox httpd as PID 1 ignores SIGTERM: a stop or rm of it waits out the whole stop timeout. */
const stubborn = (root: string): string[] => ['httpd', '-f', '-p', '8080', '-h', root];

/*
 * Issue 20's proof on real parts: a real `mcp-agent server` process on a
 * real SQLite file deploys over real podman, and at each crash point the
 * agent's whole process group (the agent and its podman child) gets
 * SIGKILL, as systemd's KillMode=control-group would do. A stand-in podman
 * on the agent's PATH stops it at the exact step (crash-point-podman.ts).
 * A fresh agent on the same database must have the old version serving
 * within 30 s, leave nothing behind, and take a later good deploy.
 */
describe('mcp-agent killed with its podman children at crash points of a gated deploy (real podman, SQLite, agent process)', function () {
  this.timeout(300_000);
  const pod = usePodmanFixture();
  const { track, gatewayTo } = useAgents();

  interface Scenario {
    /** The crash point, given the container's name. */
    readonly point: (container: string) => CrashPoint;
    /** The version that is being deployed when the agent dies, given the host port. */
    readonly next: (port: number) => Omit<ComponentInput, 'name'>;
    /** Waits (from the marker on) until the node is in the state this crash point is about; returns a proof of it. */
    readonly at: (container: string) => Promise<unknown>;
    /** How the old version serves "v1" (default: a shell that exits on SIGTERM). */
    readonly old?: () => Pick<ComponentInput, 'cmd' | 'volumes'>;
    /** What the recovery must report having reaped for this service. */
    readonly reaped: (container: string) => string[];
  }

  async function crashAndRecover(label: string, s: Scenario): Promise<void> {
    const service = pod().name(label);
    const container = `${service}-api`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const spec = (c: Omit<ComponentInput, 'name'>) => createServiceSpec({ name: service, node: 'rift', components: [{ name: 'api', ...c }] }, 'test');
    const v1 = spec({ image: pod().images.app, ports: [`127.0.0.1:${port}:8080`], ...(s.old?.() ?? { cmd: serve('v1') }), health: { http: url, startPeriodMs: 20_000 } });

    const crash = crashPointPodman(pod().tmpDir, s.point(container));
    try {
      const first = await startAgentProcess({ env: { ...pod().env, ...crash.env }, ownProcessGroup: true });
      track(first);
      const ok = await gatewayTo(first).deploy({ spec: v1 });
      expect(ok.results.map((r) => r.ok), JSON.stringify(ok.results)).to.deep.equal([true]);
      expect(await httpGet(url)).to.equal('v1\n');

      crash.arm();
      const pending = gatewayTo(first)
        .deploy({ spec: spec(s.next(port)) })
        .then(() => 'answered', (e: unknown) => e);
      await crash.reached();
      await s.at(container);
      await first.killGroup();
      expect(await pending, 'the deploy died with the agent').to.have.property('code');

      const second = await restartAgentProcess(first, { env: { ...pod().env }, ownProcessGroup: true });
      track(second);
      const recoveryLog = () => second.logs.filter((l) => l.includes('interrupted deploys undone')).join('\n');
      expect(await waitFor('the old version to serve again', 30_000, () => httpGet(url).catch(() => undefined)), recoveryLog()).to.equal('v1\n');
      const names = (await pod().podman(['ps', '--all', '--format={{.Names}}'])).stdout.split('\n').filter((n) => n.startsWith(service));
      expect(names).to.deep.equal([container]);
      const recovery = second.logs.find((l) => l.includes('interrupted deploys undone'));
      expect(recovery, second.logs.join('\n')).to.contain(service);
      const report = JSON.parse(recovery!) as { reaped: string[]; undone: Array<{ service: string; problems: string[] }> };
      expect(report.undone.filter((u) => u.service === service), 'restored without problems').to.deep.equal([{ service, problems: [] }]);
      expect(report.reaped.filter((l) => l.startsWith(service))).to.deep.equal(s.reaped(container));
      const known = (await pod().podman(['ps', '--all', '--no-trunc', '--format={{.ID}}'])).stdout;
      expect(listConmons(process.getuid!()).filter((c) => c.name?.startsWith(service) && !known.includes(c.id))).to.deep.equal([]);

      const good = await gatewayTo(second).deploy({ spec: spec({ image: pod().images.appV2, ports: [`127.0.0.1:${port}:8080`], cmd: serve('v2'), health: { http: url, startPeriodMs: 20_000 } }) });
      expect(good.results.map((r) => r.ok), JSON.stringify(good.results)).to.deep.equal([true]);
      expect(await httpGet(url)).to.equal('v2\n');
      await pod().removeContainers(service);
    } finally {
      crash.cleanup();
    }
  }

  /** A next version that would serve, but whose check can never pass: the gate waits its 120 s start period. */
  const waitsInGate = (port: number): Omit<ComponentInput, 'name'> => ({
    image: pod().images.appV2,
    ports: [`127.0.0.1:${port}:8080`],
    cmd: serve('v2'),
    health: { http: `http://127.0.0.1:${port}/never`, startPeriodMs: 120_000 },
  });

  it('while podman stops the old container (it ignores SIGTERM: left "stopping")', async () => {
    const www = mkdtempSync(join(pod().tmpDir, 'www-'));
    writeFileSync(join(www, 'index.html'), 'v1\n');
    await crashAndRecover('stopping', {
      point: (c) => ({ mode: 'mark', argv: `stop --time=* -- ${c}` }),
      old: () => ({ cmd: stubborn('/www'), volumes: [`${www}:/www:ro`] }),
      next: waitsInGate,
      at: (c) => waitFor('podman stop to leave the old container "stopping"', 30_000, async () => ((await podmanState(pod(), c)) === 'stopping' ? true : undefined), 20),
      reaped: (c) => [`${c}: finished an interrupted stop`],
    });
  });

  it('after the old container was stopped (before its rename to .mcp-prev)', async () => {
    await crashAndRecover('stopped', {
      point: (c) => ({ mode: 'hold', argv: `rename -- ${c} ${c}.mcp-prev` }),
      next: waitsInGate,
      reaped: () => [],
      at: async (c) => expect(await podmanState(pod(), c)).to.equal('exited'),
    });
  });

  it('after the rename to .mcp-prev (before the new container runs)', async () => {
    await crashAndRecover('renamed', {
      point: (c) => ({ mode: 'hold', argv: `run -d --pull=never --name=${c} *` }),
      next: waitsInGate,
      reaped: () => [],
      at: async (c) => {
        expect(await podmanState(pod(), `${c}.mcp-prev`)).to.equal('exited');
        expect(await pod().runtime().inspect([c])).to.deep.equal([]);
      },
    });
  });

  it('while the new container runs, during the gate', async () => {
    await crashAndRecover('gate', {
      point: (c) => ({ mode: 'mark', argv: `run -d --pull=never --name=${c} *` }),
      next: waitsInGate,
      reaped: () => [],
      at: (c) =>
        waitFor('the new container to run beside .mcp-prev', 30_000, async () => {
          const seen = await pod().runtime().inspect([c, `${c}.mcp-prev`]);
          return seen.length === 2 && seen.find((x) => x.name === c)?.state === 'running' ? true : undefined;
        }),
    });
  });

  it('during the undo of a failed gate, while podman removes the new container (the orphaned conmon of issue 20)', async () => {
    await crashAndRecover('undo', {
      point: (c) => ({ mode: 'mark', argv: `rm --force --ignore --time=* -- ${c}` }),
      // Publishes the same host port, fails its check within 3 s (/tmp has no index: 404), and ignores SIGTERM: its removal takes the whole stop timeout.
      next: (port) => ({ image: pod().images.appV2, ports: [`127.0.0.1:${port}:8080`], cmd: stubborn('/tmp'), health: { http: `http://127.0.0.1:${port}/`, startPeriodMs: 3_000 } }),
      at: (c) => waitFor('podman rm to leave the new container "stopping"', 30_000, async () => ((await podmanState(pod(), c)) === 'stopping' ? true : undefined), 20),
      reaped: (c) => [`${c}: finished an interrupted stop`],
    });
  });
});
