import type { experimental } from '@grpc/grpc-js';
import type { Socket } from 'node:net';
import { WrappedTls } from './wrapped-tls';

/** How far the last connection attempt to a node got: words for a call that timed out or failed. */
export type ConnectionProgress = 'connecting' | 'tls' | 'connected';

/**
 * TLS credentials that keep hold of the sockets grpc-js opens with them.
 *
 * grpc-js never gives up a TLS handshake the peer does not answer: closing
 * the channel leaves that socket open (and the process alive) until the
 * peer closes it, which a wedged node or a black-holing firewall never does.
 * These credentials hand grpc-js the connector of the credentials they
 * wrap (tls-channel's, which checks the agent's certificate) unchanged, but see
 * every TCP socket it is given, so `destroy()` can end them all when the
 * gateway closes; and they remember how far the last attempt got and why
 * the handshake failed, so errors can say "TLS: <why>" instead of grpc-js's
 * internal wording.
 */
export class TrackedTls extends WrappedTls {
  private readonly sockets = new Set<Socket>();
  private destroyed = false;
  progress: ConnectionProgress = 'connecting';
  /** Why the last TLS handshake failed (certificate, protocol…), if it did. */
  tlsError: Error | undefined;

  protected async connectThrough(inner: experimental.SecureConnector, socket: Socket): Promise<experimental.SecureConnectResult> {
    if (this.destroyed) {
      socket.destroy();
      throw new Error('the gateway is closed');
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.progress = 'tls';
    try {
      const secured = await inner.connect(socket);
      this.progress = 'connected';
      this.tlsError = undefined;
      return secured;
    } catch (e) {
      this.tlsError = e instanceof Error ? e : new Error(String(e));
      throw e;
    }
  }

  /** Ends every socket, finished handshake or not; later attempts are refused. */
  destroy(): void {
    this.destroyed = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
