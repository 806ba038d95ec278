import { readFile } from 'node:fs/promises';
import type { AgentGateway, AgentGatewayFactory } from '../../../application/operator/ports/agent-gateway.port';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { GrpcGatewayOptions } from './grpc-agent.gateway';

/** How long an accepted mutation may run in all (node_timeout bounds its acceptance). */
const MUTATION_TIMEOUT_MS = 10 * 60_000;
// Files go up to 64 MiB; the rest is room for the message around them.
export const MAX_MESSAGE_BYTES = 80 * 1024 * 1024;

export interface GatewaySettings {
  readonly configPath: string;
  readonly caCertPath?: string;
  readonly loadToken: () => Promise<string>;
  /** `[cli] node_timeout`: connect + TLS + the first answer of every call. */
  readonly nodeTimeoutMs: number;
  /** `[cli] parallel`: nodes asked at once by a fan-out. */
  readonly parallel: number;
}

/**
 * Gateways to agents. Nothing is read or loaded until a command asks a node:
 * the CA certificate and the token are read once (`prepare`, so a missing
 * one is one error before any fan-out), and @grpc/grpc-js with the generated
 * code loads on the first `open` — `mcp --help` and `mcp node list` never
 * pay for them.
 */
export class GrpcAgentGatewayFactory implements AgentGatewayFactory {
  private options: Promise<GrpcGatewayOptions> | undefined;

  readonly parallel: number;

  constructor(private readonly settings: GatewaySettings) {
    this.parallel = settings.parallel;
  }

  async prepare(): Promise<void> {
    await this.prepared();
  }

  async open(node: { name: string; address: string }): Promise<AgentGateway> {
    const options = await this.prepared();
    const { GrpcAgentGateway } = await import('./grpc-agent.gateway');
    return new GrpcAgentGateway(node, options);
  }

  private prepared(): Promise<GrpcGatewayOptions> {
    this.options ??= this.read();
    return this.options;
  }

  private async read(): Promise<GrpcGatewayOptions> {
    const { caCertPath, configPath } = this.settings;
    if (caCertPath === undefined) {
      throw new DomainError(ErrorCode.ConfigInvalid, `${configPath}: tls.ca_cert is not set: name the CA certificate that signed the agents' certificates`);
    }
    let caCert: Buffer;
    try {
      caCert = await readFile(caCertPath);
    } catch (e) {
      throw new DomainError(ErrorCode.ConfigInvalid, `${configPath}: tls.ca_cert: cannot read ${caCertPath}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`);
    }
    const token = await this.settings.loadToken();
    const { trustFor } = await import('./agent-trust');
    if (trustFor(caCert).anchors.length === 0) {
      throw new DomainError(ErrorCode.ConfigInvalid, `${configPath}: tls.ca_cert: ${caCertPath} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    }
    return { caCert, token, timeoutMs: this.settings.nodeTimeoutMs, mutationTimeoutMs: MUTATION_TIMEOUT_MS, maxMessageBytes: MAX_MESSAGE_BYTES };
  }
}
