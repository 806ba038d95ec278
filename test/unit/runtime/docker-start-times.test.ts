import { expect } from 'chai';
import { StartTimes, uptimeUpperBoundMs } from '../../../src/adapters/runtime/docker/docker-start-times';

describe('docker start times', () => {
  it("reads the longest uptime a Docker status can stand for", () => {
    expect(uptimeUpperBoundMs('Up Less than a second')).to.equal(1000);
    expect(uptimeUpperBoundMs('Up 1 second')).to.equal(2000);
    expect(uptimeUpperBoundMs('Up 59 seconds')).to.equal(60_000);
    expect(uptimeUpperBoundMs('Up About a minute')).to.equal(120_000);
    expect(uptimeUpperBoundMs('Up 5 minutes (healthy)')).to.equal(6 * 60_000);
    expect(uptimeUpperBoundMs('Up About an hour')).to.equal(1.5 * 3_600_000);
    expect(uptimeUpperBoundMs('Up 3 hours')).to.equal(3.5 * 3_600_000);
    expect(uptimeUpperBoundMs('Up 2 days (Paused)')).to.equal(3 * 86_400_000);
    expect(uptimeUpperBoundMs('Exited (0) 3 minutes ago')).to.equal(undefined);
    expect(uptimeUpperBoundMs('Up for a while')).to.equal(undefined);
  });

  it('asks for new containers, keeps a time while the status allows it, asks again after a restart', () => {
    const times = new StartTimes();
    const t0 = Date.parse('2026-11-27T12:00:00Z');
    expect(times.stale([{ id: 'a', status: 'Up 2 seconds' }], t0)).to.deep.equal(['a']);
    times.set('a', new Date(t0 - 2000));
    // Ten minutes later the engine says "10 minutes": still the same start.
    expect(times.stale([{ id: 'a', status: 'Up 10 minutes' }], t0 + 600_000)).to.deep.equal([]);
    // It says "3 seconds" where ten minutes passed: it restarted.
    expect(times.stale([{ id: 'a', status: 'Up 3 seconds' }], t0 + 600_000)).to.deep.equal(['a']);
    // A status it cannot read keeps the time it has.
    expect(times.stale([{ id: 'a', status: 'Up since dawn' }], t0 + 600_000)).to.deep.equal([]);
  });

  it('forgets containers that are no longer running', () => {
    const times = new StartTimes();
    times.set('a', new Date(0));
    times.set('b', new Date(0));
    times.keepOnly(new Set(['b']));
    expect(times.get('a')).to.equal(undefined);
    expect(times.get('b')).to.deep.equal(new Date(0));
  });
});
