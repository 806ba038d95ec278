import { type ComponentSpec, DEFAULT_PULL, DEFAULT_RESTART, type ServiceSpec } from '../../../domain/service/service-spec';
import { tomlValue } from './toml-source';

export const COMPONENT_KEYS = ['name', 'image', 'network', 'user', 'restart', 'ports', 'volumes', 'cmd', 'env', 'pull'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/**
 * The value a component key should have in a file, or undefined when the
 * key is best left out: defaults (restart unless-stopped, pull always) and
 * empty lists are not written, so a file says only what reproduces the spec.
 */
export function componentValue(c: ComponentSpec, key: ComponentKey): unknown {
  switch (key) {
    case 'name':
    case 'image':
      return c[key];
    case 'network':
    case 'user':
      return c[key];
    case 'restart':
      return c.restart === DEFAULT_RESTART ? undefined : c.restart;
    case 'pull':
      return c.pull === DEFAULT_PULL ? undefined : c.pull;
    case 'ports':
    case 'volumes':
    case 'cmd':
      return c[key].length === 0 ? undefined : c[key];
    case 'env':
      return Object.keys(c.env).length === 0 ? undefined : c.env;
  }
}

export function renderComponent(c: ComponentSpec): string[] {
  const lines = ['[[components]]'];
  for (const key of COMPONENT_KEYS) {
    const value = componentValue(c, key);
    if (value !== undefined) lines.push(`${key} = ${tomlValue(value)}`);
  }
  return lines;
}

/** A clean file for a spec: name, node, active, then one [[components]] block each, blank-line separated. */
export function renderServiceDefinition(spec: ServiceSpec): string {
  const lines = [`name = ${tomlValue(spec.name)}`, `node = ${tomlValue(spec.node)}`, `active = ${tomlValue(spec.active)}`];
  for (const c of spec.components) lines.push('', ...renderComponent(c));
  return `${lines.join('\n')}\n`;
}
