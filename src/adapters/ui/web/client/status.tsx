import type { ComponentChildren } from 'preact';
import type { ComponentRow, NodeRow } from '../live-messages';

/** A state as a word and a symbol, the colour only repeating it (never colour alone). */
export function Observed(props: { c: ComponentRow }) {
  const { c } = props;
  if (c.drift) {
    return (
      <span class="badge bad" data-testid="drift">
        ⚠ DRIFT: desired {c.desired}, observed {c.observed}
      </span>
    );
  }
  return <span class={`badge ${c.observed === 'running' ? 'good' : 'neutral'}`}>{c.observed === 'running' ? '● ' : '○ '}{c.observed}</span>;
}

export function Health(props: { health: string }) {
  const symbol = props.health === 'healthy' ? '✓' : props.health === 'unhealthy' ? '✗' : props.health === 'starting' ? '…' : '–';
  const tone = props.health === 'healthy' ? 'good' : props.health === 'unhealthy' ? 'bad' : 'neutral';
  return (
    <span class={`badge ${tone}`}>
      {symbol} {props.health}
    </span>
  );
}

export function NodeBadge(props: { node: NodeRow }) {
  const n = props.node;
  return n.reachable ? (
    <span class="badge good">● reachable{n.latencyMs !== undefined ? ` (${n.latencyMs} ms)` : ''}</span>
  ) : (
    <span class="badge bad" data-testid="unreachable">
      ✗ UNREACHABLE: {n.error}
    </span>
  );
}

export function ErrorLine(props: { error: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      mcp: {props.error}
    </p>
  ) : null;
}

/** A table of rows whose cells carry `data-label`: under 640 px each row becomes a block of labelled lines. */
export function Rows(props: { columns: readonly string[]; children: ComponentChildren }) {
  return (
    <table class="rows">
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A component's observed state and health, as two cells of a row. */
export function StateCells(props: { c: ComponentRow }) {
  return (
    <>
      <td data-label="observed">
        <Observed c={props.c} />
      </td>
      <td data-label="health">
        <Health health={props.c.health} />
      </td>
    </>
  );
}
