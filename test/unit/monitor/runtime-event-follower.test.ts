import { expect } from 'chai';
import { DomainError, ErrorCode } from '../../../src/domain/errors/domain-error';
import type { RuntimeEvent, RuntimeEvents } from '../../../src/application/agent/ports/runtime-events.port';
import type { Sleeper } from '../../../src/application/agent/ports/sleeper.port';
import { FIRST_BACKOFF_MS, HEALTHY_AFTER_MS, MAX_BACKOFF_MS, RuntimeEventFollower } from '../../../src/application/agent/monitor/runtime-event-follower.use-case';
import { FakeClock } from '../../fakes/fake-clock';
import { MemoryLogger } from '../../fakes/memory-logger';
import { RecordingMetrics } from '../../fakes/recording-metrics';

/** Each follow() plays the next script: events, then a break (or, with `hold`, waits for the abort). */
class ScriptedEvents implements RuntimeEvents {
  follows = 0;
  constructor(private readonly scripts: Array<{ events: string[]; hold?: boolean; breakWith?: Error }>, private readonly onExhausted: () => void) {}
  async *follow(signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    const script = this.scripts[this.follows++];
    if (!script) {
      this.onExhausted();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      return;
    }
    for (const e of script.events) {
      const [container, action] = e.split(' ');
      yield { container: container!, action: action as RuntimeEvent['action'], time: new Date(0), labels: {} };
    }
    if (script.hold) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    else if (script.breakWith) throw script.breakWith;
  }
}

class RecordingSleeper implements Sleeper {
  readonly waits: number[] = [];
  constructor(private readonly clock: FakeClock) {}
  async sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.clock.advance(ms);
  }
}

function makeFollower(scripts: ConstructorParameters<typeof ScriptedEvents>[0]) {
  let exhausted!: () => void;
  const done = new Promise<void>((resolve) => (exhausted = resolve));
  const clock = new FakeClock();
  const events = new ScriptedEvents(scripts, () => exhausted());
  const passes: string[] = [];
  const monitor = {
    refresh: async (containers: Iterable<string>) => void passes.push(`refresh ${[...containers].join(',')}`),
    resync: async () => void passes.push('resync'),
  };
  const sleeper = new RecordingSleeper(clock);
  const metrics = new RecordingMetrics();
  const logger = new MemoryLogger();
  const follower = new RuntimeEventFollower(events, monitor, sleeper, clock, logger, metrics);
  return { follower, passes, sleeper, metrics, logger, events, done, clock };
}

const broken = () => new DomainError(ErrorCode.RuntimeUnavailable, 'podman events exited with 1');

describe('RuntimeEventFollower', () => {
  it('asks for a pass over the container of each state event; other actions are ignored', async () => {
    const f = makeFollower([{ events: ['web-api die', 'web-api other', 'db stop'], breakWith: broken() }]);
    f.follower.start();
    await f.done;
    await f.follower.stop();
    expect(f.passes.slice(0, 2)).to.deep.equal(['refresh web-api', 'refresh db']);
  });

  it('restarts a broken stream with a back-off doubling from 1 s to at most 30 s, and resyncs after each restart', async () => {
    const scripts = Array.from({ length: 7 }, () => ({ events: [], breakWith: broken() }));
    const f = makeFollower(scripts);
    f.follower.start();
    await f.done;
    await f.follower.stop();
    expect(f.sleeper.waits).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(f.passes).to.deep.equal(Array(7).fill('resync'));
    expect(f.events.follows).to.equal(8);
    expect(f.metrics.eventsUp.filter((u) => !u)).to.have.length.at.least(7);
    expect(f.logger.lines.some((e) => e.message.includes('podman events exited with 1'))).to.equal(true);
    expect(MAX_BACKOFF_MS).to.equal(30_000);
  });

  it('a stream that ends by itself is restarted too', async () => {
    const f = makeFollower([{ events: ['web-api start'] }]);
    f.follower.start();
    await f.done;
    await f.follower.stop();
    expect(f.sleeper.waits).to.deep.equal([FIRST_BACKOFF_MS]);
    expect(f.passes).to.deep.equal(['refresh web-api', 'resync']);
  });

  it('a stream that lived long enough starts back at the first back-off', async () => {
    const f = makeFollower([
      { events: [], breakWith: broken() },
      { events: [], breakWith: broken() },
      { events: ['web-api die'], breakWith: broken() },
    ]);
    const original = f.events.follow.bind(f.events);
    let n = 0;
    f.events.follow = (signal: AbortSignal) => {
      if (n++ === 2) f.clock.advance(HEALTHY_AFTER_MS);
      return original(signal);
    };
    f.follower.start();
    await f.done;
    await f.follower.stop();
    expect(f.sleeper.waits).to.deep.equal([1000, 2000, 1000]);
  });

  it('stop() ends the stream and reports it down', async () => {
    const f = makeFollower([{ events: ['web-api start'], hold: true }]);
    f.follower.start();
    await new Promise((r) => setImmediate(r));
    await f.follower.stop();
    expect(f.passes).to.deep.equal(['refresh web-api']);
    expect(f.sleeper.waits).to.deep.equal([]);
    expect(f.metrics.eventsUp.at(-1)).to.equal(false);
  });
});
