import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ActiveChange, ServiceDefinitions } from '../../../application/operator/ports/operator.ports';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import { assertNoCollisionInDir, loadAllServiceDefinitions, loadServiceDefinition } from '../../definitions/toml/service-definition.loader';
import { renderServiceDefinition } from '../../definitions/toml/service-definition.render';
import { exportServiceDefinition, flipActive } from '../../definitions/toml/service-definition.writer';

/** `<services dir>/<service>.toml` files, read and written by the definitions adapter (comments kept). */
export class TomlServiceDefinitions implements ServiceDefinitions {
  constructor(private readonly dir: string) {}

  defaultPath(service: string): string {
    return join(this.dir, `${service}.toml`);
  }

  async exists(path: string): Promise<boolean> {
    return existsSync(path);
  }

  /**
   * One definition, refused (NAME_COLLISION) when it names a container that
   * another service's file in the services dir, on its node, names too: the
   * commands acting on one service (deploy, stop/start, plan <service>, …)
   * refuse the pair as sync and plan do. Whatever the path (`-f` too).
   */
  async load(path: string): Promise<ServiceSpec> {
    const spec = loadServiceDefinition(path);
    assertNoCollisionInDir(this.dir, path, spec);
    return spec;
  }

  async loadAll(): Promise<ReadonlyArray<{ path: string; spec: ServiceSpec }>> {
    return loadAllServiceDefinitions(this.dir).map((spec) => ({ path: this.defaultPath(spec.name), spec }));
  }

  async setActive(path: string, active: boolean): Promise<ActiveChange> {
    return flipActive(path, active);
  }

  async export(path: string, spec: ServiceSpec): Promise<void> {
    await exportServiceDefinition(path, spec);
  }

  render(spec: ServiceSpec): string {
    return renderServiceDefinition(spec);
  }
}
