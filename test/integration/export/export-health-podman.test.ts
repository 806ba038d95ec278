import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import { createServiceSpec } from '../../../src/domain/service/service-spec';
import { type SuitePodman, usePodmanFixture } from '../../support/podman/podman-fixture';

/** podman's healthcheck config: durations in nanoseconds. */
interface Healthcheck {
  Test: string[];
  Interval: number;
  Timeout: number;
  Retries: number;
  StartPeriod: number;
}

async function healthcheckOf(pod: SuitePodman, name: string): Promise<Healthcheck | undefined> {
  const { stdout } = await pod.podman(['container', 'inspect', '--', name]);
  return (JSON.parse(stdout) as Array<{ Config: { Healthcheck?: Healthcheck } }>)[0]!.Config.Healthcheck;
}

const S = 1_000_000_000;

describe('exported health checks on real podman', function () {
  this.timeout(300_000);
  const pod = usePodmanFixture();
  const exporter = new FormatServiceExporter();
  let image: string;
  before(async () => {
    // podman kube play supplies no PATH of its own (see export-podman.test.ts).
    image = await pod().publishImage('export-health', 'v1', { env: { PATH: '/bin' } });
  });

  const dirFor = (name: string) => {
    const dir = join(pod().tmpDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('kube: `podman kube play` turns the livenessProbe into the container\'s healthcheck (exec and httpGet)', async () => {
    const name = pod().name('kubehc');
    const spec = createServiceSpec(
      {
        name,
        node: 'rift',
        components: [
          { name: 'cmd', image, pull: 'missing', cmd: ['sleep', '3600'], health: { cmd: ['/bin/true', 'two words'], intervalMs: 7000, timeoutMs: 3000, retries: 4, startPeriodMs: 20_000 } },
          { name: 'web', image, pull: 'missing', cmd: ['sleep', '3600'], network: 'host', health: { http: 'http://127.0.0.1:8080/healthz' } },
        ],
      },
      'test',
    );
    const [file] = exporter.render(spec, 'kube');
    const path = join(dirFor(name), file!.name);
    writeFileSync(path, file!.content);
    try {
      await pod().podman(['kube', 'play', path]);
      const cmd = await healthcheckOf(pod(), `${name}-cmd-cmd`);
      expect(cmd, 'exec probe').to.not.equal(undefined);
      expect(cmd!.Test.join(' ')).to.contain('/bin/true two words');
      expect([cmd!.Interval, cmd!.Timeout, cmd!.Retries, cmd!.StartPeriod]).to.deep.equal([7 * S, 3 * S, 4, 20 * S]);
      const web = await healthcheckOf(pod(), `${name}-web-web`);
      expect(web, 'httpGet probe').to.not.equal(undefined);
      expect(web!.Test.join(' ')).to.match(/localhost:8080\/healthz/);
      expect([web!.Interval, web!.Timeout, web!.Retries, web!.StartPeriod]).to.deep.equal([30 * S, 5 * S, 3, 60 * S]);
    } finally {
      await pod().podman(['kube', 'down', path]);
    }
  });

  /** podman-compose (Debian's 1.0.3) on `path`, in the fixture's podman; never rejects. */
  const composeRunner = (name: string, path: string, dir: string) => (args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile('podman-compose', ['-p', name, '-f', path, ...args], { env: { ...process.env, ...pod().env }, cwd: dir, timeout: 180_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr });
      });
    });

  it('compose: podman-compose accepts a cmd healthcheck, the container gets it, and `podman healthcheck run` passes with words holding spaces, quotes and $', async () => {
    const name = pod().name('composehc');
    // Passes only if the argv arrives exactly: podman-compose broke a CMD list with spaces into a failing check.
    const check = ['/bin/sh', '-c', `test "$1" = 'two words' && test "$2" = "it's \\$HOME" && echo 'it''s ok'`, 'sh', 'two words', "it's $HOME"];
    const spec = createServiceSpec(
      { name, node: 'rift', components: [{ name: 'api', image, pull: 'missing', cmd: ['sleep', '3600'], health: { cmd: check, intervalMs: 7000, timeoutMs: 3000, retries: 4, startPeriodMs: 20_000 } }] },
      'test',
    );
    const [file] = exporter.render(spec, 'compose');
    const dir = dirFor(name);
    const path = join(dir, file!.name);
    writeFileSync(path, file!.content);
    const compose = composeRunner(name, path, dir);
    const dry = await compose(['--dry-run', 'up', '-d']);
    expect(dry.code, dry.out).to.equal(0);
    expect(dry.out).to.contain('--healthcheck-command');
    try {
      const up = await compose(['up', '-d']);
      expect(up.code, up.out).to.equal(0);
      const hc = await healthcheckOf(pod(), `${name}-api`);
      expect(hc, 'healthcheck').to.not.equal(undefined);
      expect(hc!.Test[0]).to.equal('CMD-SHELL');
      expect([hc!.Interval, hc!.Timeout, hc!.Retries, hc!.StartPeriod]).to.deep.equal([7 * S, 3 * S, 4, 20 * S]);
      const run = await pod().podman(['healthcheck', 'run', `${name}-api`]).then(
        (r) => ({ ok: true, out: r.stdout + r.stderr }),
        (e: Error) => ({ ok: false, out: e.message }),
      );
      expect(run.ok, `podman healthcheck run: ${run.out}`).to.equal(true);
    } finally {
      const down = await compose(['down']);
      expect(down.code, down.out).to.equal(0);
    }
  });

  it('compose: why host networking is refused: podman-compose runs no container with `network_mode: host` (it adds a network and an alias of its own), though it exits 0', async () => {
    const name = pod().name('composehost');
    expect(() => exporter.render(createServiceSpec({ name, node: 'rift', components: [{ name: 'api', image, network: 'host' }] }, 'test'), 'compose')).to.throw(/network "host"/);
    // The form the export wrote before: if a podman-compose ever runs it, the refusal can go.
    const container = `${name}-api`;
    const dir = dirFor(name);
    const path = join(dir, 'host.compose.yaml');
    writeFileSync(path, `services:\n  api:\n    container_name: "${container}"\n    image: "${image}"\n    pull_policy: "missing"\n    command: ["sleep", "3600"]\n    network_mode: "host"\n`);
    const compose = composeRunner(name, path, dir);
    try {
      const up = await compose(['up', '-d']);
      expect(up.out).to.contain('cannot set multiple networks without bridge network mode');
      const { stdout } = await pod().podman(['ps', '--all', '--filter', `name=^${container}$`, '--format', '{{.Names}}']);
      expect(stdout.trim()).to.equal('');
    } finally {
      await compose(['down']);
      await pod().remove(container);
    }
  });

  it('quadlet: the HealthCmd value, given to podman as --health-cmd the way Quadlet does, is the exact argv', async () => {
    const name = pod().name('quadlethc');
    const spec = createServiceSpec(
      { name, node: 'rift', components: [{ name, image, pull: 'missing', cmd: ['sleep', '3600'], health: { cmd: ['/bin/echo', 'two words', '50%'], intervalMs: 1500, retries: 2 } }] },
      'test',
    );
    const unit = exporter.render(spec, 'quadlet')[0]!.content;
    // systemd turns %% back into % when Quadlet's ExecStart runs.
    const key = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(unit)![1]!.replace(/%%/g, '%');
    await pod().podman([
      'run', '-d', '--name', name,
      '--health-cmd', key('HealthCmd'), '--health-interval', key('HealthInterval'), '--health-timeout', key('HealthTimeout'),
      '--health-retries', key('HealthRetries'), '--health-start-period', key('HealthStartPeriod'),
      image, 'sleep', '3600',
    ]);
    const hc = await healthcheckOf(pod(), name);
    expect(hc!.Test).to.deep.equal(['CMD', '/bin/echo', 'two words', '50%']);
    expect([hc!.Interval, hc!.Timeout, hc!.Retries, hc!.StartPeriod]).to.deep.equal([1.5 * S, 5 * S, 2, 60 * S]);
  });
});
