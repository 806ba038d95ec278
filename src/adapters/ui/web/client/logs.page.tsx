import { useEffect, useRef, useState } from 'preact/hooks';
import type { ErrorBody, LogLineRow } from '../live-messages';
import { navigate } from './router';
import { ErrorLine } from './status';

const KEEP = 2000;

/** `mcp logs [-f] [--tail N] <service>[/<component>]` in a page: the options are the URL, Pause holds the screen (lines wait). */
export function LogsPage(props: { target: string; url: URL }) {
  const q = props.url.searchParams;
  const tail = q.get('tail') ?? '100';
  const follow = q.get('follow') !== '0';
  const [lines, setLines] = useState<readonly LogLineRow[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [paused, setPaused] = useState(false);
  const waiting = useRef<LogLineRow[]>([]);
  const pausedRef = useRef(false);
  pausedRef.current = paused;

  useEffect(() => {
    setLines([]);
    setError(undefined);
    waiting.current = [];
    const source = new EventSource(`/api/logs?target=${encodeURIComponent(props.target)}&tail=${encodeURIComponent(tail)}&follow=${follow ? '1' : '0'}`);
    source.addEventListener('line', (e) => {
      const row = JSON.parse((e as MessageEvent<string>).data) as LogLineRow;
      if (pausedRef.current) waiting.current.push(row);
      else setLines((l) => [...l, row].slice(-KEEP));
    });
    source.addEventListener('failure', (e) => {
      setError((JSON.parse((e as MessageEvent<string>).data) as ErrorBody).error);
      source.close();
    });
    source.addEventListener('end', () => source.close());
    return () => source.close();
  }, [props.target, tail, follow]);

  // The ref at once: a line that arrives before the next draw is held too.
  const pause = () => {
    pausedRef.current = true;
    setPaused(true);
  };
  const resume = () => {
    pausedRef.current = false;
    setLines((l) => [...l, ...waiting.current].slice(-KEEP));
    waiting.current = [];
    setPaused(false);
  };
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(q);
    next.set(name, value);
    navigate(`/logs/${encodeURIComponent(props.target)}?${next.toString()}`, true);
  };
  return (
    <div>
      <h1>Logs of {props.target}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          tail{' '}
          <input type="number" min="0" value={tail} size={5} onChange={(e) => set('tail', e.currentTarget.value)} />
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => set('follow', e.currentTarget.checked ? '1' : '0')} /> follow
        </label>
        {follow ? (
          <button type="button" aria-pressed={paused} onClick={() => (paused ? resume() : pause())}>
            {paused ? `Resume (${waiting.current.length} waiting)` : 'Pause'}
          </button>
        ) : null}
      </form>
      <ErrorLine error={error} />
      <pre class="log" data-testid="log" aria-live="off">
        {lines.map((l) => `${l.stream === 'stderr' ? '! ' : ''}[${l.component}] ${l.line}\n`).join('')}
      </pre>
    </div>
  );
}
