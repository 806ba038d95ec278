import { useEffect, useRef, useState } from 'preact/hooks';
import { type ActionRow, type HistoryRow, changeRight } from '../live-messages';
import { getJson, postJson } from './api';
import { EventList } from './events.page';
import type { LiveState } from './live-store';
import { Link } from './router';
import { ErrorLine, NodeBadge, Rows, StateCells } from './status';

interface History {
  readonly node: string;
  readonly current: number | null;
  readonly revisions: readonly HistoryRow[];
}

/** An action asked for, waiting for "yes": nothing changes on one click. */
interface Pending {
  readonly label: string;
  readonly path: string;
  readonly body?: unknown;
}

function ActionPanel(props: { action: ActionRow }) {
  const a = props.action;
  const state = a.state === 'running' ? '… running' : a.state === 'ok' ? '✓ ok' : '✗ FAILED';
  return (
    <section class={`action ${a.state}`} aria-live="polite" data-testid="action" data-state={a.state}>
      <h3>
        {a.action} {a.node ? `on ${a.node}` : ''}: <span class="state">{state}</span>
      </h3>
      <ol class="steps">
        {a.steps.map((s, i) => (
          <li key={i} data-step={s.step}>
            {s.component}: {s.text}
          </li>
        ))}
      </ol>
      {a.results.length > 0 ? (
        <ul class="results">
          {a.results.map((r) => (
            <li key={r.component} data-result={r.ok ? 'ok' : r.error || !r.restored ? 'failed' : 'restored'}>
              {r.component}: {resultText(r)}
              {r.logTail && r.logTail.length > 0 ? <pre class="log">{r.logTail.join('\n')}</pre> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {a.message ? <p class={a.state === 'failed' ? 'error' : ''}>{a.state === 'failed' && a.results.length === 0 ? `mcp: ${a.message}` : a.message}</p> : null}
    </section>
  );
}

/** The failing component says why (and that it is back as it was); the others only that they were restored. */
function resultText(r: ActionRow['results'][number]): string {
  if (r.ok) return '✓ ok';
  if (r.error) return `✗ FAILED: ${r.error}${r.restored ? ' (restored: back as it was)' : ''}`;
  return r.restored ? '↺ restored (back as it was)' : '✗ FAILED';
}

/** "Really …?": takes the focus when it opens (Enter answers it), Escape or Cancel closes it. */
function Confirm(props: { pending: Pending; yes: () => void; cancel: () => void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    yes.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.cancel();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [props.pending]);
  return (
    <div class="confirm" role="alertdialog" aria-label="confirm">
      <p>Really {props.pending.label}?</p>
      <button type="button" class="primary" ref={yes} onClick={props.yes}>
        Yes, {props.pending.label}
      </button>
      <button type="button" onClick={props.cancel}>
        Cancel
      </button>
    </div>
  );
}

/** One service: its components, what a deploy would change, its history, and the actions its token's role allows. */
export function ServicePage(props: { live: LiveState; name: string }) {
  const { name, live } = props;
  const holder = live.nodes.find((n) => n.services.some((s) => s.name === name));
  // Not held yet: the node its definition file names (the server says which), as that node last said.
  const [definedOn, setDefinedOn] = useState<string | null | undefined>();
  const node = holder ?? live.nodes.find((n) => n.node === definedOn);
  const service = holder?.services.find((s) => s.name === name);
  const right = changeRight(node, name);
  const canChange = right.may === 'yes';
  const [history, setHistory] = useState<History | undefined>();
  const [plan, setPlan] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<Pending | undefined>();
  const actions = live.actions.filter((a) => a.service === name);
  const latest = actions.at(-1);
  const finished = actions.filter((a) => a.state !== 'running').length;

  useEffect(() => {
    if (holder === undefined) getJson<{ node: string | null }>(`/api/services/${encodeURIComponent(name)}/node`).then((w) => setDefinedOn(w.node), () => setDefinedOn(null));
  }, [name, holder === undefined]);

  useEffect(() => {
    // Again after each finished action: a deploy or rollback made a revision.
    getJson<History>(`/api/services/${encodeURIComponent(name)}/history`).then(setHistory, (e: Error) => setError(e.message));
    getJson<{ text: string }>(`/api/services/${encodeURIComponent(name)}/plan`).then((p) => setPlan(p.text), (e: Error) => setPlan(`mcp: ${e.message}`));
  }, [name, finished]);

  const run = async (p: Pending) => {
    setPending(undefined);
    setError(undefined);
    try {
      await postJson(p.path, p.body);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const ask = (label: string, verb: string, body?: unknown) => setPending({ label, path: `/api/services/${encodeURIComponent(name)}/${verb}`, ...(body !== undefined ? { body } : {}) });
  const busy = latest?.state === 'running';

  return (
    <div>
      <h1>{name}</h1>
      {holder ? (
        <p>
          on <strong>{holder.node}</strong> <NodeBadge node={holder} /> · your role: {holder.role ?? 'not known yet'}
        </p>
      ) : (
        <p class="muted">
          no node holds {name} (yet){node ? <>: a deploy of its definition file creates it on <strong>{node.node}</strong> <NodeBadge node={node} /></> : null}.
        </p>
      )}
      <ErrorLine error={error} />
      {canChange ? (
        <div class="buttons" role="group" aria-label="actions">
          <button type="button" disabled={busy} onClick={() => ask(`deploy ${name}`, 'deploy')}>
            Deploy
          </button>
          {holder ? (
            <>
              <button type="button" disabled={busy} onClick={() => ask(`restart ${name}`, 'restart')}>
                Restart
              </button>
              <button type="button" disabled={busy} onClick={() => ask(`stop ${name}`, 'stop')}>
                Stop
              </button>
              <button type="button" disabled={busy} onClick={() => ask(`start ${name}`, 'start')}>
                Start
              </button>
            </>
          ) : null}
          <Link href={`/logs/${encodeURIComponent(name)}`}>Logs</Link>
        </div>
      ) : holder === undefined && definedOn === undefined ? null : (
        <p class="muted" data-testid="read-only">
          {right.may === 'no' ? `read only: ${right.why}` : `no actions: ${right.why}`}
          {holder ? (
            <>
              {' · '}
              <Link href={`/logs/${encodeURIComponent(name)}`}>Logs</Link>
            </>
          ) : null}
        </p>
      )}
      {pending ? <Confirm pending={pending} yes={() => void run(pending)} cancel={() => setPending(undefined)} /> : null}
      {latest ? <ActionPanel action={latest} /> : null}
      {service ? (
        <section>
          <h2>Components</h2>
          <Rows columns={['component', 'observed', 'health', 'image']}>
            {service.components.map((c) => (
              <tr key={c.name} data-row={`${name}/${c.name}`}>
                <td data-label="component">
                  <Link href={`/logs/${encodeURIComponent(`${name}/${c.name}`)}`}>{c.name}</Link>
                </td>
                <StateCells c={c} />
                <td data-label="image">{c.image}</td>
              </tr>
            ))}
          </Rows>
        </section>
      ) : null}
      <section>
        <h2>Plan (its definition file against the node)</h2>
        <pre class="plan">{plan ?? '…'}</pre>
      </section>
      <section>
        <h2>History</h2>
        {history === undefined ? (
          <p class="muted">…</p>
        ) : (
          <ol class="history">
            {history.revisions.map((r, i) => (
              <li key={i} data-revision={r.revision ?? ''}>
                <strong>{r.revision !== undefined ? `revision ${r.revision}` : 'failed attempt'}</strong>
                {r.current ? ' (current)' : ''} · {new Date(r.at).toLocaleString()} · {r.outcome} · <span class="summary">{r.summary}</span>
                {canChange && r.revision !== undefined && !r.current ? (
                  <button type="button" disabled={busy} onClick={() => ask(`roll ${name} back to revision ${r.revision}`, 'rollback', { to: r.revision })}>
                    Roll back to {r.revision}
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section>
        <h2>Recent events</h2>
        <EventList events={live.events.filter((e) => e.service === name)} limit={30} />
      </section>
    </div>
  );
}
