import { FakeRuntime } from '../fakes/fake-runtime';
import { spec } from './contract-spec';
import { runtimeContract } from './runtime.contract';
import { injectedFaultsContract } from './runtime-faults.contract';
import { EXEC_CASES } from './runtime-streams.contract';
import type { RuntimeUnderTest } from './runtime-under-test';

function fakeUnderTest(): RuntimeUnderTest & Required<Pick<RuntimeUnderTest, 'faults'>> {
  const runtime = new FakeRuntime();
  const pullableImage = 'reg.example/mcp-test/app:v1';
  runtime.published.add(pullableImage);
  runtime.scriptExec(EXEC_CASES.ok.argv, { exitCode: EXEC_CASES.ok.exitCode, output: EXEC_CASES.ok.output });
  runtime.scriptExec(EXEC_CASES.failing.argv, { exitCode: EXEC_CASES.failing.exitCode, output: EXEC_CASES.failing.output });
  runtime.scriptExec(EXEC_CASES.chatty.argv, { exitCode: EXEC_CASES.chatty.exitCode, output: EXEC_CASES.chatty.output });
  runtime.scriptExec(EXEC_CASES.hanging.argv, 'hang');
  let n = 0;
  return {
    runtime,
    logs: runtime,
    exec: runtime,
    events: runtime,
    pullableImage,
    missingImage: 'reg.example/mcp-test/missing:v1',
    name: (label) => `fake-${label}-${++n}`,
    runScript: async (name, steps) => {
      await runtime.run(spec(name, pullableImage));
      // The container's main process, played in the background as a real one would.
      void (async () => {
        for (const step of steps) {
          if ('out' in step) runtime.writeLog(name, 'stdout', step.out);
          else if ('err' in step) runtime.writeLog(name, 'stderr', step.err);
          else await new Promise((r) => setTimeout(r, step.sleepSeconds * 1000));
        }
      })();
    },
    openStreams: (kind) => (kind === 'logs' ? runtime.logFollowerCount() : runtime.eventFollowerCount),
    breakEvents: () => runtime.breakEvents(),
    faults: {
      failNextCall: () => runtime.failCallAt(runtime.callCount + 1),
      crashAfterNextCall: () => runtime.crashAfterCall(runtime.callCount + 1),
      restart: () => runtime.restart(),
    },
  };
}

runtimeContract('FakeRuntime', fakeUnderTest);

describe('FakeRuntime fault injection', () => {
  const t = fakeUnderTest();
  before(() => t.runtime.pull(t.pullableImage));
  injectedFaultsContract(() => t);
});
