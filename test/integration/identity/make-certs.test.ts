import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { repoRoot } from '../../support/repo-root';

const script = join(repoRoot, 'scripts', 'make-certs.sh');
const run = (...args: string[]) => execFileSync('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

describe('scripts/make-certs.sh', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'mcp-make-certs-')), 'certs');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  const cert = (name: string) => new X509Certificate(readFileSync(join(dir, name)));
  const mode = (name: string) => statSync(join(dir, name)).mode & 0o777;

  it('makes a CA and an agent certificate for localhost, 127.0.0.1 and the extra names', () => {
    run(dir, 'rift.example', '10.1.2.3');
    const ca = cert('ca.pem');
    const agent = cert('agent.pem');
    expect(ca.ca).to.equal(true);
    expect(agent.ca).to.equal(false);
    expect(agent.verify(ca.publicKey)).to.equal(true);
    expect(agent.subjectAltName).to.equal('DNS:localhost, IP Address:127.0.0.1, DNS:rift.example, IP Address:10.1.2.3');
    expect(agent.checkHost('rift.example')).to.equal('rift.example');
    expect(agent.checkIP('127.0.0.1')).to.equal('127.0.0.1');
  });

  it('writes the keys 0600', () => {
    run(dir);
    expect(mode('ca-key.pem')).to.equal(0o600);
    expect(mode('agent-key.pem')).to.equal(0o600);
    expect(mode('ca.pem')).to.equal(0o644);
  });

  it('keeps the CA and the agent certificate on a re-run', () => {
    run(dir, 'rift.example');
    const ca = readFileSync(join(dir, 'ca.pem'));
    const agent = readFileSync(join(dir, 'agent.pem'));
    run(dir, 'rift.example');
    expect(readFileSync(join(dir, 'ca.pem')).equals(ca)).to.equal(true);
    expect(readFileSync(join(dir, 'agent.pem')).equals(agent)).to.equal(true);
  });

  it('re-issues the agent certificate under the same CA when the names change', () => {
    run(dir);
    const ca = readFileSync(join(dir, 'ca.pem'));
    run(dir, 'other.example');
    expect(readFileSync(join(dir, 'ca.pem')).equals(ca)).to.equal(true);
    expect(cert('agent.pem').subjectAltName).to.include('DNS:other.example');
    expect(cert('agent.pem').verify(cert('ca.pem').publicKey)).to.equal(true);
  });

  it('replaces the CA only with --force', () => {
    run(dir);
    const ca = readFileSync(join(dir, 'ca.pem'));
    run('--force', dir);
    expect(readFileSync(join(dir, 'ca.pem')).equals(ca)).to.equal(false);
    expect(cert('agent.pem').verify(cert('ca.pem').publicKey)).to.equal(true);
  });

  it('refuses a name that could smuggle openssl config', () => {
    expect(() => run(dir, 'a,DNS:evil')).to.throw(/refusing name/);
  });
});
