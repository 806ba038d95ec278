import { expect } from 'chai';
import { StreamLogsUseCase } from '../../../src/application/agent/logs/stream-logs.use-case';
import type { ServiceLogLine } from '../../../src/application/shared/results/log-line';
import { isDomainError } from '../../../src/domain/errors/domain-error';
import { makeSut, publish, spec } from '../agent/agent-sut';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

async function setUp() {
  const sut = makeSut();
  publish(sut.runtime, spec());
  await sut.deploy.execute({ spec: spec() });
  return { sut, logs: new StreamLogsUseCase(sut.registry, sut.runtime, sut.runtime) };
}

const all = async (it: AsyncIterable<readonly ServiceLogLine[]>) => {
  const out: string[] = [];
  for await (const batch of it) {
    expect(batch, 'a batch is never empty').to.not.be.empty;
    for (const l of batch) out.push(`${l.component} ${l.stream} ${l.line}`);
  }
  return out;
};

describe('StreamLogsUseCase', () => {
  it('without follow: every component, merged by the engine\'s time, stdout and stderr kept apart', async () => {
    const { sut, logs } = await setUp();
    sut.runtime.writeLog('metacrypt-api', 'stdout', 'a1', at(1));
    sut.runtime.writeLog('metacrypt-web', 'stderr', 'w2', at(2));
    sut.runtime.writeLog('metacrypt-api', 'stdout', 'a3', at(3));
    expect(await all(logs.stream({ service: 'metacrypt', follow: false }))).to.deep.equal(['api stdout a1', 'web stderr w2', 'api stdout a3']);
    expect(await all(logs.stream({ service: 'metacrypt', component: 'web', follow: false }))).to.deep.equal(['web stderr w2']);
    expect(await all(logs.stream({ service: 'metacrypt', tail: 1, follow: false }))).to.deep.equal(['web stderr w2', 'api stdout a3']);
  });

  it('refuses a bad tail, an unknown service or component with their codes', async () => {
    const { logs } = await setUp();
    for (const [input, code] of [
      [{ service: 'metacrypt', tail: -1, follow: false }, 'INVALID_ARGUMENT'],
      [{ service: 'metacrypt', tail: 1.5, follow: false }, 'INVALID_ARGUMENT'],
      [{ service: 'nope', follow: false }, 'SERVICE_NOT_FOUND'],
      [{ service: 'metacrypt', component: 'db', follow: false }, 'COMPONENT_NOT_FOUND'],
      [{ service: '-rf', follow: false }, 'INVALID_NAME'],
    ] as const) {
      const e = await all(logs.stream(input)).catch((x: unknown) => x);
      expect(isDomainError(e) && e.code, JSON.stringify(input)).to.equal(code);
    }
  });

  it('follow: a container removed under it ends the stream with CONTAINER_NOT_FOUND naming it', async () => {
    const { sut, logs } = await setUp();
    const seen: string[] = [];
    const following = (async () => {
      for await (const batch of logs.stream({ service: 'metacrypt', component: 'api', follow: true })) seen.push(...batch.map((l) => l.line));
    })().catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    sut.runtime.writeLog('metacrypt-api', 'stdout', 'live');
    await new Promise((r) => setImmediate(r));
    await sut.runtime.remove('metacrypt-api');
    const error = await following;
    expect(seen).to.deep.equal(['live']);
    expect(isDomainError(error) && error.code).to.equal('CONTAINER_NOT_FOUND');
    expect((error as Error).message).to.equal('container metacrypt-api was removed while its logs were followed');
  });

  it('follow: aborting ends the stream quietly and lets go of every component\'s follower', async () => {
    const { sut, logs } = await setUp();
    const controller = new AbortController();
    const following = all(logs.stream({ service: 'metacrypt', follow: true, signal: controller.signal }));
    await new Promise((r) => setImmediate(r));
    expect(sut.runtime.logFollowerCount()).to.equal(2);
    controller.abort();
    expect(await following).to.deep.equal([]);
    expect(sut.runtime.logFollowerCount()).to.equal(0);
  });
});
