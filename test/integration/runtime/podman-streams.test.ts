import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { podmanAdapters } from '../../../src/adapters/runtime/podman/podman-adapters';
import { ErrorCode } from '../../../src/domain/errors/domain-error';
import { childProcesses } from '../../support/child-processes';
import { rejection } from '../../support/rejection';

/** A stand-in podman that prints `line` for ever, whatever it is asked: a chatty `logs -f` or a busy `events`. */
function chattyPodman(line: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcp-chatty-podman-')), 'podman');
  writeFileSync(path, `#!/bin/sh\nwhile :; do echo '${line}'; done\n`);
  chmodSync(path, 0o755);
  return path;
}

async function gone(before: number): Promise<number> {
  for (let i = 0; i < 100 && childProcesses().length > before; i++) await new Promise((r) => setTimeout(r, 50));
  return childProcesses().length;
}

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

  describe('a podman child that keeps printing', () => {
    const logLine = '2026-11-27T15:45:04.215754359Z hello';
    const eventLine = '{"Type":"container","Name":"web","Status":"start","Time":"2026-11-27T15:45:04Z","Attributes":{}}';

    it('is ended when the reader stops after the first line, for logs and events alike', async () => {
      const before = childProcesses().length;
      for await (const batch of podmanAdapters({ podmanPath: chattyPodman(logLine) }).logs.logs('web', { follow: true })) {
        expect(batch[0]!.line).to.equal('hello');
        break;
      }
      expect(childProcesses().length).to.equal(before);
      for await (const e of podmanAdapters({ podmanPath: chattyPodman(eventLine) }).events.follow(new AbortController().signal)) {
        expect(e.container).to.equal('web');
        break;
      }
      expect(childProcesses().length).to.equal(before);
    });

    it('is ended when the signal aborts while the reader holds a line and pulls no more', async () => {
      const before = childProcesses().length;
      const controller = new AbortController();
      const lines = podmanAdapters({ podmanPath: chattyPodman(logLine) }).logs.logs('web', { follow: true, signal: controller.signal })[Symbol.asyncIterator]();
      expect((await lines.next()).done).to.equal(false);
      expect(childProcesses().length).to.equal(before + 1);
      controller.abort();
      expect(await gone(before)).to.equal(before);
    });
  });
});
