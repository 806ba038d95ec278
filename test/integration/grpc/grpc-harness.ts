import { AgentGrpcServer } from '../../../src/adapters/grpc/server/agent-grpc.server';
import { agentServiceHandlers } from '../../../src/adapters/grpc/server/agent-service.handlers';
import { GrpcAgentGateway } from '../../../src/adapters/grpc/client/grpc-agent.gateway';
import { AuthorizeCallUseCase } from '../../../src/application/agent/authorize-call.use-case';
import { FakeTokenValidator } from '../../fakes/fake-token-validator';
import type { TokenValidator } from '../../../src/application/shared/ports/identity.port';
import { MemoryLogger } from '../../fakes/memory-logger';
import { RecordingMetrics } from '../../fakes/recording-metrics';
import { EventFeed } from '../../../src/application/agent/events/event-feed';
import { publishingRegistry } from '../../../src/application/agent/events/publishing-registry';
import { WatchEventsUseCase } from '../../../src/application/agent/events/watch-events.use-case';
import { StreamLogsUseCase } from '../../../src/application/agent/logs/stream-logs.use-case';
import { type TestCerts, makeTestCerts } from '../../support/tls/test-ca';
import { makeSut } from '../../unit/agent/agent-sut';

export const ADMIN = 'admin-token';
export const VIEWER = 'viewer-token';
/** Valid, but with none of the roles viewer, deployer, admin. */
export const NO_ROLE = 'no-role-token';
/** What the harness's agent says its release is (WhoAmI). */
export const HARNESS_AGENT_VERSION = '9.8.7-harness';

/**
 * The real gRPC server over real TLS on 127.0.0.1 (or `host`, another
 * loopback address), with use cases on fakes behind it. The certificate names
 * localhost and 127.0.0.1, plus `certNames`. `tokens` replaces the fake
 * validator (e.g. a real tokens file behind the validation cache).
 */
export async function startGrpcHarness(options: { handshakeTimeoutMs?: number; host?: string; certNames?: readonly string[]; tokens?: TokenValidator; certs?: TestCerts } = {}) {
  const { host = '127.0.0.1', certNames = [], tokens, certs: shared, ...serverOptions } = options;
  const maxFileSize = 8 * 1024 * 1024;
  // Many agents may share one certificate (a bench of 50); shared ones are the caller's to clean up.
  const certs: TestCerts = shared ?? makeTestCerts(certNames);
  const sut = makeSut();
  const validator = new FakeTokenValidator();
  validator.tokens.set(ADMIN, { username: 'kyle', roles: ['admin'] });
  validator.tokens.set(VIEWER, { username: 'vi', roles: ['viewer'] });
  validator.tokens.set(NO_ROLE, { username: 'ops', roles: ['ops'] });
  const audit = new MemoryLogger();
  const metrics = new RecordingMetrics();
  const feed = new EventFeed();
  /** The registry with every recorded event published to followers, as the agent wires it. */
  const publishing = publishingRegistry(sut.registry, feed);
  const handlers = agentServiceHandlers(sut, { authorize: new AuthorizeCallUseCase(tokens ?? validator, { nodeName: 'rift' }), audit, metrics }, {
    logs: new StreamLogsUseCase(sut.registry, sut.runtime, sut.runtime),
    events: new WatchEventsUseCase(publishing, feed),
  }, { version: HARNESS_AGENT_VERSION });
  const server = new AgentGrpcServer({ address: `${host}:0`, tlsCert: certs.cert, tlsKey: certs.key, maxMessageBytes: maxFileSize + 1024 * 1024, drainTimeoutMs: 5000, ...serverOptions }, handlers);
  const port = await server.start();
  const gateways: GrpcAgentGateway[] = [];
  const gateway = (token = ADMIN, ca = certs.ca, maxMessageBytes = maxFileSize + 1024 * 1024) => {
    const g = new GrpcAgentGateway({ name: 'rift', address: `${host}:${port}` }, { caCert: ca, token, timeoutMs: 5000, mutationTimeoutMs: 5000, maxMessageBytes });
    gateways.push(g);
    return g;
  };
  return {
    ...sut,
    maxFileSize,
    validator,
    certs,
    audit,
    metrics,
    feed,
    publishing,
    server,
    port,
    gateway,
    async close() {
      gateways.forEach((g) => g.close());
      await server.stop();
      if (!shared) certs.cleanup();
    },
  };
}
