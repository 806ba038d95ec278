import type { NodeDirectory, NodeEntry } from '../../../application/operator/ports/operator.ports';
import { addNode, removeNode } from '../../config/toml/node-list.editor';

/** The `[[nodes]]` of the loaded CLI config; add/remove edit that file in place (comments kept). */
export class TomlNodeDirectory implements NodeDirectory {
  private nodes: readonly NodeEntry[];

  constructor(readonly where: string, nodes: readonly NodeEntry[]) {
    this.nodes = nodes;
  }

  async list(): Promise<readonly NodeEntry[]> {
    return this.nodes;
  }

  async add(node: NodeEntry): Promise<void> {
    await addNode(this.where, node.name, node.address);
    this.nodes = [...this.nodes, node];
  }

  async remove(name: string): Promise<void> {
    await removeNode(this.where, name);
    this.nodes = this.nodes.filter((n) => n.name !== name);
  }
}
