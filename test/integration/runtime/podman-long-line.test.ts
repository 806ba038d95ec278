import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
describe('PodmanLogs: a line longer than the agent holds whole', function () {
  this.timeout(120_000);
  const pod = usePodmanFixture();
  const SIZE = 3 * MAX_LINE + 12345;

  it('real podman: arrives in parts of at most MAX_LINE, each with a time, that put together are the line; the next line follows', async () => {
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

  it('a long line without podman\'s inner times (a stand-in podman): every part is read behind the line\'s own time', async () => {
    const time = '2026-12-03T11:29:43.056538789Z';
    const size = 2 * MAX_LINE + 777;
    const path = join(mkdtempSync(join(tmpdir(), 'mcp-long-podman-')), 'podman');
    writeFileSync(path, `#!/bin/sh\nprintf '%s ' '${time}'; head -c ${size} /dev/zero | tr '\\0' y; echo; echo '${time} after'\n`);
    chmodSync(path, 0o755);
    try {
      const lines: LogLine[] = [];
      for await (const batch of new PodmanLogs({ podmanPath: path }).logs('any', { follow: false })) lines.push(...batch);
      expect(lines.map((l) => l.line.length)).to.deep.equal([MAX_LINE - time.length - 1, MAX_LINE, size - 2 * MAX_LINE + time.length + 1, 'after'.length]);
      expect(lines.every((l) => l.time?.getTime() === Date.parse(time) && l.stream === 'stdout')).to.equal(true);
      expect(/^y+$/.test(lines.slice(0, 3).map((l) => l.line).join(''))).to.equal(true);
    } finally {
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
});
