import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAllServiceDefinitions, loadServiceDefinitionByName } from '../../../src/adapters/definitions/toml/service-definition.loader';
import { TomlServiceDefinitions } from '../../../src/adapters/cli/config/toml-service-definitions.adapter';
import { rejection } from '../../support/rejection';

describe('service definition files: container names that collide (real file system)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-collide-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, node: string, component: string) =>
    writeFileSync(join(dir, `${name}.toml`), `name = "${name}"\nnode = "${node}"\n[[components]]\nname = "${component}"\nimage = "reg/${name}:v1"\n`);

  it('fails the directory load with NAME_COLLISION naming both files, both services and the container', () => {
    write('relx', 'rift', 'a-b');
    write('relx-a', 'rift', 'b');
    expect(() => loadAllServiceDefinitions(dir))
      // Files load in name order: `relx-a.toml` sorts before `relx.toml`.
      .to.throw(`${join(dir, 'relx-a.toml')} and ${join(dir, 'relx.toml')}: services relx-a and relx both name container relx-a-b (relx-a component b, relx component a-b)`)
      .with.property('code', 'NAME_COLLISION');
  });

  it('refuses one file by name (deploy, stop, plan <service>, …) when another file of the dir on its node names the same container, naming both', async () => {
    write('relx', 'rift', 'a-b');
    write('relx-a', 'rift', 'b');
    const message = (first: string, second: string, c1: string, c2: string) =>
      `${join(dir, `${first}.toml`)} and ${join(dir, `${second}.toml`)}: services ${first} and ${second} both name container relx-a-b ` +
      `(${first} component ${c1}, ${second} component ${c2}): rename a component or a service; nothing was changed`;
    expect(() => loadServiceDefinitionByName(dir, 'relx')).to.throw(message('relx', 'relx-a', 'a-b', 'b')).with.property('code', 'NAME_COLLISION');
    expect(() => loadServiceDefinitionByName(dir, 'relx-a')).to.throw(message('relx-a', 'relx', 'b', 'a-b')).with.property('code', 'NAME_COLLISION');
    // The CLI's definitions adapter, by which every one-service command loads its file.
    const definitions = new TomlServiceDefinitions(dir);
    const err = await rejection(definitions.load(join(dir, 'relx.toml')));
    expect([err.code, err.message]).to.deep.equal(['NAME_COLLISION', message('relx', 'relx-a', 'a-b', 'b')]);
    // A -f file elsewhere is checked against the dir too.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'relx.toml'), `name = "relx"\nnode = "rift"\n[[components]]\nname = "a-b"\nimage = "reg/relx:v2"\n`);
    expect((await rejection(definitions.load(join(elsewhere, 'relx.toml')))).code).to.equal('NAME_COLLISION');
  });

  it('a file by name is not blocked by other files that do not load, are misnamed, or sit on another node', () => {
    write('relx', 'rift', 'a-b');
    write('relx-a', 'other', 'b');
    writeFileSync(join(dir, 'broken.toml'), 'name = "broken"\nnode = \n');
    // Misnamed: it defines relx-a (on rift, colliding) but is named after another service; its own load says so.
    writeFileSync(join(dir, 'misnamed.toml'), `name = "relx-a"\nnode = "rift"\n[[components]]\nname = "b"\nimage = "reg/x:v1"\n`);
    expect(loadServiceDefinitionByName(dir, 'relx').name).to.equal('relx');
    expect(loadServiceDefinitionByName(dir, 'relx-a').name).to.equal('relx-a');
  });

  it('loads the same pair for two different nodes: a container name is unique per node', () => {
    write('relx', 'rift', 'a-b');
    write('relx-a', 'other', 'b');
    expect(loadAllServiceDefinitions(dir).map((s) => s.name)).to.deep.equal(['relx-a', 'relx']);
  });
});
