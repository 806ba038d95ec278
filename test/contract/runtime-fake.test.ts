import { FakeRuntime } from '../fakes/fake-runtime';
import { runtimeContract } from './runtime.contract';

runtimeContract('FakeRuntime', () => {
  const runtime = new FakeRuntime();
  const pullableImage = 'reg.example/mcp-test/app:v1';
  runtime.published.add(pullableImage);
  let n = 0;
  return { runtime, pullableImage, missingImage: 'reg.example/mcp-test/missing:v1', name: (label) => `fake-${label}-${++n}` };
});
