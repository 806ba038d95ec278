import { expect } from 'chai';
import { createOptions } from '../../../src/adapters/runtime/docker/docker-create';
import { eventFromApi, infoFromList } from '../../../src/adapters/runtime/docker/docker-json';

describe('docker API mapping', () => {
  it('creates a container with the meaning podman run gives the same spec', () => {
    const body = createOptions({
      name: 'shop-web',
      image: 'reg/app:v1',
      labels: { 'mcp.service': 'shop', 'mcp.component': 'web' },
      network: 'host',
      user: '1000:1000',
      restart: 'on-failure:3',
      ports: ['127.0.0.1:8080:80', '9000:9000/udp'],
      volumes: ['/srv/data:/data:ro', 'cache:/cache'],
      env: { A: '1', B: 'x=y' },
      cmd: ['httpd', '-f'],
    });
    expect(body).to.deep.equal({
      name: 'shop-web',
      Image: 'reg/app:v1',
      Labels: { 'mcp.service': 'shop', 'mcp.component': 'web' },
      Env: ['A=1', 'B=x=y'],
      Cmd: ['httpd', '-f'],
      User: '1000:1000',
      ExposedPorts: { '80/tcp': {}, '9000/udp': {} },
      HostConfig: {
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9000/udp': [{ HostIp: '', HostPort: '9000' }] },
        Binds: ['/srv/data:/data:ro', 'cache:/cache'],
        NetworkMode: 'host',
      },
    });
  });

  it("leaves out cmd, user and network when not given, so the image's and the engine's defaults hold", () => {
    const body = createOptions({ name: 'x', image: 'i', labels: {}, restart: 'no', ports: [], volumes: [], env: {}, cmd: [] });
    expect(body).to.not.have.any.keys('Cmd', 'User');
    expect(body.HostConfig).to.not.have.property('NetworkMode');
    expect(body.HostConfig!.RestartPolicy).to.deep.equal({ Name: 'no' });
  });

  it('publishes every port of a range and refuses a port it cannot read, naming it', () => {
    const base = { name: 'x', image: 'i', labels: {}, restart: 'no', volumes: [], env: {}, cmd: [] };
    const body = createOptions({ ...base, ports: ['[::1]:8000-8001:9000-9001', '127.0.0.1::80'] });
    expect(body.HostConfig!.PortBindings).to.deep.equal({
      '9000/tcp': [{ HostIp: '::1', HostPort: '8000' }],
      '9001/tcp': [{ HostIp: '::1', HostPort: '8001' }],
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
    expect(() => createOptions({ ...base, ports: ['80/icmp'] })).to.throw('port "80/icmp": use [[ip:][hostPort]:]containerPort[/proto]');
  });

  it('reads a listed container: name without the slash, image ID without "sha256:", no start time', () => {
    expect(
      infoFromList({
        Id: 'abc',
        Names: ['/shop-web'],
        Image: 'reg/app:v1',
        ImageID: 'sha256:0123',
        State: 'running',
        Status: 'Up 5 minutes',
        Labels: { 'mcp.service': 'shop' },
      }),
    ).to.deep.equal({ name: 'shop-web', image: 'reg/app:v1', state: 'running', labels: { 'mcp.service': 'shop' }, imageId: '0123' });
  });

  it("reads a container event, keeping the labels and dropping the engine's own attributes", () => {
    // Recorded from dockerd 20.10 (API 1.41).
    const e = eventFromApi({
      status: 'die',
      id: 'abc',
      from: 'reg/app:v1',
      Type: 'container',
      Action: 'die',
      Actor: { ID: 'abc', Attributes: { exitCode: '0', image: 'reg/app:v1', 'mcp.component': 'main', 'mcp.service': 'shop', name: 'shop' } },
      scope: 'local',
      time: 1795790704,
      timeNano: 1795790704215754000,
    });
    expect(e).to.deep.equal({ container: 'shop', action: 'die', time: new Date(1795790704215), labels: { 'mcp.component': 'main', 'mcp.service': 'shop' } });
    expect(eventFromApi({ Type: 'image', Action: 'pull', Actor: { Attributes: { name: 'x' } }, time: 1 })).to.equal(undefined);
    expect(eventFromApi({ Type: 'container', Action: 'destroy', Actor: { Attributes: { name: 'x' } }, time: 1 })?.action).to.equal('remove');
  });
});
