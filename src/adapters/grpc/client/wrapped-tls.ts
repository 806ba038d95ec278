import { type CallCredentials, type ChannelOptions, ChannelCredentials, type experimental } from '@grpc/grpc-js';
import type { Socket } from 'node:net';

/**
 * Channel credentials that hand grpc-js another's TLS connector with a step
 * of their own around its `connect` (grpc-js's one seam between the TCP
 * socket and the HTTP/2 session that will carry the bearer token).
 */
export abstract class WrappedTls extends ChannelCredentials {
  constructor(private readonly inner: ChannelCredentials) {
    super();
  }

  _isSecure(): boolean {
    return true;
  }

  /** Never shared: each gateway owns its subchannels and can end them. */
  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(target: experimental.GrpcUri, options: ChannelOptions, callCredentials?: CallCredentials): experimental.SecureConnector {
    const inner = this.inner._createSecureConnector(target, options, callCredentials);
    return {
      connect: (socket) => this.connectThrough(inner, socket),
      waitForReady: () => inner.waitForReady(),
      getCallCredentials: () => inner.getCallCredentials(),
      destroy: () => inner.destroy(),
    };
  }

  /** `inner.connect(socket)`, with whatever these credentials add before or after it. */
  protected abstract connectThrough(inner: experimental.SecureConnector, socket: Socket): Promise<experimental.SecureConnectResult>;
}
