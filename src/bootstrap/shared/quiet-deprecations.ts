/**
 * grpc-js sets the TLS servername to the node's address even when it is an
 * IP, and Node answers with a DEP0123 warning on every connection. Operators
 * read the CLI's output and jq reads the agent's JSON log: neither should
 * carry a library's deprecation notice.
 */
export function quietDeprecations(): void {
  process.noDeprecation = true;
}
