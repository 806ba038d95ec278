import { useEffect, useState } from 'preact/hooks';
import type { ActionRow, EventRow, LiveMessage, NodeRow } from '../live-messages';

export interface LiveState {
  readonly connected: boolean;
  readonly nodes: readonly NodeRow[];
  readonly events: readonly EventRow[];
  readonly actions: readonly ActionRow[];
}

const MAX_EVENTS = 1000;
/** The snapshot the page came with: the stream's first one, when the same, only says the page is live (no redraw of every row). */
let firstText: string | undefined;
let state: LiveState = { connected: false, nodes: [], events: [], actions: [] };
const listeners = new Set<(s: LiveState) => void>();

function set(next: LiveState): void {
  state = next;
  for (const l of listeners) l(state);
}

function apply(m: LiveMessage): void {
  switch (m.type) {
    case 'snapshot':
      // A mark the bench reads: when the first state arrived, apart from when it was drawn.
      performance.mark('mcp:snapshot');
      set({ connected: true, nodes: m.nodes, events: m.events.slice(-MAX_EVENTS), actions: m.actions });
      return;
    case 'node':
      set({ ...state, nodes: state.nodes.some((n) => n.node === m.node.node) ? state.nodes.map((n) => (n.node === m.node.node ? m.node : n)) : [...state.nodes, m.node] });
      return;
    case 'event':
      set({ ...state, events: [...state.events, m.event].slice(-MAX_EVENTS) });
      return;
    case 'action':
      set({ ...state, actions: [...state.actions.filter((a) => a.id !== m.action.id), m.action] });
      return;
  }
}

/** One stream per page for everything live; the browser reconnects it by itself, and the snapshot it then gets replaces what we had. */
export function connectLive(): void {
  firstText = document.getElementById('snapshot')?.textContent ?? undefined;
  if (firstText) apply(JSON.parse(firstText) as LiveMessage);
  set({ ...state, connected: false });
  const source = new EventSource('/api/live');
  source.addEventListener('message', (e) => {
    const text = (e as MessageEvent<string>).data;
    if (text === firstText) set({ ...state, connected: true });
    else apply(JSON.parse(text) as LiveMessage);
    firstText = undefined;
  });
  source.addEventListener('error', () => set({ ...state, connected: false }));
}

export function useLive(): LiveState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    setS(state);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}
