import { expect } from 'chai';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadAllServiceDefinitions,
  loadServiceDefinition,
  loadServiceDefinitionByName,
} from '../../../src/adapters/definitions/toml/service-definition.loader';
import { exportServiceDefinition, flipActive, setActive, writeServiceDefinition } from '../../../src/adapters/definitions/toml/service-definition.writer';
import { type ServiceSpec, createServiceSpec } from '../../../src/domain/service/service-spec';
import { rejection } from '../../support/rejection';

const COMMENTED = `# metacrypt — hand written, keep these comments
name = "metacrypt"      # the service
node = 'rift'           # single quotes stay single

[[components]]
# the API server
name = "api"
image = "registry.example/metacrypt:v1.2.0"
ports = ["127.0.0.1:8443:8443"]   # loopback only
`;

describe('service definition files (real file system)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-defs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const spec = (over: Partial<ServiceSpec> = {}): ServiceSpec =>
    createServiceSpec(
      {
        name: 'metacrypt',
        node: 'rift',
        components: [
          { name: 'api', image: 'registry.example/metacrypt:v1.2.0', ports: ['127.0.0.1:8443:8443'], env: { LOG_LEVEL: 'info' }, cmd: ['server', '--config', '/srv/x.toml'] },
          { name: 'web', image: 'registry.example/web:v1', pull: 'missing', network: 'mcpnet', user: '0:0', volumes: ['/srv/w:/w:Z'], restart: 'on-failure:3' },
        ],
        ...over,
      },
      'test',
    );

  it('round-trips: write → load gives the same spec', async () => {
    const path = join(dir, 'metacrypt.toml');
    await writeServiceDefinition(path, spec({ active: false }));
    expect(loadServiceDefinition(path)).to.deep.equal(spec({ active: false }));
    expect(loadServiceDefinitionByName(dir, 'metacrypt')).to.deep.equal(spec({ active: false }));
  });

  it('flips active and keeps every comment and byte of a hand-written file', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    await setActive(path, false);
    const stopped = COMMENTED.replace("node = 'rift'           # single quotes stay single\n", "node = 'rift'           # single quotes stay single\nactive = false\n");
    expect(readFileSync(path, 'utf8')).to.equal(stopped);
    expect(loadServiceDefinition(path).active).to.equal(false);
    await setActive(path, true);
    expect(readFileSync(path, 'utf8')).to.equal(stopped.replace('active = false', 'active = true'));
  });

  it('undoes a flip (a refused stop): the very text again, or only the active line when the file was edited since', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    const flip = await flipActive(path, false);
    expect(flip.spec.active).to.equal(false);
    await flip.undo();
    expect(readFileSync(path, 'utf8')).to.equal(COMMENTED);
    const again = await flipActive(path, false);
    const edited = readFileSync(path, 'utf8').replace('# the API server', '# the API server, edited meanwhile');
    writeFileSync(path, edited);
    await again.undo();
    expect(readFileSync(path, 'utf8')).to.equal(edited.replace('active = false', 'active = true'));
    // Nothing written, nothing to undo.
    const same = await flipActive(path, true);
    const before = statSync(path).ino;
    await same.undo();
    expect(statSync(path).ino).to.equal(before);
  });

  it('does not touch the file when active already has the value', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    const before = statSync(path);
    await setActive(path, true);
    expect(statSync(path).ino).to.equal(before.ino);
    expect(readFileSync(path, 'utf8')).to.equal(COMMENTED);
  });

  it('keeps the file mode and leaves no temp file behind', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    chmodSync(path, 0o600);
    await setActive(path, false);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(readdirSync(dir)).to.deep.equal(['metacrypt.toml']);
  });

  it('writes through a symlink, which stays a symlink', async () => {
    mkdirSync(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'metacrypt.toml');
    writeFileSync(target, COMMENTED);
    const link = join(dir, 'metacrypt.toml');
    symlinkSync(target, link);
    await setActive(link, false);
    expect(lstatSync(link).isSymbolicLink()).to.equal(true);
    expect(loadServiceDefinition(target).active).to.equal(false);
  });

  it('writes and exports a service with health checks of each kind and secrets (a built check is written back as its input)', async () => {
    const checked = createServiceSpec(
      {
        name: 'metacrypt',
        node: 'rift',
        components: [
        {
          name: 'api',
          image: 'registry.example/metacrypt:v1.2.0',
          health: { http: 'http://127.0.0.1:8443/healthz?deep=1', intervalMs: 5000, timeoutMs: 2000, retries: 4, startPeriodMs: 30000 },
          secrets: { DB_PASSWORD: 'db-password' },
          secretFiles: { '/run/secrets/tls.key': 'tls-key' },
        },
        { name: 'db', image: 'registry.example/db:v1', health: { tcp: '127.0.0.1:5432' } },
        { name: 'worker', image: 'registry.example/worker:v1', health: { cmd: ['/bin/check', '--quick'], timeoutMs: 500 } },
        ],
      },
      'test',
    );
    const fresh = join(dir, 'metacrypt.toml');
    await writeServiceDefinition(fresh, checked);
    expect(loadServiceDefinition(fresh)).to.deep.equal(checked);
    const exported = join(dir, 'exported.toml');
    await exportServiceDefinition(exported, checked);
    expect(loadServiceDefinition(exported)).to.deep.equal(checked);
    // Over the existing file, as a rollback writes it: only the image line changes.
    const before = readFileSync(fresh, 'utf8');
    const api = checked.components[0]!;
    await exportServiceDefinition(fresh, { ...checked, components: [{ ...api, image: 'registry.example/metacrypt:v1.3.0' }, ...checked.components.slice(1)] });
    expect(readFileSync(fresh, 'utf8')).to.equal(before.replace('metacrypt:v1.2.0', 'metacrypt:v1.3.0'));
  });

  it('exports over a commented file changing only the changed lines', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    const current = loadServiceDefinition(path);
    const api = current.components[0]!;
    await exportServiceDefinition(path, { ...current, components: [{ ...api, image: 'registry.example/metacrypt:v1.3.0' }] });
    expect(readFileSync(path, 'utf8')).to.equal(COMMENTED.replace('metacrypt:v1.2.0', 'metacrypt:v1.3.0'));
  });

  it('exports a clean, readable file when none exists', async () => {
    const path = join(dir, 'metacrypt.toml');
    await exportServiceDefinition(path, spec());
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('name = "metacrypt"\nnode = "rift"\nactive = true\n\n[[components]]\nname = "api"\n')).to.equal(true);
    expect(text).not.to.include('unless-stopped');
    expect(loadServiceDefinition(path)).to.deep.equal(spec());
  });

  it('never writes an invalid spec, and leaves the old file intact', async () => {
    const path = join(dir, 'metacrypt.toml');
    writeFileSync(path, COMMENTED);
    const bad = { ...loadServiceDefinition(path), components: [] };
    expect((await rejection(exportServiceDefinition(path, bad))).message).to.match(/components: at least one/);
    const hostile = { ...loadServiceDefinition(path), name: '--privileged' };
    expect((await rejection(writeServiceDefinition(path, hostile))).message).to.match(/invalid service name/);
    expect(readFileSync(path, 'utf8')).to.equal(COMMENTED);
    expect(readdirSync(dir)).to.deep.equal(['metacrypt.toml']);
  });

  it('loads every *.toml of a directory in name order, ignoring other files', async () => {
    await writeServiceDefinition(join(dir, 'zeta.toml'), spec({ name: 'zeta' }));
    await writeServiceDefinition(join(dir, 'alpha.toml'), spec({ name: 'alpha' }));
    writeFileSync(join(dir, 'notes.txt'), 'not a service');
    expect(loadAllServiceDefinitions(dir).map((s) => s.name)).to.deep.equal(['alpha', 'zeta']);
  });

  it('fails the directory load naming the one bad file', async () => {
    await writeServiceDefinition(join(dir, 'alpha.toml'), spec({ name: 'alpha' }));
    writeFileSync(join(dir, 'beta.toml'), 'name = "beta"\nnode = "rift"\n[[components]]\nname = "api"\nimagee = "x"\n');
    expect(() => loadAllServiceDefinitions(dir)).to.throw(`${join(dir, 'beta.toml')}: unknown key "imagee" in components[0]`);
  });

  it('rejects a file whose service name differs from its file name', async () => {
    await writeServiceDefinition(join(dir, 'alpha.toml'), spec({ name: 'beta' }));
    expect(() => loadAllServiceDefinitions(dir)).to.throw(/alpha\.toml: name: the file defines service "beta" but is named "alpha\.toml"/);
    expect(() => loadServiceDefinitionByName(dir, 'alpha')).to.throw(/rename the file to beta\.toml/);
    expect(loadServiceDefinition(join(dir, 'alpha.toml')).name).to.equal('beta');
  });

  it('refuses a hostile service name before touching the file system', async () =>
    expect(() => loadServiceDefinitionByName(dir, '../etc/passwd')).to.throw(/invalid service name/).with.property('code', 'INVALID_NAME'));

  it('refuses nesting past 16 levels and files over 1 MiB, naming file and key, before any library recursion', () => {
    const file = join(dir, 'deep.toml');
    const head = 'name = "deep"\nnode = "rift"\n[[components]]\nname = "api"\nimage = "img:v1"\n';
    const cases: [string, string][] = [
      [`cmd = ${'['.repeat(5000)}${']'.repeat(5000)}`, 'components[0].cmd: arrays or tables nested more than 16 levels deep'],
      [`env = ${'{ a = '.repeat(5000)}"x"${' }'.repeat(5000)}`, 'components[0].env: arrays or tables nested more than 16 levels deep'],
      [`[${Array.from({ length: 5000 }, () => 'x').join('.')}]`, 'x.x: arrays or tables nested more than 16 levels deep'],
      // cmd sits at depth 3 (components, [0], cmd): 14 brackets reach 16, the validators name it; 15 are refused.
      [`cmd = ${'['.repeat(14)}${']'.repeat(14)}`, 'components[0].cmd: expected an array of strings, got [[[[[[[[[[[[[[]]]]]]]]]]]]]]'],
      [`cmd = ${'['.repeat(15)}${']'.repeat(15)}`, 'components[0].cmd: arrays or tables nested more than 16 levels deep'],
      [`cmd = ["${'x'.repeat(1024 * 1024)}"]`, 'too large for a service definition (over 1048576 bytes)'],
      [`image2 = "${'x'.repeat(100_000)}"`, 'unknown key "image2" in components[0]'],
    ];
    for (const [tail, message] of cases) {
      writeFileSync(file, `${head}${tail}\n`);
      expect(() => loadServiceDefinition(file)).to.throw(`${file}: ${message}`).with.property('code', 'INVALID_SPEC');
    }
    writeFileSync(file, head.replace('name = "api"', `name = "${'A'.repeat(100_000)}"`));
    expect(() => loadServiceDefinition(file)).to.throw(/: components\[0\]\.name: invalid component name "AAAA+\.\.\." \(100000 characters\): use/);
    expect(() => loadServiceDefinition('/dev/zero')).to.throw('/dev/zero: too large for a service definition').with.property('code', 'INVALID_SPEC');
  });

  it('says which file is missing', async () => {
    expect(() => loadServiceDefinition(join(dir, 'nope.toml'))).to.throw(`${join(dir, 'nope.toml')}: service definition not found`).with.property('code', 'FILE_NOT_FOUND');
    expect(() => loadAllServiceDefinitions(join(dir, 'missing'))).to.throw(/services directory not found/);
  });
});
