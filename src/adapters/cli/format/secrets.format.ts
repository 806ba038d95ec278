import type { EnvKept } from '../../../application/operator/adopt.command';
import type { SecretsOnNode } from '../../../application/operator/secret.command';
import { type Column, DEFAULT_WIDTH, type Row, renderTable } from './table';

const iso = (d: Date | undefined): string => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

/** `mcp secret list`: NAME, VERSION, SIZE, UPDATED, BY, USED BY — never a value. */
export function formatSecrets(s: SecretsOnNode, width = DEFAULT_WIDTH): string {
  const head = `${s.service} on ${s.node}\n`;
  if (s.secrets.length === 0) return `${head}no secrets (\`mcp secret set ${s.service} <name>\` adds one)\n`;
  const columns: Column[] = [{ header: 'NAME' }, { header: 'VERSION' }, { header: 'SIZE' }, { header: 'UPDATED' }, { header: 'BY' }, { header: 'USED BY' }];
  const rows: Row[] = s.secrets.map((x) =>
    x.set
      ? [x.name, String(x.version), `${x.size}B`, iso(x.updatedAt), x.updatedBy, x.usedBy.join(' ') || '-']
      : [x.name, 'NOT SET', '-', '-', '-', `${x.usedBy.join(' ')} (a deploy is refused until it is set)`],
  );
  return head + renderTable(columns, rows, width);
}

export function formatSecretSet(s: SecretsOnNode): string {
  const x = s.secrets[0]!;
  return `set secret ${x.name} of ${s.service} on ${s.node}: version ${x.version}, ${x.size} bytes${x.usedBy.length ? `; \`mcp deploy ${s.service}\` applies it to ${x.usedBy.join(', ')}` : ''}\n`;
}

/** After `mcp adopt`: env values stay in the spec (they are the user's); a secret among them is safer in the node's store. */
export function formatEnvKept(service: string, kept: readonly EnvKept[] | undefined): string {
  if (!kept || kept.length === 0) return '';
  const where = kept.map((k) => `${k.component} (${k.keys.join(', ')})`).join(', ');
  return (
    `env kept in the spec as the containers had it: ${where}.\n` +
    `If one of them is a secret, \`mcp secret set ${service} <name>\` and \`secrets = { VAR = "<name>" }\` keep its value out of the file, exports and \`mcp service show\`.\n`
  );
}
