import { useEffect, useState } from 'preact/hooks';
import { type ActionRow, type HistoryRow, mayChange } from '../live-messages';
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
            <li key={r.component} data-result={r.ok ? 'ok' : r.restored ? 'restored' : 'failed'}>
              {r.component}: {r.ok ? '✓ ok' : r.restored ? '↺ restored (back as it was)' : `✗ FAILED${r.error ? `: ${r.error}` : ''}`}
              {r.logTail && r.logTail.length > 0 ? <pre class="log">{r.logTail.join('\n')}</pre> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {a.message ? <p class={a.state === 'failed' ? 'error' : ''}>{a.state === 'failed' && a.results.length === 0 ? `mcp: ${a.message}` : a.message}</p> : null}
    </section>
  );
}

/** One service: its components, what a deploy would change, its history, and the actions its token's role allows. */
export function ServicePage(props: { live: LiveState; name: string }) {
  const { name, live } = props;
  const node = live.nodes.find((n) => n.services.some((s) => s.name === name));
  const service = node?.services.find((s) => s.name === name);
  const role = node?.role ?? 'viewer';
  const canChange = node !== undefined && mayChange(role);
  const [history, setHistory] = useState<History | undefined>();
  const [plan, setPlan] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState<Pending | undefined>();
  const actions = live.actions.filter((a) => a.service === name);
  const latest = actions.at(-1);
  const finished = actions.filter((a) => a.state !== 'running').length;

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
      {node ? (
        <p>
          on <strong>{node.node}</strong> <NodeBadge node={node} /> · your role: {role}
        </p>
      ) : (
        <p class="muted">no node holds {name} (yet): a deploy of its definition file creates it.</p>
      )}
      <ErrorLine error={error} />
      {canChange || node === undefined ? (
        <div class="buttons" role="group" aria-label="actions">
          <button type="button" disabled={busy} onClick={() => ask(`deploy ${name}`, 'deploy')}>
            Deploy
          </button>
          {node ? (
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
      ) : (
        <p class="muted">read only: your token is a {role} on {node.node}</p>
      )}
      {pending ? (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <p>Really {pending.label}?</p>
          <button type="button" class="primary" autoFocus onClick={() => void run(pending)}>
            Yes, {pending.label}
          </button>
          <button type="button" onClick={() => setPending(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
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
