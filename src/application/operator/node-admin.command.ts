import { DomainError, ErrorCode } from '../../domain/errors/domain-error';
import { assertValidName } from '../../domain/names/name.value';
import type { NodeDirectory, NodeEntry } from './ports/operator.ports';

// host:port, host a name, IPv4 or [IPv6]; the port 1-65535.
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})$/;

export function assertAddress(address: string): string {
  const m = ADDRESS.exec(address);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) throw new DomainError(ErrorCode.InvalidArgument, `invalid node address ${JSON.stringify(address)}: use host:port, e.g. rift.example:9444`);
  return address;
}

/** `mcp node list|add|remove`: the `[[nodes]]` of the CLI config. */
export class NodeAdminCommand {
  constructor(private readonly nodes: NodeDirectory) {}

  list(): Promise<readonly NodeEntry[]> {
    return this.nodes.list();
  }

  async add(name: string, address: string): Promise<NodeEntry> {
    const node = { name: assertValidName('node', name), address: assertAddress(address) };
    if ((await this.nodes.list()).some((n) => n.name === node.name)) {
      throw new DomainError(ErrorCode.InvalidArgument, `node ${node.name} is already in ${this.nodes.where}; remove it first to change its address`);
    }
    await this.nodes.add(node);
    return node;
  }

  async remove(name: string): Promise<NodeEntry> {
    const wanted = assertValidName('node', name);
    const found = (await this.nodes.list()).find((n) => n.name === wanted);
    if (!found) throw new DomainError(ErrorCode.InvalidArgument, `node ${wanted} is not in ${this.nodes.where}`);
    await this.nodes.remove(wanted);
    return found;
  }
}
