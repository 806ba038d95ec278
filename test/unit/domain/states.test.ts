import { expect } from 'chai';
import { DESIRED_STATES, type DesiredState, OBSERVED_STATES, type ObservedState, isDrift, observedStateFromRuntime } from '../../../src/domain/state/states';

describe('drift', () => {
  const expected = (d: DesiredState, o: ObservedState): boolean => (d === 'running' ? o !== 'running' : d === 'stopped' ? o === 'running' : false);
  for (const d of DESIRED_STATES) {
    for (const o of OBSERVED_STATES) {
      it(`desired ${d}, observed ${o} → ${expected(d, o) ? 'drift' : 'no drift'}`, () => expect(isDrift(d, o)).to.equal(expected(d, o)));
    }
  }
  it('ignore never drifts', () => {
    for (const o of OBSERVED_STATES) expect(isDrift('ignore', o)).to.equal(false);
  });
});

describe('observedStateFromRuntime', () => {
  it('maps engine words and never guesses', () => {
    expect(observedStateFromRuntime('running')).to.equal('running');
    expect(observedStateFromRuntime('Exited')).to.equal('exited');
    expect(observedStateFromRuntime('created')).to.equal('created');
    expect(observedStateFromRuntime('paused')).to.equal('paused');
    expect(observedStateFromRuntime('stopped')).to.equal('stopped');
    expect(observedStateFromRuntime('weird')).to.equal('unknown');
  });
});
