import type { LiveState } from './live-store';
import { NodeBadge, Rows } from './status';

export function NodesPage(props: { live: LiveState }) {
  return (
    <div>
      <h1>Nodes</h1>
      <Rows columns={['node', 'state', 'agent', 'services', 'your role', 'last answer']}>
        {props.live.nodes.map((n) => (
          <tr key={n.node} data-node={n.node}>
            <td data-label="node">{n.node}</td>
            <td data-label="state">
              <NodeBadge node={n} />
            </td>
            <td data-label="agent">{n.agentVersion ?? '—'}</td>
            <td data-label="services">{n.services.length}</td>
            <td data-label="role">{n.role ?? (n.reachable ? '—' : 'not known (no answer yet)')}</td>
            <td data-label="last answer">{new Date(n.at).toLocaleTimeString()}</td>
          </tr>
        ))}
      </Rows>
    </div>
  );
}
