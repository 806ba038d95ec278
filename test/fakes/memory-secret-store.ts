import type { SecretInfo, SecretStore, SecretValue } from '../../src/application/agent/ports/secret-store.port';

interface Version extends SecretInfo {
  readonly value: Uint8Array;
  live: boolean;
}

/** The SecretStore in memory, with the same versioning as the SQLite one (tested against it in test/integration/registry/secret-store.test.ts). */
export class MemorySecretStore implements SecretStore {
  readonly versions: Version[] = [];
  reads = 0;

  async put(service: string, name: string, value: Uint8Array, by: string, at: Date): Promise<SecretInfo> {
    const mine = this.versions.filter((v) => v.service === service && v.name === name);
    for (const v of mine) v.live = false;
    const version = Math.max(0, ...mine.map((v) => v.version)) + 1;
    const info = { service, name, version, size: value.length, updatedAt: at, updatedBy: by };
    this.versions.push({ ...info, value: Buffer.from(value), live: true });
    return info;
  }

  async list(service: string): Promise<SecretInfo[]> {
    return this.versions
      .filter((v) => v.service === service && v.live)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ value: _v, live: _l, ...info }) => info);
  }

  async read(service: string, name: string, version?: number): Promise<SecretValue | undefined> {
    this.reads++;
    const v = this.versions.find((x) => x.service === service && x.name === name && (version === undefined ? x.live : x.version === version));
    return v ? { version: v.version, value: v.value } : undefined;
  }

  async remove(service: string, name: string, keep: readonly number[]): Promise<boolean> {
    const mine = this.versions.filter((v) => v.service === service && v.name === name);
    const had = mine.some((v) => v.live);
    for (const v of mine) v.live = false;
    await this.prune(service, name, keep);
    return had;
  }

  async prune(service: string, name: string, keep: readonly number[]): Promise<void> {
    for (let i = this.versions.length - 1; i >= 0; i--) {
      const v = this.versions[i]!;
      if (v.service === service && v.name === name && !v.live && !keep.includes(v.version)) this.versions.splice(i, 1);
    }
  }
}
