import { readFile } from 'node:fs/promises';
import type { AgentGateway, AgentGatewayFactory } from '../../../application/operator/ports/agent-gateway.port';
import type { StoredFile } from '../../../application/shared/results/stored-file';
import type { DeployStepListener } from '../../../application/shared/results/deploy-step';
import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { ServiceSpec } from '../../../domain/service/service-spec';

export const READ_TIMEOUT_MS = 10_000;
export const MUTATION_TIMEOUT_MS = 10 * 60_000;
// Files go up to 64 MiB; the rest is room for the message around them.
export const MAX_MESSAGE_BYTES = 80 * 1024 * 1024;

export interface GatewaySettings {
  readonly configPath: string;
  readonly caCertPath?: string;
  readonly loadToken: () => Promise<string>;
}

/**
 * Opens gateways without loading anything: the token, the CA and
 * @grpc/grpc-js are read on the first call, once, and shared by every node.
 * A missing token fails that call (UNAUTHENTICATED, "run mcp login").
 */
export class LazyGrpcGatewayFactory implements AgentGatewayFactory {
  private real: Promise<AgentGatewayFactory> | undefined;

  constructor(private readonly settings: GatewaySettings) {}

  async prepare(): Promise<void> {
    await this.factory();
  }

  open(node: { name: string; address: string }): AgentGateway {
    return new DeferredGateway(() => this.factory().then((f) => f.open(node)));
  }

  private factory(): Promise<AgentGatewayFactory> {
    this.real ??= this.build();
    return this.real;
  }

  private async build(): Promise<AgentGatewayFactory> {
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
    const { GrpcAgentGatewayFactory } = await import('./grpc-agent.gateway');
    return new GrpcAgentGatewayFactory({ caCert, token, timeoutMs: READ_TIMEOUT_MS, mutationTimeoutMs: MUTATION_TIMEOUT_MS, maxMessageBytes: MAX_MESSAGE_BYTES });
  }
}

class DeferredGateway implements AgentGateway {
  private gateway: Promise<AgentGateway> | undefined;
  private closed = false;

  constructor(private readonly make: () => Promise<AgentGateway>) {}

  private async g(): Promise<AgentGateway> {
    this.gateway ??= this.make();
    const g = await this.gateway;
    if (this.closed) g.close();
    return g;
  }

  async deploy(input: { spec?: ServiceSpec; serviceName?: string; component?: string }, onStep?: DeployStepListener) {
    return (await this.g()).deploy(input, onStep);
  }
  async stop(service: string) {
    return (await this.g()).stop(service);
  }
  async start(service: string) {
    return (await this.g()).start(service);
  }
  async restart(service: string) {
    return (await this.g()).restart(service);
  }
  async list() {
    return (await this.g()).list();
  }
  async liveCheck() {
    return (await this.g()).liveCheck();
  }
  async status(input: { service?: string; eventLimit?: number }) {
    return (await this.g()).status(input);
  }
  async sync(specs: readonly ServiceSpec[]) {
    return (await this.g()).sync(specs);
  }
  async adopt(service: string) {
    return (await this.g()).adopt(service);
  }
  async push(input: { service: string; path: string; content: Uint8Array; mode: number }) {
    return (await this.g()).push(input);
  }
  async pull(input: { service: string; path: string }): Promise<StoredFile> {
    return (await this.g()).pull(input);
  }
  async history(service: string) {
    return (await this.g()).history(service);
  }
  async rollback(input: { service: string; to?: number }) {
    return (await this.g()).rollback(input);
  }
  close(): void {
    this.closed = true;
    // Only a gateway that was made has a channel to close; a failed make has none.
    this.gateway?.then((g) => g.close()).catch(() => undefined);
  }
}
