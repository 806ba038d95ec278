import { Writable } from 'node:stream';
import type { Terminal } from '../../../application/operator/ports/operator.ports';

/**
 * Prompts go to stderr, so stdout stays clean for --json and pipes. A hidden
 * prompt writes its question, then mutes readline's echo of what is typed.
 */
export class ReadlineTerminal implements Terminal {
  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stderr,
  ) {}

  get interactive(): boolean {
    return this.input.isTTY === true;
  }

  prompt(question: string): Promise<string> {
    return this.ask(question, false);
  }

  promptHidden(question: string): Promise<string> {
    return this.ask(question, true);
  }

  async readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }

  private async ask(question: string, hidden: boolean): Promise<string> {
    // Loaded on the first prompt: the composition builds this terminal for commands that never ask.
    const { createInterface } = await import('node:readline');
    let muted = false;
    const out = this.output;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (!muted) out.write(chunk);
        callback();
      },
    });
    const rl = createInterface({ input: this.input, output: sink, terminal: this.input.isTTY === true });
    return new Promise((resolve, reject) => {
      rl.on('SIGINT', () => {
        rl.close();
        out.write('\n');
        reject(new Error('interrupted'));
      });
      rl.question(question, (answer) => {
        rl.close();
        if (hidden) out.write('\n');
        resolve(answer);
      });
      muted = hidden;
    });
  }
}
