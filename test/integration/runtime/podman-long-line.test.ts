import { expect } from 'chai';
import { PodmanLogs } from '../../../src/adapters/runtime/podman/podman-logs.adapter';
import { MAX_LINE } from '../../../src/adapters/runtime/common/text-lines';
import type { LogLine } from '../../../src/application/agent/ports/container-logs.port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { waitFor } from '../../support/wait-for';

/**
 * A line longer than the agent holds whole (MAX_LINE): conmon logs it as
 * pieces of at most 8 KiB, each with its own time, and `podman logs
 * --timestamps` prints those times inside the line. The agent gives it out
 * in parts of at most MAX_LINE characters, cut before one of those times, so
 * the parts put together are exactly what the container wrote.
 */
describe('PodmanLogs: a line longer than the agent holds whole (real podman)', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const SIZE = 3 * MAX_LINE + 12345;

  it('arrives in parts of at most MAX_LINE, each with a time, that put together are the line; the next line follows', async () => {
    const p = pod();
    await p.runtime().pull(p.images.app);
    const name = p.name('longline');
    const cmd = ['/bin/sh', '-c', `head -c ${SIZE} /dev/zero | tr '\\0' x; echo; echo after; trap 'exit 0' TERM; while :; do sleep 1; done`];
    await p.runtime().run({ name, image: p.images.app, labels: {}, restart: 'no', ports: [], volumes: [], env: {}, cmd });
    const logs = new PodmanLogs({ env: { ...p.env } });
    const lines = await waitFor('the line and "after" in the log', 30_000, async () => {
      const out: LogLine[] = [];
      for await (const batch of logs.logs(name, { follow: false })) out.push(...batch);
      return out.some((l) => l.line === 'after') ? out : undefined;
    });
    const parts = lines.slice(0, lines.findIndex((l) => l.line === 'after'));
    expect(parts.length, JSON.stringify(parts.map((l) => [l.line.length, l.line.slice(0, 40)]))).to.be.within(4, 5);
    expect(parts.every((l) => l.line.length <= MAX_LINE && l.time instanceof Date && l.stream === 'stdout')).to.equal(true);
    const whole = parts.map((l) => l.line).join('');
    expect(whole.length).to.equal(SIZE);
    expect(/^x+$/.test(whole), 'only what the container wrote, no time of podman left inside').to.equal(true);
  });
});
