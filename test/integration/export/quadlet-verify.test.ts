import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FormatServiceExporter } from '../../../src/adapters/export/service-exporter.adapter';
import { metacrypt } from '../../unit/export/export-fixtures';

/**
 * What Quadlet's generator does with a .container (podman-systemd.unit(5)):
 * [Unit], [Service] and [Install] pass to systemd untouched, [Container]
 * becomes an X- section systemd ignores, and an ExecStart running podman is
 * added. podman 4.3 has no Quadlet, so this is done here; systemd-analyze
 * then judges every systemd key and value the unit carries.
 */
function asGeneratedService(unit: string): string {
  const image = /^Image=(.*)$/m.exec(unit)![1]!;
  const name = /^ContainerName=(.*)$/m.exec(unit)![1]!;
  return unit.replace('[Container]', '[X-Container]').replace('[Service]', `[Service]\nExecStart=/usr/bin/podman run --name=${name} --replace --rm ${image}`);
}

describe('exported Quadlet units pass systemd-analyze verify', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-quadlet-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (paths: readonly string[]) => {
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...paths], { encoding: 'utf8' });
    if (r.error) throw new Error(`systemd-analyze cannot run (${r.error.message}): install Debian's systemd package`);
    return r;
  };

  it('accepts every unit (active and stopped services) without a warning', () => {
    const paths: string[] = [];
    for (const spec of [metacrypt(), metacrypt({ active: false })]) {
      for (const f of new FormatServiceExporter().render(spec, 'quadlet')) {
        const path = join(dir, `${spec.active ? '' : 'stopped-'}${f.name.replace(/\.container$/, '.service')}`);
        writeFileSync(path, asGeneratedService(f.content));
        paths.push(path);
      }
    }
    const r = verify(paths);
    expect(r.stderr).to.equal('');
    expect(r.status).to.equal(0);
  });

  it('is a real check: a wrong restart value is reported', () => {
    const unit = new FormatServiceExporter().render(metacrypt(), 'quadlet')[0]!.content.replace('Restart=on-failure', 'Restart=sometimes');
    const path = join(dir, 'broken.service');
    writeFileSync(path, asGeneratedService(unit));
    const r = verify([path]);
    expect(r.stderr).to.contain('sometimes');
  });
});
