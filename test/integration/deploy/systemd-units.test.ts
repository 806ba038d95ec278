import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root';
import { makeFakeSource, makeRoot, runInstall } from './install-tree';

const unitsDir = join(repoRoot, 'deploy', 'systemd');
const UNITS = ['mcp-agent.service', 'mcp-agent-backup.service', 'mcp-agent-backup.timer'] as const;

/** The [Section] key=value lines of a unit (comments dropped), as [section, key, value]. */
function entries(unit: string): [string, string, string][] {
  let section = '';
  const out: [string, string, string][] = [];
  for (const raw of readFileSync(join(unitsDir, unit), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    out.push([section, line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}
const values = (unit: string, section: string, key: string) => entries(unit).filter(([s, k]) => s === section && k === key).map(([, , v]) => v);
const value = (unit: string, section: string, key: string) => {
  const all = values(unit, section, key);
  expect(all, `${unit} [${section}] ${key}=`).to.have.length(1);
  return all[0]!;
};

describe('deploy/systemd units', () => {
  it('mcp-agent.service runs the agent hardened, restarts on failure and stops gracefully', () => {
    const u = 'mcp-agent.service';
    expect(value(u, 'Service', 'ExecStart')).to.equal('/usr/local/bin/mcp-agent server --config /srv/mcp/mcp-agent.toml');
    // root: rootful podman needs it (the unit's header explains); the data belongs to user mcp.
    expect(value(u, 'Service', 'User')).to.equal('root');
    expect(value(u, 'Service', 'NoNewPrivileges')).to.equal('yes');
    expect(value(u, 'Service', 'ProtectSystem')).to.equal('strict');
    const writable = values(u, 'Service', 'ReadWritePaths').join(' ').split(/\s+/);
    expect(writable).to.include.members(['/srv', '/var/lib/containers', '/run/containers', '/run/libpod', '/run/netns']);
    expect(value(u, 'Service', 'PrivateTmp')).to.equal('yes');
    expect(value(u, 'Service', 'ProtectHome')).to.equal('yes');
    expect(value(u, 'Service', 'Restart')).to.equal('on-failure');
    expect(value(u, 'Service', 'RestartSec')).to.match(/^\d+s$/);
    expect(value(u, 'Service', 'KillSignal')).to.equal('SIGTERM');
    // The agent drains in-flight calls for up to 30 s; systemd must wait longer than that.
    expect(Number(/^(\d+)s$/.exec(value(u, 'Service', 'TimeoutStopSec'))?.[1])).to.be.greaterThan(30);
    expect(value(u, 'Install', 'WantedBy')).to.equal('multi-user.target');
    // Each of these breaks rootful podman or its containers (see the unit's comments).
    for (const breaks of ['ProtectKernelTunables', 'ProtectControlGroups', 'RestrictSUIDSGID', 'PrivateDevices', 'RestrictNamespaces', 'SystemCallFilter', 'MemoryDenyWriteExecute']) {
      expect(values(u, 'Service', breaks), breaks).to.deep.equal([]);
    }
  });

  it('mcp-agent-backup.service takes one snapshot with the same config', () => {
    const u = 'mcp-agent-backup.service';
    expect(value(u, 'Service', 'Type')).to.equal('oneshot');
    expect(value(u, 'Service', 'ExecStart')).to.equal('/usr/local/bin/mcp-agent snapshot --config /srv/mcp/mcp-agent.toml');
    expect(value(u, 'Service', 'NoNewPrivileges')).to.equal('yes');
    expect(value(u, 'Service', 'ProtectSystem')).to.equal('strict');
    expect(value(u, 'Service', 'ReadWritePaths')).to.equal('/srv/mcp');
    expect(value(u, 'Service', 'PrivateNetwork')).to.equal('yes');
  });

  it('mcp-agent-backup.timer fires daily at 02:00 UTC with 5 minutes of jitter, catching up missed runs', () => {
    const u = 'mcp-agent-backup.timer';
    expect(value(u, 'Timer', 'OnCalendar')).to.equal('*-*-* 02:00:00 UTC');
    expect(value(u, 'Timer', 'RandomizedDelaySec')).to.equal('5m');
    expect(value(u, 'Timer', 'Persistent')).to.equal('true');
    expect(value(u, 'Timer', 'Unit')).to.equal('mcp-agent-backup.service');
    expect(value(u, 'Install', 'WantedBy')).to.equal('timers.target');
  });

  // systemd-analyze verify loads the units as systemd would: unknown keys, bad
  // values, missing executables and broken dependencies are all reported. It
  // runs against a root made by install-agent.sh so ExecStart's
  // /usr/local/bin/mcp-agent really exists; it needs neither a running systemd
  // nor root. A missing systemd-analyze fails this test (apt-get install systemd).
  describe('systemd-analyze verify', function () {
    this.timeout(60_000);
    let root: string;
    let source: string;
    before(() => {
      root = makeRoot();
      source = makeFakeSource();
      const r = runInstall(['--root', root, '--source', source]);
      expect(r.status, r.stderr).to.equal(0);
      // The standard targets and slices the units depend on, as regular files
      // (the host's are symlinks that would point outside the root).
      const system = join(root, 'usr/lib/systemd/system');
      mkdirSync(system, { recursive: true });
      for (const name of readdirSync('/usr/lib/systemd/system')) {
        const from = join('/usr/lib/systemd/system', name);
        if (statSync(from).isFile()) copyFileSync(from, join(system, name));
      }
      // ExecStartPre runs /bin/mkdir; verify checks it exists inside the root.
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      copyFileSync('/usr/bin/mkdir', join(root, 'usr/bin/mkdir'));
      symlinkSync('usr/bin', join(root, 'bin'));
    });
    after(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(source, { recursive: true, force: true });
    });

    const verify = (units: readonly string[]) => {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${root}`, ...units], { encoding: 'utf8' });
      if (r.error) throw new Error(`systemd-analyze cannot run (${r.error.message}): install Debian's systemd package`);
      return r;
    };

    it('accepts all three units without a single warning', () => {
      const r = verify(UNITS);
      expect(r.stderr).to.equal('');
      expect(r.status).to.equal(0);
    });

    it('is a real check: a unit with an unknown key or a missing executable is reported', () => {
      const bad = join(root, 'etc/systemd/system/mcp-agent.service');
      const good = readFileSync(bad, 'utf8');
      try {
        const withTypo = good.replace('ProtectHome=yes', 'ProtectHomme=yes').replace('/usr/local/bin/mcp-agent server', '/usr/local/bin/mcp-agnt server');
        writeFileSync(bad, withTypo);
        const r = verify(['mcp-agent.service']);
        expect(r.stderr).to.contain("Unknown key 'ProtectHomme'");
        expect(r.stderr).to.contain('/usr/local/bin/mcp-agnt');
        expect(r.status).not.to.equal(0);
      } finally {
        writeFileSync(bad, good);
      }
    });
  });
});
