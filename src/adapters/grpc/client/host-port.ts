/** `host:port`, `[v6]:port` or a bare host → its host part, brackets removed. */
export function splitHostPort(address: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1]!, ...(bracketed[2] !== undefined ? { port: bracketed[2] } : {}) };
  const colons = address.split(':').length - 1;
  if (colons === 1) {
    const i = address.lastIndexOf(':');
    return { host: address.slice(0, i), port: address.slice(i + 1) };
  }
  return { host: address };
}
