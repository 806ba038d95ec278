import type { EntityManager } from 'typeorm';
import type { SecretInfo, SecretStore, SecretValue } from '../../../application/agent/ports/secret-store.port';
import type { SecretCipher } from '../../secrets/aes-gcm/secret-cipher';

interface VersionRow {
  service: string;
  name: string;
  version: number;
  value?: Uint8Array;
  size: number;
  at: number;
  caller: string;
}

/** Runs a task in the registry's call order (TypeormRegistry.exclusive). */
export type Exclusive = <T>(operation: string, task: (m: EntityManager) => Promise<T>, transactional?: boolean) => Promise<T>;

const bound = (service: string, name: string, version: number): string => `${service}/${name}/v${version}`;

const toInfo = (r: VersionRow): SecretInfo => ({
  service: r.service,
  name: r.name,
  version: Number(r.version),
  size: Number(r.size),
  updatedAt: new Date(Number(r.at)),
  updatedBy: r.caller,
});

/**
 * Secret versions in the registry's `secret_versions` table, sealed with
 * AES-256-GCM before they reach SQLite. The cipher is asked for on first
 * use only, so an agent whose services use no secret never makes a key.
 */
export class TypeormSecretStore implements SecretStore {
  private cipherOnce: Promise<SecretCipher> | undefined;

  constructor(
    private readonly exclusive: Exclusive,
    private readonly makeCipher: () => Promise<SecretCipher>,
  ) {}

  private cipher(): Promise<SecretCipher> {
    this.cipherOnce ??= this.makeCipher().catch((e: unknown) => {
      this.cipherOnce = undefined;
      throw e;
    });
    return this.cipherOnce;
  }

  async put(service: string, name: string, value: Uint8Array, by: string, at: Date): Promise<SecretInfo> {
    const cipher = await this.cipher();
    return this.exclusive(
      'putSecret',
      async (m) => {
        const rows: Array<{ v: number | null }> = await m.query('SELECT MAX(version) AS v FROM secret_versions WHERE service = ? AND name = ?', [service, name]);
        const version = Number(rows[0]?.v ?? 0) + 1;
        const sealed = cipher.seal(value, bound(service, name, version));
        await m.query('UPDATE secret_versions SET live = 0 WHERE service = ? AND name = ?', [service, name]);
        await m.query('INSERT INTO secret_versions (service, name, version, value, size, at, caller, live) VALUES (?, ?, ?, ?, ?, ?, ?, 1)', [
          service,
          name,
          version,
          sealed,
          value.length,
          at.getTime(),
          by,
        ]);
        return { service, name, version, size: value.length, updatedAt: at, updatedBy: by };
      },
      true,
    );
  }

  /** How many sealed versions the registry holds, of every service (kept ones included): whether a key was ever used. */
  sealedVersions(): Promise<number> {
    return this.exclusive('countSecrets', async (m) => {
      const rows: Array<{ n: number }> = await m.query('SELECT COUNT(*) AS n FROM secret_versions');
      return Number(rows[0]?.n ?? 0);
    });
  }

  list(service: string): Promise<SecretInfo[]> {
    // `put` clears `live` on every other version in the same transaction: one live row per name.
    return this.exclusive('listSecrets', async (m) => {
      const rows: VersionRow[] = await m.query('SELECT service, name, version, size, at, caller FROM secret_versions WHERE service = ? AND live = 1 ORDER BY name ASC', [service]);
      return rows.map(toInfo);
    });
  }

  async read(service: string, name: string, version?: number): Promise<SecretValue | undefined> {
    const cipher = await this.cipher();
    return this.exclusive('readSecret', async (m) => {
      const rows: VersionRow[] =
        version === undefined
          ? await m.query('SELECT * FROM secret_versions WHERE service = ? AND name = ? AND live = 1 ORDER BY version DESC LIMIT 1', [service, name])
          : await m.query('SELECT * FROM secret_versions WHERE service = ? AND name = ? AND version = ?', [service, name, version]);
      const row = rows[0];
      if (!row) return undefined;
      return { version: Number(row.version), value: cipher.open(row.value!, bound(service, name, Number(row.version))) };
    });
  }

  remove(service: string, name: string, keep: readonly number[]): Promise<boolean> {
    return this.exclusive(
      'removeSecret',
      async (m) => {
        const live: unknown[] = await m.query('SELECT version FROM secret_versions WHERE service = ? AND name = ? AND live = 1', [service, name]);
        await m.query('UPDATE secret_versions SET live = 0 WHERE service = ? AND name = ?', [service, name]);
        await this.dropUnkept(m, service, name, keep);
        return live.length > 0;
      },
      true,
    );
  }

  prune(service: string, name: string, keep: readonly number[]): Promise<void> {
    return this.exclusive('pruneSecret', (m) => this.dropUnkept(m, service, name, keep));
  }

  private async dropUnkept(m: EntityManager, service: string, name: string, keep: readonly number[]): Promise<void> {
    const kept = keep.map(Number).filter(Number.isInteger);
    await m.query(`DELETE FROM secret_versions WHERE service = ? AND name = ? AND live = 0${kept.length ? ` AND version NOT IN (${kept.map(() => '?').join(', ')})` : ''}`, [
      service,
      name,
      ...kept,
    ]);
  }
}
