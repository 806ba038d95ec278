import { type ChannelCredentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath } from 'grpc-health-check';
import { loadPackageDefinition } from '@grpc/grpc-js';

type HealthCtor = new (address: string, creds: ChannelCredentials) => Client & {
  check(req: { service: string }, cb: (e: ServiceError | null, r: { status: string }) => void): void;
};

/** A plain grpc.health.v1 client, as a load balancer or `grpc_health_probe` would be. */
export class HealthClient {
  private readonly client: InstanceType<HealthCtor>;
  constructor(address: string, creds: ChannelCredentials) {
    const pkg = loadPackageDefinition(loadSync(protoPath, { enums: String })) as unknown as { grpc: { health: { v1: { Health: HealthCtor } } } };
    this.client = new pkg.grpc.health.v1.Health(address, creds);
  }
  check(service: string): Promise<string> {
    return new Promise((resolve, reject) => this.client.check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))));
  }
  close(): void {
    this.client.close();
  }
}
