/*
 * Many nodes, one of them wedged and one of them down (issue 21): the real
 * `mcp` binary (a child process, timed) against a real agent with podman
 * (`rift`), a listener on 127.0.0.1 that accepts TCP and never answers
 * (`hung`) and a port nothing listens on (`dead`). Every command must come
 * back within node_timeout + 2 s with rift's answer, name each bad node and
 * its cause in words, exit as documented, and leave nothing open.
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_MAIN, type McpResult, cliConfigText, useE2e } from '../support/e2e/e2e-harness';
import { childProcesses } from '../support/child-processes';
import { freePort } from '../support/net/free-port';
import { type HungListener, startHungListener } from '../support/net/hung-listener';
import { usePodmanFixture } from '../support/podman/podman-fixture';
import { waitFor } from '../support/wait-for';

const NODE_TIMEOUT_S = 3;
const LIMIT_MS = (NODE_TIMEOUT_S + 2) * 1000;
const HUNG_WORDS = `node hung unavailable: timed out after ${NODE_TIMEOUT_S}s (connected, but the TLS handshake got no answer)`;

describe('e2e: a hung node and a dead node beside a live one (node_timeout, the CLI always exits)', function () {
  this.timeout(180_000);
  const pod = usePodmanFixture();
  const e2e = useE2e(() => ({ ...pod().env }));
  let hung: HungListener;
  let deadAddress: string;
  let config: string;
  let onRift: string;
  let onHung: string;

  before('a service on rift, one filed for hung, and a config naming all three nodes', async function () {
    this.timeout(120_000);
    hung = await startHungListener();
    deadAddress = `127.0.0.1:${await freePort()}`;
    onRift = pod().name('rift');
    onHung = pod().name('hung');
    e2e().writeService(onRift, `name = "${onRift}"\nnode = "rift"\n\n[[components]]\nname = "app"\nimage = "${pod().images.app}"\n`);
    const deployed = await e2e().runMcp(['deploy', onRift]);
    expect(deployed.code, deployed.stderr).to.equal(0);
    e2e().writeService(onHung, `name = "${onHung}"\nnode = "hung"\n\n[[components]]\nname = "app"\nimage = "${pod().images.app}"\n`);
    config = join(e2e().dir, 'three-nodes.toml');
    const nodes = [
      { name: 'rift', address: e2e().agent.address },
      { name: 'hung', address: hung.address },
      { name: 'dead', address: deadAddress },
    ];
    const text = cliConfigText({ servicesDir: e2e().servicesDir, tokenPath: e2e().tokenPath, caPath: e2e().agent.certs.caPath, nodes });
    writeFileSync(config, text.replace('[[nodes]]', `[cli]\nnode_timeout = "${NODE_TIMEOUT_S}s"\n\n[[nodes]]`));
  });

  after(async () => {
    await hung?.close();
  });

  /** Runs the CLI on the three-node config and times it; then nothing of it may be left: no process, no connection to `hung`. */
  async function timedMcp(args: readonly string[]): Promise<McpResult & { ms: number; all: string }> {
    const start = Date.now();
    const r = await e2e().runMcp(args, { config });
    const ms = Date.now() - start;
    expect(childProcesses().filter((c) => c.argv.includes(CLI_MAIN)), 'an mcp process left running').to.deep.equal([]);
    await waitFor('the hung node to see every connection of the CLI closed', 2000, () => hung.open === 0 || undefined, 20);
    return { ...r, ms, all: `${r.stdout}\n${r.stderr}` };
  }

  for (const name of ['list', 'ps', 'status', 'events', 'sync']) {
    it(`${name}: rift's answer, an error row for hung (timed out) and dead (refused), exit 1, within node_timeout + 2 s`, async () => {
      const r = await timedMcp([name]);
      expect(r.code, r.all).to.equal(1);
      expect(r.ms, r.all).to.be.below(LIMIT_MS);
      expect(r.all).to.contain(HUNG_WORDS);
      expect(r.all).to.contain(`node dead unavailable: connection refused (${deadAddress})`);
      expect(r.all).not.to.match(/Waiting for LB pick|No connection established|Deadline exceeded/);
      if (['list', 'ps', 'status'].includes(name)) expect(r.stdout, 'a row of rift\'s').to.match(/^rift {2,}(?!ERROR)\S/m);
    });
  }

  it('plan: rift\'s service planned, the one filed for hung an error (timed out), exit 1, within node_timeout + 2 s', async () => {
    const r = await timedMcp(['plan']);
    expect(r.code, r.all).to.equal(1);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stdout).to.contain(`${onRift} on rift`);
    expect(r.stdout).to.contain(`${onHung} on hung`);
    expect(r.stdout).to.contain(HUNG_WORDS);
  });

  it('plan: a node that holds no file and does not answer is its own ERROR row, as in ps; exit 1 even with --detailed-exitcode', async () => {
    const r = await timedMcp(['plan', '--detailed-exitcode']);
    expect(r.code, r.all).to.equal(1);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stdout).to.match(new RegExp(`^dead {2}ERROR NODE_UNAVAILABLE: node dead unavailable: connection refused \\(${deadAddress.replace(/\./g, '\\.')}\\)$`, 'm'));
    expect(r.stdout).to.contain(`hung  ERROR NODE_UNAVAILABLE: ${HUNG_WORDS}`);
    const json = JSON.parse((await timedMcp(['plan', '--json'])).stdout) as { nodeErrors: Array<{ node: string; error: { code: string } }>; failed: boolean };
    expect([json.failed, json.nodeErrors.map((e) => [e.node, e.error.code])]).to.deep.equal([
      true,
      [
        ['hung', 'NODE_UNAVAILABLE'],
        ['dead', 'NODE_UNAVAILABLE'],
      ],
    ]);
    // Only rift's file, nothing to change there: the dead node alone makes it 1, not 0.
    const dir = join(e2e().dir, 'rift-only');
    mkdirSync(dir);
    copyFileSync(join(e2e().servicesDir, `${onRift}.toml`), join(dir, `${onRift}.toml`));
    const two = join(e2e().dir, 'rift-and-dead.toml');
    const nodes = [
      { name: 'rift', address: e2e().agent.address },
      { name: 'dead', address: deadAddress },
    ];
    writeFileSync(two, cliConfigText({ servicesDir: dir, tokenPath: e2e().tokenPath, caPath: e2e().agent.certs.caPath, nodes }));
    const only = await e2e().runMcp(['plan', '--detailed-exitcode'], { config: two });
    expect(only.code, `${only.stdout}${only.stderr}`).to.equal(1);
    expect(only.stdout).to.contain(`${onRift} on rift\n  = app  unchanged\n`);
    expect(only.stdout).to.match(/^dead {2}ERROR NODE_UNAVAILABLE: /m);
    rmSync(dir, { recursive: true, force: true });
  });

  it('events: rift\'s own history is there (its deploy), beside the two failures', async () => {
    const r = await timedMcp(['events', '--json']);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stdout).to.contain('"node":"rift"');
  });

  it('sync: rift reports its service, hung and dead fail', async () => {
    const r = await timedMcp(['sync', '--json']);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    const rows = (JSON.parse(r.stdout) as { nodes: Array<{ node: string; ok: boolean; value?: unknown; error?: { message: string } }> }).nodes;
    expect(rows.map((n) => [n.node, n.ok])).to.deep.equal([
      ['rift', true],
      ['hung', false],
      ['dead', false],
    ]);
    expect(JSON.stringify(rows[0])).to.contain(onRift);
  });

  it('history of rift\'s service without its file: every node is asked who holds it, rift answers, within node_timeout + 2 s', async () => {
    const file = join(e2e().servicesDir, `${onRift}.toml`);
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    try {
      const r = await timedMcp(['history', onRift]);
      expect(r.ms, r.all).to.be.below(LIMIT_MS);
      // Exactly one node holds it and answered: the answer stands (the locator's rule), though two nodes could not be asked.
      expect(r.code, r.all).to.equal(0);
      expect(r.stdout).to.contain(onRift);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('history of the service filed for hung: exit 1 within node_timeout + 2 s, naming hung', async () => {
    const r = await timedMcp(['history', onHung]);
    expect(r.code, r.all).to.equal(1);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stderr).to.contain(HUNG_WORDS);
  });

  it('service export --all: refused (it needs every node), naming both, exit 1 within node_timeout + 2 s', async () => {
    const r = await timedMcp(['service', 'export', '--all', '--format', 'compose', '-f', join(e2e().dir, 'exported')]);
    expect(r.code, r.all).to.equal(1);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stderr).to.contain(HUNG_WORDS);
    expect(r.stderr).to.contain('connection refused');
  });

  it('deploy of the service filed for hung: exit 1 within node_timeout + 2 s, nothing deployed anywhere', async () => {
    const r = await timedMcp(['deploy', onHung]);
    expect(r.code, r.all).to.equal(1);
    expect(r.ms, r.all).to.be.below(LIMIT_MS);
    expect(r.stderr).to.contain(HUNG_WORDS);
    const names = await pod().podman(['ps', '-a', '--format', '{{.Names}}']);
    expect(names.stdout).not.to.contain(onHung);
  });
});
