import { expect } from 'chai';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_TAIL_MAX, PodmanLogs } from '../../../src/adapters/runtime/podman/podman-logs.adapter';
import type { LogLine, LogQuery } from '../../../src/application/agent/ports/container-logs.port';
import { usePodmanFixture } from '../../support/podman/podman-fixture';
import { waitFor } from '../../support/wait-for';

/**
 * The last lines of a k8s-file log (a read that does not follow, of at most
 * FILE_TAIL_MAX lines) come from its file, without a podman process. Whatever podman itself gives for the same query is the
 * expected answer, line for line: both streams, lines conmon wrote in
 * pieces, empty lines, "\r\n", text that is not ASCII, --tail and --since.
 */
describe('PodmanLogs: a k8s-file log read from its file', function () {
  this.timeout(180_000);
  const pod = usePodmanFixture();

  const idle = "trap 'exit 0' TERM; while :; do sleep 1; done";
  const script = [
    'i=0; while [ $i -lt 40 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done',
    'head -c 20000 /dev/zero | tr "\\0" a; echo',
    'head -c 9000 /dev/zero | tr "\\0" b >&2; echo >&2',
    "echo; printf 'crlf\\r\\n'; echo 'grüße ✓'",
    // The last lines come well after the long ones, so a short --tail holds no line conmon wrote in pieces.
    'sleep 0.3',
    'i=0; while [ $i -lt 4 ]; do echo "end $i"; echo "end-err $i" >&2; i=$((i+1)); done; echo last; echo last-err >&2',
    idle,
  ].join('; ');

  async function read(logs: PodmanLogs, name: string, query: Omit<LogQuery, 'follow'>): Promise<LogLine[]> {
    const out: LogLine[] = [];
    for await (const batch of logs.logs(name, { follow: false, ...query })) out.push(...batch);
    return out;
  }

  // podman gives the two streams on two pipes, read in whatever order they fill: each stream's order is what holds.
  const shown = (lines: readonly LogLine[]) =>
    (['stdout', 'stderr'] as const).map((stream) =>
      lines.filter((l) => l.stream === stream).map((l) => `${stream} ${l.time?.toISOString() ?? '-'} ${l.line.length > 60 ? `${l.line.slice(0, 20)}…(${l.line.length})` : l.line}`),
    );

  /** A podman that refuses `logs`: what reads through it came from the file. */
  function withoutPodmanLogs(): PodmanLogs {
    const path = join(pod().tmpDir, `${pod().name('no-logs')}.sh`);
    writeFileSync(path, '#!/bin/sh\n[ "$1" = logs ] && { echo "podman logs must not run" >&2; exit 99; }\nexec podman "$@"\n');
    chmodSync(path, 0o755);
    return new PodmanLogs({ env: { ...pod().env }, podmanPath: path });
  }

  async function started(label: string, cmd: string, extra: readonly string[] = []): Promise<string> {
    const p = pod();
    await p.runtime().pull(p.images.app);
    const name = p.name(label);
    await p.podman(['run', '-d', '--name', name, ...extra, p.images.app, '/bin/sh', '-c', cmd]);
    return name;
  }

  it('gives what podman logs gives: every line, the last N, and those since a time', async () => {
    const name = await started('file', script);
    const fromPodman = new PodmanLogs({ env: { ...pod().env }, readLogFiles: false });
    const fromFile = withoutPodmanLogs();
    // conmon reads the two pipes apart: the log is whole once each stream's last line is in it.
    const all = await waitFor('the last line of each stream in the log', 30_000, async () => {
      const lines = await read(fromPodman, name, {});
      return lines.some((l) => l.line === 'last') && lines.some((l) => l.line === 'last-err') ? lines : undefined;
    });
    expect(all.length).to.be.at.least(85);
    expect(all.some((l) => l.line.length === 20000), 'a line conmon wrote in pieces, whole').to.equal(true);
    const whole = await read(fromFile, name, { tail: FILE_TAIL_MAX });
    expect(shown(whole)).to.deep.equal(shown(all));
    for (const tail of [0, 1, 3, 5, 9]) {
      expect(shown(await read(fromFile, name, { tail })), `--tail=${tail}`).to.deep.equal(shown(await read(fromPodman, name, { tail })));
    }
    // podman 4.3's --tail mixes up pieces of lines of both streams (podman#19545, fixed in 4.6): a
    // tail that reaches into the long lines is held to its meaning, the last N lines of the whole log.
    for (const tail of [12, 14, 44, 1000]) {
      expect(shown(await read(fromFile, name, { tail })), `--tail=${tail}`).to.deep.equal(shown(whole.slice(-tail)));
    }
    const since = all[50]!.time!;
    expect(shown(await read(fromFile, name, { tail: FILE_TAIL_MAX, since }))).to.deep.equal(shown(await read(fromPodman, name, { since })));
    // Longer reads are paced by podman: through a podman that refuses `logs`, they fail.
    for (const query of [{}, { since }, { tail: FILE_TAIL_MAX + 1 }]) {
      const error = await read(fromFile, name, query).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error | undefined)?.message, JSON.stringify(query)).to.match(/podman logs must not run/);
    }
  });

  it('reads the container that has the name now: after a rename, not the one renamed away', async () => {
    const first = await started('renamed', `echo first; ${idle}`);
    const p = pod();
    const aside = p.name('aside');
    await p.podman(['rename', first, aside]);
    await p.podman(['run', '-d', '--name', first, p.images.app, '/bin/sh', '-c', `echo second; ${idle}`]);
    const logs = withoutPodmanLogs();
    const lines = await waitFor('"second" in the log', 30_000, async () => {
      const got = await read(logs, first, { tail: 100 });
      return got.length > 0 ? got : undefined;
    });
    expect(lines.map((l) => l.line)).to.deep.equal(['second']);
    expect((await read(logs, aside, { tail: 100 })).map((l) => l.line)).to.deep.equal(['first']);
  });

  it('asks podman when the log is not where podman keeps it by default (--log-opt path=)', async () => {
    const p = pod();
    const name = await started('elsewhere', `echo elsewhere; ${idle}`, ['--log-opt', `path=${p.tmpDir}/${p.name('log')}.log`]);
    const logs = new PodmanLogs({ env: { ...p.env } });
    const lines = await waitFor('the line in the log', 30_000, async () => {
      const got = await read(logs, name, { tail: 100 });
      return got.length > 0 ? got : undefined;
    });
    expect(lines.map((l) => l.line)).to.deep.equal(['elsewhere']);
  });

  it('an unknown container is CONTAINER_NOT_FOUND, as podman says', async () => {
    const logs = new PodmanLogs({ env: { ...pod().env } });
    const error = await read(logs, pod().name('never-made'), { tail: 5 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string } | undefined)?.code).to.equal('CONTAINER_NOT_FOUND');
  });
});
