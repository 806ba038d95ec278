import { expect } from 'chai';
import { LABEL_COMPONENT, LABEL_SERVICE } from '../../../src/domain/service/container-spec';
import { deployed } from './agent-sut';

const labels = (component: string) => ({ [LABEL_SERVICE]: 'metacrypt', [LABEL_COMPONENT]: component });

/** The node as an agent killed mid-deploy leaves it: api replaced (new one running), web stopped but not yet renamed. */
async function crashedMidDeploy() {
  const sut = await deployed();
  await sut.journal.begin({
    service: 'metacrypt',
    startedAt: sut.clock.now(),
    components: [
      { component: 'api', container: 'metacrypt-api', hadOld: true, wasRunning: true },
      { component: 'web', container: 'metacrypt-web', hadOld: true, wasRunning: true },
    ],
  });
  await sut.runtime.stop('metacrypt-api');
  await sut.runtime.rename('metacrypt-api', 'metacrypt-api.mcp-prev');
  sut.runtime.addContainer({ name: 'metacrypt-api', image: 'reg/metacrypt:v2', labels: labels('api') });
  for (const step of ['stopped', 'renamed', 'ran'] as const) await sut.journal.record('metacrypt', 'api', step);
  // Killed after web's stop returned, before its step was written.
  await sut.runtime.stop('metacrypt-web');
  sut.runtime.calls.length = 0;
  return sut;
}

describe('RecoverDeploysUseCase', () => {
  it('undoes a deploy the journal still holds, at whatever step it stopped, and records it', async () => {
    const sut = await crashedMidDeploy();
    const report = await sut.recoverDeploys.execute();

    expect(report).to.deep.equal({ undone: [{ service: 'metacrypt', problems: [] }], cleaned: [], reaped: [] });
    expect(sut.runtime.calls.filter((c) => !c.startsWith('inspect') && c !== 'list')).to.deep.equal([
      'reapOrphans metacrypt',
      'start metacrypt-web',
      'remove metacrypt-api',
      'rename metacrypt-api.mcp-prev metacrypt-api',
      'start metacrypt-api',
    ]);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v1.2.0', state: 'running' });
    expect(sut.runtime.containers.get('metacrypt-web')).to.include({ state: 'running' });
    expect(sut.journal.entries.size).to.equal(0);
    const [event] = await sut.registry.listEvents({ service: 'metacrypt', kinds: ['deploy'], limit: 1 });
    expect(event).to.deep.include({ outcome: 'recovered' });
  });

  it('removes a .mcp-prev left by a deploy that had committed', async () => {
    const sut = await deployed();
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/metacrypt:v1', labels: labels('api') }, 'exited');
    const report = await sut.recoverDeploys.execute();
    expect(report.cleaned).to.deep.equal(['metacrypt-api.mcp-prev']);
    expect(sut.runtime.containers.has('metacrypt-api.mcp-prev')).to.equal(false);
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ state: 'running' });
  });

  it("leaves another agent's .mcp-prev alone: that deploy may still be running on the same engine", async () => {
    const sut = await deployed();
    sut.runtime.addContainer({ name: 'other-api', image: 'reg/other:v2', labels: { [LABEL_SERVICE]: 'other', [LABEL_COMPONENT]: 'api' } });
    sut.runtime.addContainer({ name: 'other-api.mcp-prev', image: 'reg/other:v1', labels: { [LABEL_SERVICE]: 'other', [LABEL_COMPONENT]: 'api' } }, 'exited');
    expect((await sut.recoverDeploys.execute()).cleaned).to.deep.equal([]);
    expect(sut.runtime.containers.has('other-api.mcp-prev')).to.equal(true);
  });

  it('does nothing on a clean node', async () => {
    const sut = await deployed();
    expect(await sut.recoverDeploys.execute()).to.deep.equal({ undone: [], cleaned: [], reaped: [] });
    expect(sut.runtime.calls).to.deep.equal(['reapOrphans metacrypt', 'list']);
  });

  it("first has the runtime finish what its calls killed with the agent left half-done, and reports it", async () => {
    const sut = await crashedMidDeploy();
    sut.runtime.orphans.push('metacrypt-api (0123456789ab, conmon 4242): ended a container podman had forgotten');
    const report = await sut.recoverDeploys.execute();
    expect(report.reaped).to.deep.equal(['metacrypt-api (0123456789ab, conmon 4242): ended a container podman had forgotten']);
    expect(sut.runtime.calls[0]).to.equal('reapOrphans metacrypt');
    expect(sut.runtime.containers.get('metacrypt-api')).to.include({ image: 'reg/metacrypt:v1.2.0', state: 'running' });
  });

  it('never counts a .mcp-prev as unmanaged, nor adopts it', async () => {
    const sut = await deployed();
    sut.runtime.addContainer({ name: 'metacrypt-api.mcp-prev', image: 'reg/metacrypt:v1' }, 'exited');
    sut.runtime.addContainer({ name: 'legacy-app.mcp-prev', image: 'reg/legacy:v1' }, 'exited');
    const view = await sut.liveCheck.execute();
    expect(view.unmanaged).to.deep.equal([]);
    const adopted = await sut.adopt.execute('legacy');
    expect(adopted.results).to.deep.equal([]);
  });
});
