import type { EventRow } from '../live-messages';
import type { LiveState } from './live-store';
import { navigate } from './router';

const KINDS = ['transition', 'health', 'deploy'] as const;

export function EventList(props: { events: readonly EventRow[]; limit?: number }) {
  const shown = [...props.events].reverse().slice(0, props.limit ?? 300);
  if (shown.length === 0) return <p class="muted">no events</p>;
  return (
    <ol class="events" aria-live="polite">
      {shown.map((e, i) => (
        <li key={`${e.node}-${e.at}-${i}`} data-kind={e.kind}>
          <time datetime={e.at}>{new Date(e.at).toLocaleTimeString()}</time> <strong>{e.node}</strong> {e.component ? `${e.service}/${e.component}` : e.service} <em>{e.kind}</em> {e.detail}
        </li>
      ))}
    </ol>
  );
}

function FilterSelect(props: { name: string; value: string; options: readonly string[]; set: (name: string, value: string) => void }) {
  return (
    <label>
      {props.name}{' '}
      <select value={props.value} onChange={(e) => props.set(props.name, e.currentTarget.value)}>
        <option value="">all</option>
        {props.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

/** Live events of every node; the filters are in the URL, so a filtered view is a bookmark. */
export function EventsPage(props: { live: LiveState; url: URL }) {
  const q = props.url.searchParams;
  const node = q.get('node') ?? '';
  const service = q.get('service') ?? '';
  const kind = q.get('kind') ?? '';
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(q);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/events${next.toString() ? `?${next.toString()}` : ''}`, true);
  };
  const services = [...new Set(props.live.events.map((e) => e.service))].sort();
  const events = props.live.events.filter((e) => (!node || e.node === node) && (!service || e.service === service) && (!kind || e.kind === kind));
  return (
    <div>
      <h1>Events</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect name="node" value={node} options={props.live.nodes.map((n) => n.node)} set={set} />
        <FilterSelect name="service" value={service} options={services} set={set} />
        <FilterSelect name="kind" value={kind} options={KINDS} set={set} />
      </form>
      <EventList events={events} />
    </div>
  );
}
