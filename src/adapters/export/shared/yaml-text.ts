import { Document } from 'yaml';

/**
 * YAML that YAML 1.1 readers (PyYAML in podman-compose, go-yaml behind
 * Kubernetes and podman) read back as the same strings: every string value is
 * double-quoted, so `no`, `on`, `0777` or `22:22` never turn into a boolean or
 * a number.
 */
export function yamlDocument(value: unknown, comment?: string): string {
  const doc = new Document(value, { version: '1.1' });
  if (comment !== undefined) doc.commentBefore = comment;
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
}

/** The comment every exported file starts with. */
export function exportHeader(service: string, node: string, active: boolean): string {
  const lines = [` MCP service ${service} (node ${node}), written by \`mcp service export\`.`];
  if (!active) lines.push(' In MCP this service is stopped (active = false): do not start it unless you mean to.');
  return lines.join('\n');
}
