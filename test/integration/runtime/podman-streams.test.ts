import { expect } from 'chai';
import { podmanAdapters } from '../../../src/adapters/runtime/podman/podman-adapters';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { childProcesses } from '../../support/child-processes';
import { rejection } from '../../support/rejection';

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

describe('podman logs, exec and events without podman', () => {
  const missing = podmanAdapters({ podmanPath: '/nonexistent/bin/podman' });

  it('answers RUNTIME_UNAVAILABLE naming the binary, for logs, exec and events alike', async () => {
    const logs = await rejection(drain(missing.logs.logs('web', { follow: true })));
    expect(logs.code).to.equal(ErrorCode.RuntimeUnavailable);
    expect(logs.message).to.contain('/nonexistent/bin/podman');
    expect((await rejection(missing.exec.exec('web', ['true'], { timeoutMs: 5000 }))).code).to.equal(ErrorCode.RuntimeUnavailable);
    expect((await rejection(drain(missing.events.follow(new AbortController().signal)))).code).to.equal(ErrorCode.RuntimeUnavailable);
  });

  it('starts nothing for a stream whose signal is already aborted', async () => {
    const real = podmanAdapters();
    const before = childProcesses().length;
    const signal = AbortSignal.abort();
    expect(await drain(real.events.follow(signal))).to.deep.equal([]);
    expect(await drain(real.logs.logs('web', { follow: true, signal }))).to.deep.equal([]);
    expect(childProcesses().length).to.equal(before);
  });
});
