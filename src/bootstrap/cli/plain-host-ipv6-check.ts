import net from 'node:net';

/**
 * grpc-js asks `net.isIPv6` about every address it dials, and Node compiles
 * its IPv6 pattern on the first call: 5–6 ms of every command that talks to
 * an agent. An IPv6 address always holds a ':', so a host without one is
 * answered without the pattern; every other string still goes to Node's own
 * check, so every answer stays what Node would give. Returns the undo.
 */
export function answerPlainHostsWithoutIpv6Pattern(): () => void {
  const nodeIsIPv6 = net.isIPv6;
  net.isIPv6 = (input: string): boolean => (typeof input !== 'string' || input.includes(':')) && nodeIsIPv6(input);
  return () => {
    net.isIPv6 = nodeIsIPv6;
  };
}
