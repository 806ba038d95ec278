import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAllServiceDefinitions, loadServiceDefinitionByName } from '../../../src/adapters/definitions/toml/service-definition.loader';

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
    // One file alone still loads: the agent checks it against what it holds.
    expect(loadServiceDefinitionByName(dir, 'relx-a').name).to.equal('relx-a');
  });

  it('loads the same pair for two different nodes: a container name is unique per node', () => {
    write('relx', 'rift', 'a-b');
    write('relx-a', 'other', 'b');
    expect(loadAllServiceDefinitions(dir).map((s) => s.name)).to.deep.equal(['relx-a', 'relx']);
  });
});
