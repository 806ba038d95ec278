import { memo } from 'preact/compat';
import type { LiveState } from './live-store';
import { Link } from './router';
import { NodeBadge, Rows, StateCells } from './status';

/** Every node and service at once; a node that does not answer says so, the others stay live. Drawn again only when a node changed. */
export const OverviewPage = memo(function OverviewPage(props: { nodes: LiveState['nodes'] }) {
  const { nodes } = props;
  if (nodes.length === 0) return <p>No nodes in the CLI config: run <code>mcp node add &lt;name&gt; &lt;address&gt;</code>.</p>;
  return (
    <div>
      <h1>Overview</h1>
      {nodes.map((n) => (
        <section class="node" key={n.node} data-node={n.node} aria-labelledby={`node-${n.node}`}>
          <h2 id={`node-${n.node}`}>
            {n.node} <NodeBadge node={n} />
          </h2>
          {n.services.length === 0 ? (
            <p class="muted">{n.reachable ? 'no services' : 'nothing known yet'}</p>
          ) : (
            <Rows columns={['service / component', 'desired', 'observed', 'health', 'version']}>
              {n.services.flatMap((s) =>
                s.components.map((c) => (
                  <tr key={`${s.name}/${c.name}`} data-row={`${s.name}/${c.name}`} class={c.drift ? 'drift' : ''}>
                    <td data-label="service">
                      <Link href={`/service/${encodeURIComponent(s.name)}`}>{s.name}</Link>/{c.name}
                      {!n.reachable ? <span class="muted"> (last known)</span> : null}
                    </td>
                    <td data-label="desired">{c.desired}</td>
                    <StateCells c={c} />
                    <td data-label="version">{c.version || c.image}</td>
                  </tr>
                )),
              )}
            </Rows>
          )}
        </section>
      ))}
    </div>
  );
});
