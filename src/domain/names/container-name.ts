/**
 * `<service>-<component>`, or just `<service>` when the component is named
 * like the service (a single-component service `mc-proxy` → `mc-proxy`).
 */
export function containerName(service: string, component: string): string {
  return service === component ? service : `${service}-${component}`;
}

/**
 * The component a container would be for a service, by name alone:
 * `metacrypt-api` → `api`, `mc-proxy` for service `mc-proxy` → `mc-proxy`.
 * Undefined when the container does not carry the service's prefix, and
 * for a deploy's `.mcp-prev` (never adopted).
 */
export function componentFromContainerName(service: string, container: string): string | undefined {
  if (isPreviousContainer(container)) return undefined;
  if (container === service) return service;
  const prefix = `${service}-`;
  if (container.startsWith(prefix) && container.length > prefix.length) return container.slice(prefix.length);
  return undefined;
}

/**
 * During a deploy the old container waits under this name until the new one
 * passes its gate. These are MCP's own: never unmanaged, never adopted.
 */
export const PREVIOUS_SUFFIX = '.mcp-prev';

export function previousContainerName(container: string): string {
  return `${container}${PREVIOUS_SUFFIX}`;
}

export function isPreviousContainer(name: string): boolean {
  return name.endsWith(PREVIOUS_SUFFIX);
}
