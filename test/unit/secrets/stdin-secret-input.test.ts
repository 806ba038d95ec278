import { expect } from 'chai';
import { Readable } from 'node:stream';
import { StdinSecretInput } from '../../../src/adapters/cli/terminal/stdin-secret-input.adapter';
import { FakeTerminal } from '../cli/cli-sut';

describe('StdinSecretInput', () => {
  it('on a terminal: one prompt without echo, the value as typed', async () => {
    const terminal = new FakeTerminal();
    terminal.answers = ['typed value'];
    const value = await new StdinSecretInput(terminal, Readable.from([]) as unknown as NodeJS.ReadStream).read('value: ');
    expect(Buffer.from(value).toString()).to.equal('typed value');
    expect(terminal.asked).to.deep.equal([{ question: 'value: ', hidden: true }]);
  });

  it('from a pipe: every byte of stdin as it is, binary and last newline included, and no prompt', async () => {
    const terminal = new FakeTerminal();
    terminal.interactive = false;
    const bytes = Buffer.from([0x00, 0xff, 0x2d, 0x0a]);
    const value = await new StdinSecretInput(terminal, Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]) as unknown as NodeJS.ReadStream).read('value: ');
    expect(Buffer.from(value).equals(bytes)).to.equal(true);
    expect(terminal.asked).to.deep.equal([]);
  });
});
