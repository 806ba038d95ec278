import { render } from 'preact';
import './app.css';
import { EventsPage } from './events.page';
import { connectLive, useLive } from './live-store';
import { LogsPage } from './logs.page';
import { NodesPage } from './nodes.page';
import { OverviewPage } from './overview.page';
import { Link, useLocation } from './router';
import { ServicePage } from './service.page';

function Page(props: { url: URL }) {
  const live = useLive();
  const path = props.url.pathname;
  const service = /^\/service\/([^/]+)$/.exec(path);
  const logs = /^\/logs\/([^/]+)$/.exec(path);
  if (service) return <ServicePage live={live} name={decodeURIComponent(service[1]!)} />;
  if (logs) return <LogsPage target={decodeURIComponent(logs[1]!)} url={props.url} />;
  if (path === '/nodes') return <NodesPage live={live} />;
  if (path === '/events') return <EventsPage live={live} url={props.url} />;
  return <OverviewPage nodes={live.nodes} />;
}

function App() {
  const url = useLocation();
  const live = useLive();
  const nav: Array<[string, string]> = [
    ['/', 'Overview'],
    ['/events', 'Events'],
    ['/nodes', 'Nodes'],
  ];
  return (
    <>
      <header>
        <nav aria-label="pages">
          <strong class="brand">mcp</strong>
          {nav.map(([href, label]) => (
            <Link key={href} href={href} current={url.pathname === href}>
              {label}
            </Link>
          ))}
          <span class={`badge ${live.connected ? 'good' : 'bad'}`} data-testid="connection">
            {live.connected ? '● live' : '✗ reconnecting…'}
          </span>
        </nav>
      </header>
      <main>
        <Page url={url} />
      </main>
    </>
  );
}

connectLive();
const root = document.getElementById('app')!;
// preact draws beside what is there: the "loading…" placeholder goes first.
root.textContent = '';
render(<App />, root);
performance.mark('mcp:drawn');
