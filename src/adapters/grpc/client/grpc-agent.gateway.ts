import { type CallOptions, type ClientReadableStream, type ClientUnaryCall, Metadata, type ServiceError, connectivityState, credentials, status } from '@grpc/grpc-js';
import type { AgentGateway, EventsRequest, LogsRequest } from '../../../application/operator/ports/agent-gateway.port';
import type { ServiceLogLine } from '../../../application/shared/results/log-line';
import type { SecretRef } from '../../../application/shared/results/service-view';
import type { EventsBatch } from '../../../application/shared/results/events-batch';
import type { DeployStepListener } from '../../../application/shared/results/deploy-step';
import type { ServiceOutcome } from '../../../application/shared/results/component-outcome';
import { deployStepFromWire } from '../mapping/deploy-step.mapping';
import type * as pb from '../generated/mcp/v1/mcp';
import type { StoredFile } from '../../../application/shared/results/stored-file';
import type { ServiceSpec } from '../../../domain/service/service-spec';
import { AgentServiceClient } from '../generated/mcp/v1/mcp';
import { DomainError, ErrorCode } from '../../../domain/errors/domain-error';
import { isTransportSizeLimit } from '../mapping/error-status.mapping';
import { eventsBatchFromWire, logLinesFromWire } from '../mapping/observe.mapping';
import { specToWire } from '../mapping/spec.mapping';
import { tlsChannel } from './tls-channel';
import { whoAmIFromWire } from '../mapping/who-am-i.mapping';
import { historyFromWire, rollbackFromWire } from '../mapping/revisions.mapping';
import { secretFromWire } from '../mapping/secrets.mapping';
import { liveCheckFromWire, nodeViewFromWire, outcomeFromWire, statusFromWire, syncFromWire } from '../mapping/views.mapping';
import { FirstAnswer } from './first-answer';
import { nodeFailure, timedOut } from './node-failure';
import { TrackedTls } from './tracked-tls';

export interface GrpcGatewayOptions {
  readonly caCert: Buffer;
  readonly token: string;
  /**
   * node_timeout: connect + TLS + the first answer of every call. The first
   * answer of a read is its whole answer; of a stream (logs, events), its
   * headers (sent once the agent admitted the call) or first message; of a
   * mutation, the connection being up (TLS done: the agent is alive and has
   * the request).
   */
  readonly timeoutMs: number;
  /** How long an accepted mutation may run in all (a deploy pulls images and waits out its gate). */
  readonly mutationTimeoutMs: number;
  readonly maxMessageBytes: number;
}

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => ClientUnaryCall;

/** A read's first answer is its answer; a mutation is accepted once the connection is up. */
type CallKind = 'read' | 'mutation';

/**
 * The agent over TLS with a bearer token; wire types never leave this file.
 * Every call is bounded by node_timeout until its first answer (see
 * GrpcGatewayOptions.timeoutMs), and close() ends every socket, a TLS
 * handshake the node never answers included (see TrackedTls).
 */
export class GrpcAgentGateway implements AgentGateway {
  private readonly client: AgentServiceClient;
  private readonly tls: TrackedTls;

  constructor(private readonly node: { name: string; address: string }, private readonly options: GrpcGatewayOptions) {
    const bearer = credentials.createFromMetadataGenerator((_params, callback) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${options.token}`);
      callback(null, metadata);
    });
    const tls = tlsChannel(node, options.caCert);
    this.tls = new TrackedTls(tls.credentials);
    this.client = new AgentServiceClient(node.address, credentials.combineChannelCredentials(this.tls, bearer), {
      ...tls.options,
      // Its own subchannels, which close() ends, instead of grpc-js's process-wide pool.
      'grpc.use_local_subchannel_pool': 1,
      // No channelz bookkeeping per channel, socket and call: nothing here reads it.
      'grpc.enable_channelz': 0,
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
    });
  }

  /** `tooLarge` words gRPC's own size refusal the way the agent words its limit. */
  private call<Req, Res>(method: Unary<Req, Res>, request: Req, kind: CallKind, tooLarge?: () => string): Promise<Res> {
    return new Promise((resolve, reject) => {
      // The timer fires on a later turn, when `call` is set.
      const first = new FirstAnswer(this.options.timeoutMs, () => call.cancel());
      const call = method.call(this.client, request, new Metadata(), { deadline: this.deadline() }, (error, response) => {
        first.accept();
        if (first.expired) return reject(this.timedOut());
        if (!error) return resolve(response);
        if (tooLarge && isTransportSizeLimit(error)) return reject(new DomainError(ErrorCode.FileTooLarge, `node ${this.node.name}: ${tooLarge()}`));
        reject(this.failure(error));
      });
      if (kind === 'mutation') this.whenConnected(() => first.accept());
    });
  }

  /** A backstop only: node_timeout (FirstAnswer) ends a read, or a call never accepted, long before. */
  private deadline(): number {
    return Date.now() + Math.max(this.options.timeoutMs, this.options.mutationTimeoutMs);
  }

  /** Calls `connected` once the channel is READY: TCP, TLS and HTTP/2 are up, so the agent has the request. */
  private whenConnected(connected: () => void): void {
    const channel = this.client.getChannel();
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state === connectivityState.READY) return connected();
      if (state === connectivityState.SHUTDOWN) return;
      channel.watchConnectivityState(state, Infinity, check);
    };
    check();
  }

  private timedOut(): DomainError {
    return timedOut(this.node.name, this.options.timeoutMs, this.tls.progress);
  }

  private failure(e: unknown): DomainError {
    return nodeFailure(e, this.node.name, this.node.address, this.tls.tlsError);
  }

  async deploy(input: { spec?: ServiceSpec; serviceName?: string; component?: string }, onStep?: DeployStepListener) {
    const request = { spec: input.spec ? specToWire(input.spec) : undefined, serviceName: input.serviceName ?? '', component: input.component ?? '' };
    const watched = await this.watchDeploy(request, onStep ?? (() => undefined));
    // An agent from before DeployWatch: the same deploy, without live steps.
    return watched ?? outcomeFromWire(await this.call(this.client.deploy, request, 'mutation'));
  }

  /**
   * DeployWatch: steps as they come, then exactly one result; undefined when
   * the agent does not know the RPC. Accepted (node_timeout stops) on the
   * connection, the agent's headers or a first step, whichever comes first.
   */
  private watchDeploy(request: pb.DeployWatchRequest, onStep: DeployStepListener): Promise<ServiceOutcome | undefined> {
    return new Promise((resolve, reject) => {
      const stream = this.client.deployWatch(request, new Metadata(), { deadline: this.deadline() });
      const first = new FirstAnswer(this.options.timeoutMs, () => stream.cancel());
      this.whenConnected(() => first.accept());
      stream.once('metadata', () => first.accept());
      let result: pb.DeployResponse | undefined;
      stream.on('data', (m: pb.DeployWatchResponse) => {
        first.accept();
        if (m.step) onStep(deployStepFromWire(m.step));
        if (m.result) result = m.result;
      });
      stream.on('error', (error: ServiceError) => {
        first.accept();
        if (first.expired) return reject(this.timedOut());
        if (error.code === status.UNIMPLEMENTED) return resolve(undefined);
        reject(this.failure(error));
      });
      stream.on('end', () => {
        first.accept();
        if (result) resolve(outcomeFromWire(result));
        else reject(this.failure(Object.assign(new Error('the agent ended the deploy stream without a result'), { code: status.INTERNAL })));
      });
    });
  }
  async stop(service: string) {
    return outcomeFromWire(await this.call(this.client.stopService, { service }, 'mutation'));
  }
  async start(service: string) {
    return outcomeFromWire(await this.call(this.client.startService, { service }, 'mutation'));
  }
  async restart(service: string) {
    return outcomeFromWire(await this.call(this.client.restartService, { service }, 'mutation'));
  }
  async list() {
    return nodeViewFromWire(await this.call(this.client.listServices, {}, 'read'));
  }
  async liveCheck(query: { secretRefs?: readonly SecretRef[] } = {}) {
    const secretRefs = (query.secretRefs ?? []).map((r) => ({ service: r.service, name: r.name }));
    return liveCheckFromWire(await this.call(this.client.liveCheck, { secretRefs }, 'read'));
  }
  async status(input: { service?: string; eventLimit?: number }) {
    return statusFromWire(await this.call(this.client.getServiceStatus, { service: input.service ?? '', eventLimit: input.eventLimit ?? 0 }, 'read'));
  }
  async sync(specs: readonly ServiceSpec[]) {
    return syncFromWire(await this.call(this.client.syncDesiredState, { services: specs.map(specToWire) }, 'mutation'));
  }
  async adopt(service: string) {
    return outcomeFromWire(await this.call(this.client.adoptContainer, { service }, 'mutation'));
  }
  async push(input: { service: string; path: string; content: Uint8Array; mode: number }) {
    const request = { service: input.service, path: input.path, content: Buffer.from(input.content), mode: input.mode };
    const tooLarge = () => `file ${input.path} is ${input.content.byteLength} bytes, over the node's limit ([agent] max_file_size)`;
    const r = await this.call(this.client.pushFile, request, 'mutation', tooLarge);
    return { path: r.path, size: r.size };
  }
  async pull(input: { service: string; path: string }): Promise<StoredFile> {
    // A file of up to 64 MiB may take longer than node_timeout to arrive: bounded like a mutation.
    const r = await this.call(this.client.pullFile, input, 'mutation');
    return { content: r.content, mode: r.mode };
  }
  logs(request: LogsRequest, signal?: AbortSignal): AsyncIterable<readonly ServiceLogLine[]> {
    const wire = { service: request.service, component: request.component ?? '', since: request.since, follow: request.follow, batched: true, ...(request.tail !== undefined ? { tail: request.tail } : {}) };
    return this.stream(() => this.client.streamLogs(wire, new Metadata()), logLinesFromWire, signal);
  }

  events(request: EventsRequest, signal?: AbortSignal): AsyncIterable<EventsBatch> {
    const wire = { service: request.service ?? '', since: request.since, follow: request.follow };
    return this.stream(() => this.client.streamEvents(wire, new Metadata()), eventsBatchFromWire, signal);
  }

  /**
   * No deadline: a followed stream lasts as long as the operator wants;
   * cancelling is `signal`'s job. Only its first answer (headers or a first
   * message) is bounded by node_timeout.
   */
  private async *stream<W, T>(open: () => ClientReadableStream<W>, map: (w: W) => T, signal?: AbortSignal): AsyncGenerator<T> {
    if (signal?.aborted) return;
    const call = open();
    const first = new FirstAnswer(this.options.timeoutMs, () => call.cancel());
    call.once('metadata', () => first.accept());
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel);
    try {
      for await (const message of call as AsyncIterable<W>) {
        first.accept();
        yield map(message);
      }
    } catch (e) {
      if (first.expired) throw this.timedOut();
      if (signal?.aborted) return;
      throw this.failure(e);
    } finally {
      first.accept();
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  async history(service: string) {
    return historyFromWire(await this.call(this.client.getHistory, { service }, 'read'));
  }
  async rollback(input: { service: string; to?: number }) {
    return rollbackFromWire(await this.call(this.client.rollback, { service: input.service, to: input.to ?? 0 }, 'mutation'));
  }
  async whoami() {
    return whoAmIFromWire(await this.call(this.client.whoAmI, {}, 'read'), this.node.name);
  }
  async setSecret(input: { service: string; name: string; value: Uint8Array }) {
    const answer = await this.call(this.client.setSecret, { service: input.service, name: input.name, value: Buffer.from(input.value) }, 'mutation');
    if (!answer.secret) throw new DomainError(ErrorCode.Internal, `node ${this.node.name}: SetSecret answered without the secret`);
    return secretFromWire(answer.secret);
  }
  async listSecrets(service: string) {
    return (await this.call(this.client.listSecrets, { service }, 'read')).secrets.map(secretFromWire);
  }
  async removeSecret(input: { service: string; name: string }) {
    await this.call(this.client.removeSecret, input, 'mutation');
  }
  close(): void {
    this.client.close();
    this.tls.destroy();
  }
}
