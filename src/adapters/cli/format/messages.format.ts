import type { LoginResult } from '../../../application/operator/login.command';
import type { NodeEntry } from '../../../application/operator/ports/operator.ports';

/** The one-line confirmations of the commands that change a file or a token. */

export function formatLogin(r: LoginResult): string {
  return `token saved to ${r.tokenPath}${r.username ? ` for ${r.username}` : ''}${r.expiresAt ? `, expires ${r.expiresAt.toISOString()}` : ''}\n`;
}

export function formatShown(r: { node: string; text: string }): string {
  return `# on node ${r.node}\n${r.text}`;
}

export function formatEdited(r: { path: string; exported: boolean; spec: { name: string } }): string {
  return `${r.exported ? 'exported from the agent, ' : ''}edited ${r.path}; run \`mcp deploy ${r.spec.name}\` to apply\n`;
}

export function formatPushed(localFile: string, r: { node: string; path: string; size: number }): string {
  return `pushed ${localFile} to ${r.node}:${r.path} (${r.size} bytes)\n`;
}

export function formatPulled(service: string, path: string, r: { node: string; localFile: string; size: number; mode: number }): string {
  return `pulled ${service}:${path} from ${r.node} to ${r.localFile} (${r.size} bytes, mode ${r.mode.toString(8).padStart(4, '0')})\n`;
}

export function formatNodeAdded(n: NodeEntry): string {
  return `added node ${n.name} at ${n.address}\n`;
}

export function formatNodeRemoved(n: NodeEntry): string {
  return `removed node ${n.name} (${n.address})\n`;
}
