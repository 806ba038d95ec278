import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate and its key, both PEM, made by the openssl CLI. */
export interface Issued {
  /** Unique within an OpensslCerts: it names the files. */
  readonly name: string;
  readonly cert: string;
  readonly key: string;
}

export interface CertOptions {
  /** The signer; absent: self-signed. */
  readonly by?: Issued;
  readonly ca?: boolean;
  /** SAN entries, e.g. ['DNS:localhost', 'IP:127.0.0.1']. */
  readonly san?: readonly string[];
  /** extendedKeyUsage, e.g. 'clientAuth'. */
  readonly eku?: string;
  readonly days?: number;
  /** keyUsage; absent: what a CA or a server certificate has. */
  readonly keyUsage?: string;
  /** The subject's common name; absent: the name. */
  readonly cn?: string;
}

/**
 * Certificates of any shape for TLS tests (intermediates, a signer that is no
 * CA, a client-only purpose…), from the same openssl an operator runs.
 */
export class OpensslCerts {
  readonly dir = mkdtempSync(join(tmpdir(), 'mcp-test-chain-'));

  issue(name: string, options: CertOptions = {}): Issued {
    const key = join(this.dir, `${name}-key.pem`);
    const cert = join(this.dir, `${name}.pem`);
    const ext = join(this.dir, `${name}.ext`);
    const lines = [options.ca ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=critical,CA:FALSE', `keyUsage=critical,${options.keyUsage ?? (options.ca ? 'keyCertSign,cRLSign' : 'digitalSignature')}`];
    if (options.san?.length) lines.push(`subjectAltName=${options.san.join(',')}`);
    if (options.eku) lines.push(`extendedKeyUsage=${options.eku}`);
    lines.push('subjectKeyIdentifier=hash');
    if (options.by) lines.push('authorityKeyIdentifier=keyid');
    writeFileSync(ext, `${lines.join('\n')}\n`);
    const days = String(options.days ?? 30);
    const subject = `/CN=${options.cn ?? name}`;
    if (options.by === undefined) {
      this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', days, '-subj', subject, '-extensions', 'v3', '-config', this.config(ext)]);
    } else {
      const csr = join(this.dir, `${name}.csr`);
      this.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', subject]);
      const signer = this.files(options.by);
      this.openssl(['x509', '-req', '-in', csr, '-CA', signer.cert, '-CAkey', signer.key, '-CAcreateserial', '-out', cert, '-days', days, '-extfile', ext]);
    }
    return { name, cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private files(issued: Issued): { cert: string; key: string } {
    return { cert: join(this.dir, `${issued.name}.pem`), key: join(this.dir, `${issued.name}-key.pem`) };
  }

  /** `req -x509` takes extensions from a config section, not an -extfile. */
  private config(ext: string): string {
    const path = `${ext}.cnf`;
    writeFileSync(path, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${readFileSync(ext, 'utf8')}`);
    return path;
  }

  private openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }
}
