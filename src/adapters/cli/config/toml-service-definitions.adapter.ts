import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDefinitions } from '../../../application/operator/ports/operator.ports';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import { loadAllServiceDefinitions, loadServiceDefinition } from '../../definitions/toml/service-definition.loader';
import { renderServiceDefinition } from '../../definitions/toml/service-definition.render';
import { exportServiceDefinition, setActive } from '../../definitions/toml/service-definition.writer';

/** `<services dir>/<service>.toml` files, read and written by the definitions adapter (comments kept). */
export class TomlServiceDefinitions implements ServiceDefinitions {
  constructor(private readonly dir: string) {}

  defaultPath(service: string): string {
    return join(this.dir, `${service}.toml`);
  }

  async exists(path: string): Promise<boolean> {
    return existsSync(path);
  }

  async load(path: string): Promise<ServiceSpec> {
    return loadServiceDefinition(path);
  }

  async loadAll(): Promise<ReadonlyArray<{ path: string; spec: ServiceSpec }>> {
    return loadAllServiceDefinitions(this.dir).map((spec) => ({ path: this.defaultPath(spec.name), spec }));
  }

  async setActive(path: string, active: boolean): Promise<ServiceSpec> {
    return setActive(path, active);
  }

  async export(path: string, spec: ServiceSpec): Promise<void> {
    await exportServiceDefinition(path, spec);
  }

  render(spec: ServiceSpec): string {
    return renderServiceDefinition(spec);
  }
}
