import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { assertValidName } from '../../../domain/names/name.value';
import { numbered } from '../../../domain/revision/revision';
import { secretNamesOf } from '../../../domain/service/service-spec';
import type { Clock } from '../../shared/ports/clock.port';
import type { SecretListing } from '../../shared/results/secret-listing';
import type { Registry } from '../ports/registry.port';
import type { SecretInfo, SecretStore } from '../ports/secret-store.port';
import type { KeyedLock } from '../support/keyed-lock';

/** podman refuses a secret over 512 KiB; a TLS bundle or a key file fits well within this. */
export const MAX_SECRET_BYTES = 64 * 1024;

export interface SetSecretInput {
  readonly service: string;
  readonly name: string;
  readonly value: Uint8Array;
  readonly caller: string;
}

/**
 * `mcp secret set|list|rm` on the node. Each takes the service's lock, so a
 * value never changes under a deploy that is reading it, and `rm` cannot
 * pass between a deploy's check and its use.
 */
export class SecretUseCases {
  constructor(
    private readonly store: SecretStore,
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly lock: KeyedLock,
  ) {}

  async set(input: SetSecretInput): Promise<SecretListing> {
    const service = assertValidName('service', input.service);
    const name = assertValidName('secret', input.name);
    if (input.value.length === 0) throw new DomainError(ErrorCode.InvalidArgument, `secret ${service}/${name}: the value is empty (nothing was read from stdin or the file)`);
    if (input.value.length > MAX_SECRET_BYTES) {
      throw new DomainError(ErrorCode.FileTooLarge, `secret ${service}/${name}: ${input.value.length} bytes is over the limit of ${MAX_SECRET_BYTES}`);
    }
    return this.lock.run(service, async () => {
      const info = await this.store.put(service, name, input.value, input.caller, this.clock.now());
      await this.store.prune(service, name, await this.keptVersions(service, name));
      return listing(info, await this.usersOf(service, name));
    });
  }

  async list(service: string): Promise<SecretListing[]> {
    const name = assertValidName('service', service);
    const [infos, record] = await Promise.all([this.store.list(name), this.registry.getService(name)]);
    const used = new Map<string, string[]>();
    for (const c of record?.components ?? []) for (const s of secretNamesOf(c.spec)) used.set(s, [...(used.get(s) ?? []), c.spec.name]);
    const rows = infos.map((i) => listing(i, used.get(i.name) ?? []));
    for (const [secret, users] of used) {
      if (!infos.some((i) => i.name === secret)) rows.push({ name: secret, set: false, version: 0, size: 0, updatedBy: '', usedBy: users });
    }
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(input: { service: string; name: string }): Promise<void> {
    const service = assertValidName('service', input.service);
    const name = assertValidName('secret', input.name);
    await this.lock.run(service, async () => {
      const users = await this.usersOf(service, name);
      if (users.length > 0) {
        throw new DomainError(ErrorCode.SecretInUse, `secret ${service}/${name} is used by ${users.map((u) => `${service}/${u}`).join(', ')}: remove it from their spec and deploy first`);
      }
      if (!(await this.store.remove(service, name, await this.keptVersions(service, name)))) {
        throw new DomainError(ErrorCode.SecretNotFound, `service ${service} has no secret ${name}`);
      }
    });
  }

  private async usersOf(service: string, secret: string): Promise<string[]> {
    const record = await this.registry.getService(service);
    return (record?.components ?? []).filter((c) => secretNamesOf(c.spec).includes(secret)).map((c) => c.spec.name);
  }

  /** The versions kept revisions ran: a rollback to them needs them. */
  private async keptVersions(service: string, secret: string): Promise<number[]> {
    const history = numbered(await this.registry.listRevisions(service));
    return [...new Set(history.flatMap((r) => r.components.map((c) => c.secrets?.[secret]).filter((v): v is number => v !== undefined)))];
  }
}

function listing(info: SecretInfo, usedBy: readonly string[]): SecretListing {
  return { name: info.name, set: true, version: info.version, size: info.size, updatedAt: info.updatedAt, updatedBy: info.updatedBy, usedBy };
}
