import { expect } from 'chai';
import { KeyedLock } from '../../../src/application/agent/support/keyed-lock';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLock', () => {
  it('runs work on one key one at a time, in order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = lock.run('svc', async () => {
      log.push('a start');
      await gate;
      log.push('a end');
    });
    const b = lock.run('svc', async () => void log.push('b'));
    await tick();
    expect(log).to.deep.equal(['a start']);
    release();
    await Promise.all([a, b]);
    expect(log).to.deep.equal(['a start', 'a end', 'b']);
    expect(lock.busyKeys).to.deep.equal([]);
  });

  it('lets different keys proceed together', async () => {
    const lock = new KeyedLock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = lock.run('one', () => gate);
    let bDone = false;
    await lock.run('two', async () => void (bDone = true));
    expect(bDone).to.equal(true);
    release();
    await a;
  });

  it('releases the key when work fails', async () => {
    const lock = new KeyedLock();
    await lock.run('svc', async () => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(await lock.run('svc', async () => 42)).to.equal(42);
  });

  it('idle() waits for running work and for work queued behind it, and resolves at once when there is none', async () => {
    const lock = new KeyedLock();
    await lock.idle();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const done: string[] = [];
    const first = lock.run('svc', async () => {
      await gate;
      done.push('first');
    });
    const second = lock.run('svc', async () => void done.push('second'));
    let idle = false;
    const waiting = lock.idle().then(() => (idle = true));
    await tick();
    expect(idle).to.equal(false);
    release();
    await waiting;
    expect(done).to.deep.equal(['first', 'second']);
    await Promise.all([first, second]);
  });
});
