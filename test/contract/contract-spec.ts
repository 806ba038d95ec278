import { type ContainerSpec, LABEL_COMPONENT, LABEL_SERVICE } from '../../src/domain/service/container-spec';

/** A minimal spec as MCP would run it: its labels, restart "no", nothing published. */
export function spec(name: string, image: string, extra: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name,
    image,
    labels: { [LABEL_SERVICE]: name, [LABEL_COMPONENT]: 'main' },
    restart: 'no',
    ports: [],
    volumes: [],
    env: {},
    cmd: [],
    ...extra,
  };
}
