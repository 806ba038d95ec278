import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../repo-root';

export interface TestCerts {
  /** The temp directory holding everything below; removed by cleanup(). */
  readonly dir: string;
  readonly caPath: string;
  readonly caKeyPath: string;
  /** The agent/server certificate (SAN localhost, 127.0.0.1 and any extra names). */
  readonly certPath: string;
  readonly keyPath: string;
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  cleanup(): void;
}

/**
 * A fresh CA and server certificate, made by scripts/make-certs.sh (so the
 * script the operator runs is the one the tests exercise). Each call is a new,
 * unrelated CA: two calls give the "signed by the wrong CA" case.
 */
export function makeTestCerts(extraNames: readonly string[] = []): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-test-certs-'));
  try {
    execFileSync('bash', [join(repoRoot, 'scripts', 'make-certs.sh'), dir, ...extraNames], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`scripts/make-certs.sh failed: ${stderr || String(e)}`);
  }
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'agent.pem');
  const keyPath = join(dir, 'agent-key.pem');
  return {
    dir,
    caPath,
    caKeyPath: join(dir, 'ca-key.pem'),
    certPath,
    keyPath,
    ca: readFileSync(caPath),
    cert: readFileSync(certPath),
    key: readFileSync(keyPath),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A second CA with its own server certificate, trusted by nobody else: for "wrong CA" tests. */
export function makeUnrelatedCerts(extraNames: readonly string[] = []): TestCerts {
  return makeTestCerts(extraNames);
}
