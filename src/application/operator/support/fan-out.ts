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

/** Asks every node at once; each answer or failure lands in its own row, in config order. */
export async function fanOut<T>(factory: AgentGatewayFactory, nodes: readonly NodeEntry[], ask: (g: AgentGateway, node: NodeEntry) => Promise<T>): Promise<NodeResult<T>[]> {
  await factory.prepare();
  return Promise.all(
    nodes.map(async (node): Promise<NodeResult<T>> => {
      try {
        return { node: node.name, ok: true, value: await withGateway(factory, node, (g) => ask(g, node)) };
      } catch (e) {
        const err = asDomainError(e);
        return { node: node.name, ok: false, error: { code: err.code, message: err.message } };
      }
    }),
  );
}

export function failedRows<T>(rows: readonly NodeResult<T>[]): Array<Extract<NodeResult<T>, { ok: false }>> {
  return rows.filter((r): r is Extract<NodeResult<T>, { ok: false }> => !r.ok);
}
