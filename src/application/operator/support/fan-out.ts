import { DomainError, ErrorCode, messageOf } from '../../../domain/errors/domain-error';
import type { AgentGateway, AgentGatewayFactory } from '../ports/agent-gateway.port';
import type { NodeEntry } from '../ports/operator.ports';

/** One node's answer, or why there is none: a dead node never hides the others. */
export type NodeResult<T> =
  | { readonly node: string; readonly ok: true; readonly value: T }
  | { readonly node: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export function asDomainError(e: unknown): DomainError {
  return e instanceof DomainError ? e : new DomainError(ErrorCode.Internal, messageOf(e));
}

/** Opens a gateway for one call and always closes it. */
export async function withGateway<T>(factory: AgentGatewayFactory, node: NodeEntry, use: (g: AgentGateway) => Promise<T>): Promise<T> {
  const gateway = await factory.open(node);
  try {
    return await use(gateway);
  } finally {
    gateway.close();
  }
}

/**
 * The one way every multi-node command asks its nodes: at most
 * `factory.parallel` at a time, each node's answer or failure in its own
 * row, rows in config order. `ask` owns whatever it opens for a node;
 * fanOut (below) is the usual case, one gateway per node, closed after.
 * A node that hangs costs at most the node time-out: the gateways the
 * factory opens bound every call (see AgentGatewayFactory).
 */
export async function askNodes<T>(factory: AgentGatewayFactory, nodes: readonly NodeEntry[], ask: (node: NodeEntry) => Promise<T>): Promise<NodeResult<T>[]> {
  await factory.prepare();
  const rows = new Array<NodeResult<T>>(nodes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < nodes.length) {
      const i = next++;
      rows[i] = await askOne(nodes[i]!, ask);
    }
  };
  const workers = Math.max(1, Math.min(factory.parallel, nodes.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return rows;
}

async function askOne<T>(node: NodeEntry, ask: (node: NodeEntry) => Promise<T>): Promise<NodeResult<T>> {
  try {
    return { node: node.name, ok: true, value: await ask(node) };
  } catch (e) {
    const err = asDomainError(e);
    return { node: node.name, ok: false, error: { code: err.code, message: err.message } };
  }
}

/** askNodes with one gateway per node, closed as soon as `ask` is done with it. */
export function fanOut<T>(factory: AgentGatewayFactory, nodes: readonly NodeEntry[], ask: (g: AgentGateway, node: NodeEntry) => Promise<T>): Promise<NodeResult<T>[]> {
  return askNodes(factory, nodes, (node) => withGateway(factory, node, (g) => ask(g, node)));
}

export function failedRows<T>(rows: readonly NodeResult<T>[]): Array<Extract<NodeResult<T>, { ok: false }>> {
  return rows.filter((r): r is Extract<NodeResult<T>, { ok: false }> => !r.ok);
}
