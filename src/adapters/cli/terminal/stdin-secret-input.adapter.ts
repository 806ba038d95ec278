import type { SecretInput } from '../../../application/operator/ports/secret-input.port';
import type { Terminal } from '../../../application/operator/ports/operator.ports';

/**
 * A terminal: one prompt without echo (what is typed, without the Enter).
 * Anything else (a pipe, a file): every byte of stdin as it is, so a PEM
 * keeps its last newline; `printf %s` gives a value without one.
 */
export class StdinSecretInput implements SecretInput {
  constructor(
    private readonly terminal: Terminal,
    private readonly input: NodeJS.ReadStream = process.stdin,
  ) {}

  async read(question: string): Promise<Uint8Array> {
    if (this.terminal.interactive) return Buffer.from(await this.terminal.promptHidden(question), 'utf8');
    const chunks: Buffer[] = [];
    for await (const chunk of this.input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  }
}
