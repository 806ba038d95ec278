import { spawnSync } from 'node:child_process';
import type { Editor } from '../../../application/operator/ports/operator.ports';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';

/** $VISUAL, else $EDITOR, else vi; a value like "code -w" is split into argv (never run through a shell). */
export class SpawnEditor implements Editor {
  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  async edit(path: string): Promise<void> {
    const configured = (this.env['VISUAL'] || this.env['EDITOR'] || 'vi').trim().split(/\s+/);
    const [command, ...args] = configured;
    const r = spawnSync(command!, [...args, path], { stdio: 'inherit' });
    if (r.error) throw new DomainError(ErrorCode.InvalidArgument, `cannot run the editor ${JSON.stringify(command)} (set $EDITOR): ${r.error.message}`);
    if (r.status !== 0) throw new DomainError(ErrorCode.InvalidArgument, `the editor ${command} exited with ${r.status ?? r.signal}; ${path} is as the editor left it`);
  }
}
