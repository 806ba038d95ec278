import net from 'node:net';

/**
 * grpc-js asks `net.isIPv6` about every address it dials, and `tls.connect`
 * asks `net.isIP` about the server name (the node's name): Node compiles its
 * IPv6 pattern on the first such question, 5–6 ms of every command that
 * talks to an agent. An IPv6 address always holds a ':', so a string without
 * one is answered without the pattern; anything else still goes to Node's
 * own check, so every answer stays what Node would give. Returns the undo.
 */
export function answerPlainHostsWithoutIpv6Pattern(): () => void {
  const { isIP, isIPv6 } = net;
  const plain = (input: unknown): boolean => typeof input === 'string' && !input.includes(':');
  net.isIPv6 = (input: string): boolean => !plain(input) && isIPv6(input);
  net.isIP = (input: string): number => (plain(input) ? (net.isIPv4(input) ? 4 : 0) : isIP(input));
  return () => {
    Object.assign(net, { isIP, isIPv6 });
  };
}
