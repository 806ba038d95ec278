import { type CallOptions, type ClientReadableStream, Metadata, type ServiceError, credentials, status } from '@grpc/grpc-js';
import type { AgentGateway, EventsRequest, LogsRequest } from '../../../application/operator/ports/agent-gateway.port';
import type { ServiceLogLine } from '../../../application/shared/results/log-line';
import type { EventsBatch } from '../../../application/shared/results/events-batch';
import type { DeployStepListener } from '../../../application/shared/results/deploy-step';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { deployStepFromWire } from '../mapping/deploy-step.mapping';
import type * as pb from '../generated/mcp/v1/mcp';
import type { StoredFile } from '../../../application/shared/results/stored-file';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import { AgentServiceClient } from '../generated/mcp/v1/mcp';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { fromGrpcError, isTransportSizeLimit } from '../mapping/error-status.mapping';
import { eventsBatchFromWire, logLineFromWire } from '../mapping/observe.mapping';
import { specToWire } from '../mapping/spec.mapping';
import { tlsChannel } from './tls-channel';
import { historyFromWire, rollbackFromWire } from '../mapping/revisions.mapping';
import { secretFromWire } from '../mapping/secrets.mapping';
import { nodeViewFromWire, outcomeFromWire, statusFromWire, syncFromWire } from '../mapping/views.mapping';

export interface GrpcGatewayOptions {
  readonly caCert: Buffer;
  readonly token: string;
  /** Deadline of a read call; mutations (deploy pulls images) get `mutationTimeoutMs`. */
  readonly timeoutMs: number;
  readonly mutationTimeoutMs: number;
  readonly maxMessageBytes: number;
}

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => unknown;

/** The agent over TLS with a bearer token; wire types never leave this file. */
export class GrpcAgentGateway implements AgentGateway {
  private readonly client: AgentServiceClient;

  constructor(private readonly node: { name: string; address: string }, private readonly options: GrpcGatewayOptions) {
    const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${options.token}`);
      callback(null, metadata);
    });
    const tls = tlsChannel(node, options.caCert);
    this.client = new AgentServiceClient(node.address, credentials.combineChannelCredentials(tls.credentials, bearer), {
      ...tls.options,
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
    });
  }

  /** `tooLarge` words gRPC's own size refusal the way the agent words its limit. */
  private call<Req, Res>(method: Unary<Req, Res>, request: Req, timeoutMs = this.options.timeoutMs, tooLarge?: () => string): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, request, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (!error) return resolve(response);
        if (tooLarge && isTransportSizeLimit(error)) return reject(new DomainError(ErrorCode.FileTooLarge, `node ${this.node.name}: ${tooLarge()}`));
        reject(fromGrpcError(error, this.node.name));
      });
    });
  }

  async deploy(input: { spec?: ServiceSpec; serviceName?: string; component?: string }, onStep?: DeployStepListener) {
    const request = { spec: input.spec ? specToWire(input.spec) : undefined, serviceName: input.serviceName ?? '', component: input.component ?? '' };
    const watched = await this.watchDeploy(request, onStep ?? (() => undefined));
    // An agent from before DeployWatch: the same deploy, without live steps.
    return watched ?? outcomeFromWire(await this.call(this.client.deploy, request, this.options.mutationTimeoutMs));
  }

  /** DeployWatch: steps as they come, then exactly one result; undefined when the agent does not know the RPC. */
  private watchDeploy(request: pb.DeployWatchRequest, onStep: DeployStepListener): Promise<ServiceOutcome | undefined> {
    return new Promise((resolve, reject) => {
      const stream = this.client.deployWatch(request, new Metadata(), { deadline: Date.now() + this.options.mutationTimeoutMs });
      let result: pb.DeployResponse | undefined;
      stream.on('data', (m: pb.DeployWatchResponse) => {
        if (m.step) onStep(deployStepFromWire(m.step));
        if (m.result) result = m.result;
      });
      stream.on('error', (error: ServiceError) => (error.code === status.UNIMPLEMENTED ? resolve(undefined) : reject(fromGrpcError(error, this.node.name))));
      stream.on('end', () => {
        if (result) resolve(outcomeFromWire(result));
        else reject(fromGrpcError(Object.assign(new Error('the agent ended the deploy stream without a result'), { code: status.INTERNAL }), this.node.name));
      });
    });
  }
  async stop(service: string) {
    return outcomeFromWire(await this.call(this.client.stopService, { service }, this.options.mutationTimeoutMs));
  }
  async start(service: string) {
    return outcomeFromWire(await this.call(this.client.startService, { service }, this.options.mutationTimeoutMs));
  }
  async restart(service: string) {
    return outcomeFromWire(await this.call(this.client.restartService, { service }, this.options.mutationTimeoutMs));
  }
  async list() {
    return nodeViewFromWire(await this.call(this.client.listServices, {}));
  }
  async liveCheck() {
    return nodeViewFromWire(await this.call(this.client.liveCheck, {}));
  }
  async status(input: { service?: string; eventLimit?: number }) {
    return statusFromWire(await this.call(this.client.getServiceStatus, { service: input.service ?? '', eventLimit: input.eventLimit ?? 0 }));
  }
  async sync(specs: readonly ServiceSpec[]) {
    return syncFromWire(await this.call(this.client.syncDesiredState, { services: specs.map(specToWire) }, this.options.mutationTimeoutMs));
  }
  async adopt(service: string) {
    return outcomeFromWire(await this.call(this.client.adoptContainer, { service }, this.options.mutationTimeoutMs));
  }
  async push(input: { service: string; path: string; content: Uint8Array; mode: number }) {
    const request = { service: input.service, path: input.path, content: Buffer.from(input.content), mode: input.mode };
    const tooLarge = () => `file ${input.path} is ${input.content.byteLength} bytes, over the node's limit ([agent] max_file_size)`;
    const r = await this.call(this.client.pushFile, request, this.options.mutationTimeoutMs, tooLarge);
    return { path: r.path, size: r.size };
  }
  async pull(input: { service: string; path: string }): Promise<StoredFile> {
    const r = await this.call(this.client.pullFile, input, this.options.mutationTimeoutMs);
    return { content: r.content, mode: r.mode };
  }
  logs(request: LogsRequest, signal?: AbortSignal): AsyncIterable<ServiceLogLine> {
    const wire = { service: request.service, component: request.component ?? '', since: request.since, follow: request.follow, ...(request.tail !== undefined ? { tail: request.tail } : {}) };
    return this.stream(() => this.client.streamLogs(wire, new Metadata()), logLineFromWire, signal);
  }

  events(request: EventsRequest, signal?: AbortSignal): AsyncIterable<EventsBatch> {
    const wire = { service: request.service ?? '', since: request.since, follow: request.follow };
    return this.stream(() => this.client.streamEvents(wire, new Metadata()), eventsBatchFromWire, signal);
  }

  /** No deadline: a followed stream lasts as long as the operator wants; cancelling is `signal`'s job. */
  private async *stream<W, T>(open: () => ClientReadableStream<W>, map: (w: W) => T, signal?: AbortSignal): AsyncGenerator<T> {
    if (signal?.aborted) return;
    const call = open();
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel);
    try {
      for await (const message of call as AsyncIterable<W>) yield map(message);
    } catch (e) {
      if (signal?.aborted) return;
      throw fromGrpcError(e, this.node.name);
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  async history(service: string) {
    return historyFromWire(await this.call(this.client.getHistory, { service }));
  }
  async rollback(input: { service: string; to?: number }) {
    return rollbackFromWire(await this.call(this.client.rollback, { service: input.service, to: input.to ?? 0 }, this.options.mutationTimeoutMs));
  }
  async setSecret(input: { service: string; name: string; value: Uint8Array }) {
    const answer = await this.call(this.client.setSecret, { service: input.service, name: input.name, value: Buffer.from(input.value) }, this.options.mutationTimeoutMs);
    if (!answer.secret) throw new DomainError(ErrorCode.Internal, `node ${this.node.name}: SetSecret answered without the secret`);
    return secretFromWire(answer.secret);
  }
  async listSecrets(service: string) {
    return (await this.call(this.client.listSecrets, { service })).secrets.map(secretFromWire);
  }
  async removeSecret(input: { service: string; name: string }) {
    await this.call(this.client.removeSecret, input, this.options.mutationTimeoutMs);
  }
  close(): void {
    this.client.close();
  }
}
