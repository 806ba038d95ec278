import { expect } from 'chai';
import {
  imageExistsArgs,
  imageInspectArgs,
  inspectArgs,
  listArgs,
  pullArgs,
  removalLookArgs,
  removeArgs,
  runArgs,
  startArgs,
  stopArgs,
} from '../../../src/adapters/runtime/podman/podman-args';
import { toContainerSpec } from '../../../src/domain/service/container-spec';
import type { ContainerSpec } from '../../../src/domain/service/container-spec';

const full: ContainerSpec = toContainerSpec('metacrypt', {
  name: 'api',
  image: 'registry.example/metacrypt:v1.2.0',
  network: 'mcpnet',
  user: '0:0',
  restart: 'unless-stopped',
  ports: ['127.0.0.1:8443:8443', '127.0.0.1:53:53/udp'],
  volumes: ['/srv/metacrypt:/srv/metacrypt:Z', 'data:/var/lib/data:ro'],
  cmd: ['server', '--config', '/srv/metacrypt/metacrypt.toml'],
  env: { LOG_LEVEL: 'info', EMPTY: '' },
  pull: 'always',
});

describe('podman argv', () => {
  it('runs a full component as `podman run -d --name <container> <flags…> <image> <cmd…>`', () => {
    expect(runArgs(full)).to.deep.equal([
      'run',
      '-d',
      '--pull=never',
      '--name=metacrypt-api',
      '--network=mcpnet',
      '--user=0:0',
      '--restart=unless-stopped',
      '-p=127.0.0.1:8443:8443',
      '-p=127.0.0.1:53:53/udp',
      '-v=/srv/metacrypt:/srv/metacrypt:Z',
      '-v=data:/var/lib/data:ro',
      '-e=LOG_LEVEL=info',
      '-e=EMPTY=',
      '--label=mcp.service=metacrypt',
      '--label=mcp.component=api',
      'registry.example/metacrypt:v1.2.0',
      'server',
      '--config',
      '/srv/metacrypt/metacrypt.toml',
    ]);
  });

  it('leaves out network and user when not given, and names a single-component service by the service', () => {
    const spec = toContainerSpec('mc-proxy', { name: 'mc-proxy', image: 'reg/p:v1', restart: 'no', ports: [], volumes: [], cmd: [], env: {}, pull: 'never' });
    expect(runArgs(spec)).to.deep.equal([
      'run',
      '-d',
      '--pull=never',
      '--name=mc-proxy',
      '--restart=no',
      '--label=mcp.service=mc-proxy',
      '--label=mcp.component=mc-proxy',
      'reg/p:v1',
    ]);
  });

  it('glues every value to its flag, so values that look like flags or hold spaces stay values', () => {
    const spec: ContainerSpec = { ...full, env: { OPTS: '--privileged', SPACED: 'a b  c', EQ: 'x=y' }, cmd: ['--rm', '-v', '/:/host'] };
    const args = runArgs(spec);
    expect(args).to.include.members(['-e=OPTS=--privileged', '-e=SPACED=a b  c', '-e=EQ=x=y']);
    expect(args).to.not.include('--privileged');
    const image = args.indexOf(spec.image);
    // The command follows the image: podman hands it to the container, not to its own flag parser.
    expect(args.slice(image + 1)).to.deep.equal(['--rm', '-v', '/:/host']);
    for (const a of args.slice(0, image)) expect(a === 'run' || a === '-d' || a.includes('=')).to.equal(true, a);
  });

  it('ends podman flags with -- before positional names and images', () => {
    expect(pullArgs('reg/x:v1')).to.deep.equal(['pull', '--quiet', '--', 'reg/x:v1']);
    expect(imageExistsArgs('reg/x:v1')).to.deep.equal(['image', 'exists', '--', 'reg/x:v1']);
    expect(startArgs('a')).to.deep.equal(['start', '--', 'a']);
    expect(stopArgs('a', 7)).to.deep.equal(['stop', '--time=7', '--', 'a']);
    expect(removeArgs('a', 3)).to.deep.equal(['rm', '--force', '--ignore', '--time=3', '--', 'a']);
    expect(removalLookArgs('a')).to.deep.equal(['container', 'inspect', '--format={{.State.Status}} {{range .Config.CreateCommand}}{{.}} {{end}}', '--', 'a']);
    expect(inspectArgs(['a', 'b'])).to.deep.equal(['container', 'inspect', '--', 'a', 'b']);
    expect(imageInspectArgs(['i1', 'i2'])).to.deep.equal(['image', 'inspect', '--', 'i1', 'i2']);
  });

  it('lists every container, running or not, as JSON', () => {
    expect(listArgs()).to.deep.equal(['ps', '--all', '--format=json']);
  });
});
