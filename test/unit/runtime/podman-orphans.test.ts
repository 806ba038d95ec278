import { expect } from 'chai';
import { parseConmonArgv } from '../../../src/adapters/runtime/podman/podman-orphans';
import { parsePsForReap } from '../../../src/adapters/runtime/podman/podman-json';

const ID = '46980e2b8e26ca84ac6d675dbd9fd06398e54dd9611fd864bd437d0b1c4ae833';
/** conmon's argv as podman 4.3 (runc, cgroupfs, file events) starts it, from /proc/<pid>/cmdline. */
const ARGV = [
  '/usr/bin/conmon', '--api-version', '1', '-c', ID, '-u', ID, '-r', '/usr/bin/runc',
  '-b', `/var/lib/containers/storage/overlay-containers/${ID}/userdata`, '-p', `/run/containers/storage/overlay-containers/${ID}/userdata/pidfile`,
  '-n', 'crashx-k', '--exit-dir', '/run/libpod/exits', '--full-attach', '-l', `k8s-file:/var/lib/containers/storage/overlay-containers/${ID}/userdata/ctr.log`,
  '--log-level', 'warning', '--runtime-arg', '--log-format=json', '--runtime-arg', '--log', `--runtime-arg=/run/containers/storage/overlay-containers/${ID}/userdata/oci-log`,
  '--conmon-pidfile', `/run/containers/storage/overlay-containers/${ID}/userdata/conmon.pid`,
  '--exit-command', '/usr/bin/podman', '--exit-command-arg', '--root', '--exit-command-arg', '/var/lib/containers/storage',
  '--exit-command-arg', '--runroot', '--exit-command-arg', '/run/containers/storage', '--exit-command-arg', 'container', '--exit-command-arg', 'cleanup', '--exit-command-arg', ID,
];

describe('podman orphans: reading conmon and ps', () => {
  it("reads the container ID, name, OCI runtime and podman's storage root from conmon's argv", () => {
    expect(parseConmonArgv(4242, ARGV)).to.deep.equal({ pid: 4242, id: ID, name: 'crashx-k', runtime: '/usr/bin/runc', storageRoot: '/var/lib/containers/storage' });
  });

  it("keeps the OCI runtime's --root, in either spelling", () => {
    expect(parseConmonArgv(1, [...ARGV, '--runtime-arg', '--root=/run/alt'])?.runtimeRoot).to.equal('/run/alt');
    expect(parseConmonArgv(1, [...ARGV, '--runtime-arg', '--root', '--runtime-arg', '/run/alt2'])?.runtimeRoot).to.equal('/run/alt2');
  });

  it('is not a container monitor without a full container ID and a runtime', () => {
    expect(parseConmonArgv(1, ['/usr/bin/conmon', '--version'])).to.equal(undefined);
    expect(parseConmonArgv(1, ['/usr/bin/conmon', '-c', 'abc', '-r', '/usr/bin/runc'])).to.equal(undefined);
  });

  it('lists every full ID, and only the given services\' containers that podman shows "stopping"', () => {
    const ps = JSON.stringify([
      { Id: 'a'.repeat(64), Names: ['web-api'], State: 'stopping', Labels: { 'mcp.service': 'web' } },
      { Id: 'b'.repeat(64), Names: ['hand-made'], State: 'stopping', Labels: {} },
      { Id: 'c'.repeat(64), Names: ['web-db'], State: 'running', Labels: { 'mcp.service': 'web' } },
      { Id: 'd'.repeat(64), Names: ['other-api'], State: 'stopping', Labels: { 'mcp.service': 'other' } },
    ]);
    const { ids, stopping } = parsePsForReap(ps, 'mcp.service', new Set(['web']));
    expect([...ids]).to.deep.equal(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 'd'.repeat(64)]);
    expect(stopping).to.deep.equal(['web-api']);
    expect(parsePsForReap('null', 'mcp.service', new Set(['web']))).to.deep.equal({ ids: new Set(), stopping: [] });
  });
});
