import { expect } from 'chai';
import { parsePort, parseRestart, parseUser, parseVolume } from '../../../src/domain/service/run-options';
import { parseExportFormat } from '../../../src/domain/service/export-format';

describe('run options (format-neutral reading of podman flags)', () => {
  it('reads every -p form podman takes, and nothing else', () => {
    expect(parsePort('8080')).to.deep.equal({ containerPort: { from: 8080, to: 8080 }, protocol: 'tcp' });
    expect(parsePort('80:8080/udp')).to.deep.equal({ hostPort: { from: 80, to: 80 }, containerPort: { from: 8080, to: 8080 }, protocol: 'udp' });
    expect(parsePort('127.0.0.1:80:8080')).to.deep.include({ hostIp: '127.0.0.1', hostPort: { from: 80, to: 80 } });
    expect(parsePort('127.0.0.1::8080')).to.deep.equal({ hostIp: '127.0.0.1', containerPort: { from: 8080, to: 8080 }, protocol: 'tcp' });
    expect(parsePort('[::1]:80:8080/sctp')).to.deep.include({ hostIp: '::1', protocol: 'sctp' });
    expect(parsePort('8000-8002:9000-9002')).to.deep.include({ hostPort: { from: 8000, to: 8002 }, containerPort: { from: 9000, to: 9002 } });
    for (const bad of ['0', '70000', '80:http', '8000-8002:9000', '9-8', '1:2:3:4', '80/icmp', 'host.example:80:80']) expect(parsePort(bad), bad).to.equal(undefined);
  });

  it('reads -v as bind, named or anonymous with options', () => {
    expect(parseVolume('/srv/a:/a:ro,Z')).to.deep.equal({ source: { kind: 'bind', path: '/srv/a' }, target: '/a', options: ['ro', 'Z'] });
    expect(parseVolume('data:/data')).to.deep.equal({ source: { kind: 'named', name: 'data' }, target: '/data', options: [] });
    expect(parseVolume('/data')).to.deep.equal({ target: '/data', options: [] });
    expect(parseVolume('/data:ro')).to.deep.equal({ target: '/data', options: ['ro'] });
    for (const bad of ['data', 'a:b', '/a:/b:ro:x', '/a:/b:ro,,Z', 'bad name!:/x']) expect(parseVolume(bad), bad).to.equal(undefined);
  });

  it('reads users and restart policies', () => {
    expect(parseUser('1000:100')).to.deep.equal({ kind: 'numeric', uid: 1000, gid: 100 });
    expect(parseUser('0')).to.deep.equal({ kind: 'numeric', uid: 0 });
    expect(parseUser('www-data:www-data')).to.deep.equal({ kind: 'named', text: 'www-data:www-data' });
    expect(parseRestart('on-failure:3')).to.deep.equal({ policy: 'on-failure', maxRetries: 3 });
    expect(parseRestart('unless-stopped')).to.deep.equal({ policy: 'unless-stopped' });
  });

  it('knows the export formats', () => {
    expect(parseExportFormat('kube')).to.equal('kube');
    expect(() => parseExportFormat('helm')).to.throw(/unknown export format "helm": use toml, kube, quadlet, compose/);
  });
});
