import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { AgentServiceService, type AgentServiceServer } from '../generated/mcp/v1/mcp';

export interface AgentServerOptions {
  readonly address: string;
  readonly tlsCert: Buffer;
  readonly tlsKey: Buffer;
  /** Largest message accepted: file transfers need more than gRPC's 4 MiB default. */
  readonly maxMessageBytes: number;
  /** How long shutdown waits for in-flight calls before cutting them. */
  readonly drainTimeoutMs?: number;
  /** A connection that has not completed its TLS handshake by then is closed (tests use a short one). */
  readonly handshakeTimeoutMs?: number;
}

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;
/**
 * A follower (logs -f, events -f, DeployWatch) sends nothing while it waits,
 * so a client that vanished without closing its connection (killed laptop,
 * dropped network) would hold its stream, and the engine process behind it,
 * for as long as TCP takes to give up: hours. Pinging every second and
 * giving the answer a second notices it within two. A ping is 17 bytes each
 * way; the client's gRPC answers it without our code.
 */
const KEEPALIVE_TIME_MS = 1000;
/** A client that has not answered a ping by then is gone: its connection is closed and its calls cancelled. */
const KEEPALIVE_TIMEOUT_MS = 1000;

/**
 * grpc-js's own SSL credentials leave Node's TLS handshake timeout at its
 * 120 s default and offer no way to set it; the constructor options of
 * ServerCredentials reach http2.createSecureServer, so these carry it.
 */
class TlsCredentialsWithHandshakeTimeout extends ServerCredentials {
  constructor(cert: Buffer, key: Buffer, handshakeTimeoutMs: number) {
    super({ requestCert: false, handshakeTimeout: handshakeTimeoutMs }, { cert, key });
  }

  _equals(other: ServerCredentials): boolean {
    return other === this;
  }
}

const SERVICE_NAME = 'mcp.v1.AgentService';

/** A TLS-only gRPC server with the agent service and the standard health service. */
export class AgentGrpcServer {
  private readonly server: Server;
  private readonly health = new HealthImplementation({ '': 'SERVING', [SERVICE_NAME]: 'SERVING' });
  private boundPort = 0;

  constructor(private readonly options: AgentServerOptions, handlers: AgentServiceServer) {
    this.server = new Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
      'grpc.keepalive_time_ms': KEEPALIVE_TIME_MS,
      'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
    });
    this.server.addService(AgentServiceService, handlers);
    this.health.addToServer(this.server);
  }

  /** Resolves with the bound port (useful when the address asks for port 0). */
  start(): Promise<number> {
    const creds = new TlsCredentialsWithHandshakeTimeout(this.options.tlsCert, this.options.tlsKey, this.options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS);
    return new Promise((resolve, reject) => {
      this.server.bindAsync(this.options.address, creds, (err, port) => {
        if (err) return reject(new DomainError(ErrorCode.ConfigInvalid, `cannot listen on ${this.options.address}: ${err.message}`));
        this.boundPort = port;
        resolve(port);
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops accepting, lets in-flight calls finish (up to the drain timeout), then closes. */
  stop(): Promise<void> {
    this.health.setStatus('', 'NOT_SERVING');
    this.health.setStatus(SERVICE_NAME, 'NOT_SERVING');
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.server.forceShutdown(), this.options.drainTimeoutMs ?? 30_000);
      timer.unref();
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
