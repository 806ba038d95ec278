import { expect } from 'chai';
import { toContainerSpec } from '../../../src/domain/service/container-spec';
import { type ServiceInput, createServiceSpec, findComponent, sameComponentSpec } from '../../../src/domain/service/service-spec';

const base = (): ServiceInput => ({ name: 'metacrypt', node: 'rift', components: [{ name: 'api', image: 'reg/metacrypt:v1' }] });
const rejects = (input: unknown, pattern: RegExp, code = 'INVALID_SPEC') =>
  expect(() => createServiceSpec(input as ServiceInput, 'metacrypt.toml')).to.throw(pattern).with.property('code', code);

describe('createServiceSpec', () => {
  it('applies defaults: active true, restart unless-stopped, pull always, empty lists', () => {
    const spec = createServiceSpec(base(), 'x');
    expect(spec.active).to.equal(true);
    expect(spec.components[0]).to.deep.equal({ name: 'api', image: 'reg/metacrypt:v1', restart: 'unless-stopped', pull: 'always', ports: [], volumes: [], cmd: [], env: {} });
  });
  it('keeps active false', () => expect(createServiceSpec({ ...base(), active: false }, 'x').active).to.equal(false));
  it('rejects a missing name', () => rejects({ ...base(), name: undefined }, /metacrypt\.toml: name: invalid service name/, 'INVALID_NAME'));
  it('rejects a missing node', () => rejects({ ...base(), node: undefined }, /metacrypt\.toml: node: invalid node name/, 'INVALID_NAME'));
  it('rejects no components', () => rejects({ ...base(), components: [] }, /components: at least one/));
  it('rejects duplicate component names', () =>
    rejects({ ...base(), components: [{ name: 'api', image: 'a' }, { name: 'api', image: 'b' }] }, /components\[1\]\.name: duplicate component name "api"/));
  it('rejects a hostile component name', () => rejects({ ...base(), components: [{ name: '--privileged', image: 'a' }] }, /components\[0\]\.name/, 'INVALID_NAME'));
  it('rejects a bad pull value', () => rejects({ ...base(), components: [{ name: 'api', image: 'a', pull: 'sometimes' }] }, /components\[0\]\.pull: invalid value "sometimes"/));
  it('rejects a bad restart value', () => rejects({ ...base(), components: [{ name: 'api', image: 'a', restart: 'maybe' }] }, /restart/));
  it('rejects an image that reads as a flag', () => rejects({ ...base(), components: [{ name: 'api', image: '--privileged' }] }, /components\[0\]\.image/));
  it('rejects a port that reads as a flag', () => rejects({ ...base(), components: [{ name: 'api', image: 'a', ports: ['--privileged'] }] }, /ports\[0\]/));
  it('rejects a bad env name', () => rejects({ ...base(), components: [{ name: 'api', image: 'a', env: { 'A B': '1' } }] }, /env: invalid variable name/));
  it('accepts cmd arguments that start with a dash (they follow the image)', () => {
    const spec = createServiceSpec({ ...base(), components: [{ name: 'api', image: 'a', cmd: ['server', '--config', '/x'] }] }, 'x');
    expect(spec.components[0]!.cmd).to.deep.equal(['server', '--config', '/x']);
  });
  it('finds components and says which is missing', () => {
    const spec = createServiceSpec(base(), 'x');
    expect(findComponent(spec, 'api').name).to.equal('api');
    expect(() => findComponent(spec, 'web')).to.throw(/no component "web"/).with.property('code', 'COMPONENT_NOT_FOUND');
  });
  it('compares components structurally, env order aside', () => {
    const a = createServiceSpec({ ...base(), components: [{ name: 'api', image: 'a', env: { A: '1', B: '2' } }] }, 'x').components[0]!;
    const b = createServiceSpec({ ...base(), components: [{ name: 'api', image: 'a', env: { B: '2', A: '1' } }] }, 'x').components[0]!;
    const c = createServiceSpec({ ...base(), components: [{ name: 'api', image: 'b', env: { B: '2', A: '1' } }] }, 'x').components[0]!;
    expect(sameComponentSpec(a, b)).to.equal(true);
    expect(sameComponentSpec(a, c)).to.equal(false);
  });
});

describe('toContainerSpec', () => {
  it('names the container and labels it as MCP\'s', () => {
    const spec = createServiceSpec({ name: 'mc-proxy', node: 'rift', components: [{ name: 'mc-proxy', image: 'img:v1', network: 'mcpnet' }] }, 'x');
    const c = toContainerSpec('mc-proxy', spec.components[0]!);
    expect(c.name).to.equal('mc-proxy');
    expect(c.labels).to.deep.equal({ 'mcp.service': 'mc-proxy', 'mcp.component': 'mc-proxy' });
    expect(c.network).to.equal('mcpnet');
  });
});
