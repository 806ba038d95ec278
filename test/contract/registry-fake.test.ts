import { FakeRegistry } from '../fakes/fake-registry';
import { registryContract } from './registry.contract';

registryContract('FakeRegistry', async () => ({ registry: new FakeRegistry(), close: async () => undefined }));
